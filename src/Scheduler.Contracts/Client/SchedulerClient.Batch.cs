using System.Diagnostics;
using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using StackExchange.Redis;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>Most schedules written in one pipelined round trip by <see cref="ScheduleManyAsync"/>.</summary>
    public const int MaxBatchSize = 1_000;

    /// <summary>
    /// Schedules many tasks at once: every item is validated first (nothing is stored when one is invalid), then the
    /// records are written in pipelined batches, Beat is notified once per batch and the "scheduled" events follow in
    /// the same pipeline. Each record is still created atomically (the same script as <see cref="ScheduleAsync(TaskDefinition, string, ScheduleOptions?, CancellationToken)"/>);
    /// the batch as a whole is not a transaction. Returns the tasks in the order given (for an id or idempotency key
    /// that already names a task, the existing task, or the id scheduled anew when its schedule had ended, as
    /// <see cref="ScheduleWithResultAsync(TaskDefinition, string, ScheduleOptions?, CancellationToken)"/> does).
    /// </summary>
    /// <exception cref="Scheduling.ScheduleSpecException">A spec is not understood.</exception>
    /// <exception cref="InvalidTaskException">A task or its options are not valid, or two items share an id or idempotency key.</exception>
    /// <exception cref="ScheduleConflictException">An item's id is held by a live task with another definition (the first such item; the others are stored).</exception>
    public async Task<IReadOnlyList<ScheduledTask>> ScheduleManyAsync(
        IReadOnlyList<(TaskDefinition Task, string Spec, ScheduleOptions? Options)> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var records = new ScheduledTask[items.Count];
        var now = NowToTheMillisecond();
        for (var i = 0; i < items.Count; i++)
        {
            var (task, spec, options) = items[i];
            if (task is null) throw new ArgumentNullException(nameof(items), $"item {i} of the batch has no task");
            // Which item was refused: in a batch of a thousand, the problem alone does not say.
            try { records[i] = BuildRecord(task, spec, options ?? new ScheduleOptions(), now); }
            catch (InvalidTaskException e) { throw new InvalidTaskException([.. e.Errors.Select(error => $"item {i} of the batch: {error}")]); }
            catch (Scheduling.ScheduleSpecException e) { throw new Scheduling.ScheduleSpecException($"item {i} of the batch: {e.Message}", e.Spec, e); }
        }
        var duplicate = records.GroupBy(r => r.Id).FirstOrDefault(g => g.Count() > 1)?.Key
            ?? records.Where(r => r.Options.IdempotencyKey is not null).GroupBy(r => r.Options.IdempotencyKey).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (duplicate is not null) throw new InvalidTaskException([$"\"{duplicate}\" is used by more than one item of the batch"]);
        if (records.Any(r => r.Options.Debounce is not null)) throw new InvalidTaskException(["debounce is not accepted in a batch; schedule debounced tasks one at a time"]);
        if (items.Any(i => i.Options?.Paused is not null)) throw new InvalidTaskException(["paused is not accepted in a batch; schedule tasks created paused one at a time"]);
        await VerifyOfferedAsync(items.Select(i => (i.Task, i.Options)), cancellationToken);
        if (AfterLinks(records) is { } links) await CheckTriggerCyclesAsync(records, links);

        var results = new ScheduledTask[records.Length];
        for (var start = 0; start < records.Length; start += MaxBatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(MaxBatchSize, records.Length - start);
            await WriteBatchAsync(new ArraySegment<ScheduledTask>(records, start, count), new ArraySegment<ScheduledTask>(results, start, count));
        }
        return results;
    }

    private ScheduledTask BuildRecord(TaskDefinition task, string spec, ScheduleOptions options, DateTimeOffset now)
    {
        var (schedule, firstDue) = Plan(task, spec, options, now);
        // Checked as given (a refusal names the value the caller wrote), stored as applied.
        options = options.AsStored();
        var trimmed = spec.Trim();
        return new ScheduledTask
        {
            Id = options.Id ?? TaskIds.New(),
            Name = options.Name ?? DefaultName(task, trimmed, schedule),
            Description = DescriptionOrNone(options.Description),
            Task = task,
            Spec = trimmed,
            Schedule = schedule,
            Status = ScheduleStatus.Scheduled,
            CreatedAt = now,
            CreatedBy = _options.Actor,
            NextRunAt = firstDue,
            Options = options,
        };
    }

    // A task scheduled without a name is called after its type and spec (cut at 200 characters, as names are).
    // An empty description is none: the record stores none as "" and reads it back as null, so the answer to the
    // write says what a later read will (CLI --description "", REST "description": "", the client alike).
    private static string? DescriptionOrNone(string? description) => string.IsNullOrEmpty(description) ? null : description;

    private static string DefaultName(TaskDefinition task, string spec, ParsedSchedule schedule)
    {
        var trimmed = spec.Trim();
        var said = schedule.Kind switch
        {
            // "in 5 minutes", "tomorrow": read long after, the words alone would name another time; the instant is kept beside them.
            ScheduleKind.Once when !IsoDateTime.LooksLike(trimmed.ToLowerInvariant()) && !trimmed.StartsWith("at:", StringComparison.OrdinalIgnoreCase) => $"{trimmed}, {schedule.Description}",
            // An RFC 5545 text (a structured schedule's too) is named in words: "every other week at 03:00 …".
            ScheduleKind.Rule when Scheduler.Contracts.Scheduling.Rules.RecurrenceRuleSpec.LooksLikeRule(trimmed) => schedule.Description,
            _ => trimmed,
        };
        var name = $"{task.TypeName}: {said}";
        return name[..Math.Min(200, name.Length)];
    }

    private async Task WriteBatchAsync(ArraySegment<ScheduledTask> records, ArraySegment<ScheduledTask> results)
    {
        var db = _store.Redis.GetDatabase();
        var keys = _store.Keys;
        var creates = await _store.CreateAllAsync([.. records.Select(r =>
            (r, Activity.Current?.Id, (RedisValue[]?)_audit.CreationArguments(_options.Actor, r.Id, r)))]);

        var created = new List<ScheduledTask>(records.Count);
        var rescheduled = new List<ScheduledTask>();
        var existing = new List<(int Index, string Id)>();
        ScheduleConflictException? conflict = null;
        for (var i = 0; i < records.Count; i++)
        {
            var reply = CreateReply.Parse((RedisResult[])creates[i]!);
            if (reply.IsConflict) conflict ??= reply.Conflict(records[i]);
            else if (reply.Outcome == ScheduleOutcome.Created) { results[i] = records[i]; created.Add(records[i]); }
            else
            {
                existing.Add((i, reply.Id));
                if (reply.Outcome == ScheduleOutcome.Rescheduled) { created.Add(records[i]); rescheduled.Add(records[i]); }
            }
        }
        foreach (var (index, id) in existing) results[index] = await _store.GetAsync(id) ?? records[index];
        if (created.Count > 0) await db.PublishAsync(RedisChannel.Literal(keys.ScheduleChanged), created[^1].Id);
        // Creations were audited by their create script; an ended id scheduled anew is recorded here, as one at a time.
        await Task.WhenAll(rescheduled.Select(r => RecordAuditAsync(AuditActions.Schedule, r.Id, null, r)));
        // After the wake-up and the audit: the batch stands on the primary whether or not the replicas acknowledge it.
        await _store.AcknowledgedAsync($"creation of {records.Count} task(s)");
        // The other items of the batch are stored: a batch is not a transaction.
        if (conflict is not null) throw conflict;
    }
}
