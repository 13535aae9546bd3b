using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Runtime.Storage;
using System.Diagnostics;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Beat.Hosting;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Telemetry;
using StackExchange.Redis;

namespace Scheduler.Beat.Firing;

/// <summary>
/// Fires one claimed occurrence: plans it, enqueues the Hangfire job, then advances the schedule. The run id is the
/// task id plus the due instant, so if this beat dies after enqueueing and another re-fires the occurrence, the
/// worker still runs it once. A round's occurrences are enqueued together by <see cref="DueRoundFirer"/>, which
/// uses the prepare and commit halves here.
/// </summary>
internal sealed partial class OccurrenceFirer(
    ScheduleStore store,
    EventStream events,
    IBackgroundJobClient jobs,
    QueueJump jump,
    IOptions<BeatOptions> options,
    Contracts.Audit.AuditRetention auditRetention,
    TimeProvider time,
    ILogger<OccurrenceFirer> logger)
{
    /// <summary>Fires the claimed occurrence of schedule <paramref name="id"/>, whose record was read after the claim, on its own.</summary>
    public async Task FireAsync(string id, HashEntry[] entries, long? scoreBefore = null)
    {
        if (await PrepareAsync(id, entries, scoreBefore) is { } fire) await EnqueueAndCommitAsync(fire);
    }

    /// <summary>
    /// Plans the claimed occurrence of schedule <paramref name="id"/> and returns it with its job when it fires. Anything
    /// else (a pause lifted, a vanished or unreadable record, an occurrence the plan does not fire) is settled here.
    /// </summary>
    /// <param name="scoreBefore">
    /// The occurrence's due-index score before this claim (Unix ms), if known: above its due, an earlier claim of it that
    /// lapsed (its Beat died, or Redis failed the fire), made at that score less the claim lease.
    /// </param>
    public async Task<PreparedFire?> PrepareAsync(string id, HashEntry[] entries, long? scoreBefore = null)
    {
        var fields = ScheduleRecord.Fields(entries);
        // A paused task is in the due index only when its pause has an end, scored by that end.
        if (fields.GetValueOrDefault(ScheduleRecord.Status) == ScheduleRecord.StatusText(ScheduleStatus.Paused) && await LiftPauseAsync(id, fields)) return null;
        if (fields.Count == 0 || !long.TryParse(fields.GetValueOrDefault(ScheduleRecord.NextRunAt), out var dueMs))
        {
            await store.RemoveDueAsync(id);
            return null;
        }
        ScheduledTask task;
        try
        {
            task = ScheduleRecord.FromFields(fields);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or ArgumentException or KeyNotFoundException)
        {
            LogUnreadable(id, e.Message);
            await store.CommitFireAsync(id, dueMs, null, ScheduleRecord.StatusText(ScheduleStatus.Failed), fired: false);
            return null;
        }
        var due = DateTimeOffset.FromUnixTimeMilliseconds(dueMs);
        DateTimeOffset? firstClaimed = scoreBefore is { } before && before > dueMs ? DateTimeOffset.FromUnixTimeMilliseconds(before) - options.Value.ClaimLease : null;
        // Only replays of missed occurrences in flight (runAll under skip): one due now follows them, not skipped by them.
        var behindReplays = task.Status == ScheduleStatus.Running && RunAllReplays.Apply(task)
            && fields.GetValueOrDefault(ScheduleRecord.InFlightRuns) is { Length: > 0 } listed
            && await store.OnlyReplaysAsync(ScheduleStore.ListedRuns(listed));
        var plan = FirePlanner.Plan(new FireInput(task.Schedule, task.Options, task.Status, due, time.GetUtcNow(),
                Count(fields, ScheduleRecord.FireCount), Count(fields, ScheduleRecord.QueuedRuns), firstClaimed, behindReplays),
            options.Value, Random.Shared.NextDouble);

        if (plan.Fire) return new PreparedFire(id, plan, Outgoing(task, $"{id}:{dueMs}", dueMs, fields.GetValueOrDefault(ScheduleRecord.TraceParent)));
        LogNotFired(id, plan.Reason);
        await store.CommitFireAsync(new FireCommit(id, dueMs, plan.Next, plan.FinalStatus is { } final ? ScheduleRecord.StatusText(final) : null,
            Fired: false, EndsAtMaxRuns: plan.EndsAtMaxRuns, NextBeyondMaxRuns: plan.NextBeyondMaxRuns, SkipReason: plan.Skipped ? plan.Reason : null,
            // A worker may have claimed the occurrence from an earlier fire's job: the commit then enters it as its fire.
            Replaceable: task.Options.Overlap == OverlapPolicy.CancelPrevious));
        return null;
    }

    /// <summary>Enqueues a prepared occurrence's job through Hangfire's client, on its own, then commits the fire.</summary>
    public async Task EnqueueAndCommitAsync(PreparedFire fire)
    {
        string? jobId;
        using (fire.Job)
        {
            jobId = jobs.Create(fire.Job.Job, new EnqueuedState(fire.Job.Queue));
            if (jobId is not null && fire.Job.Task.Options.Priority == Contracts.Flow.TaskPriority.High) jump.ToFront(fire.Job.Queue, jobId);
            Enqueued(fire.Job, jobId);
        }
        await CommitAsync(fire, jobId);
    }

    /// <summary>
    /// Commits prepared occurrences whose jobs are already in Hangfire (a null id: a client filter cancelled it) in one
    /// call: moves each high priority job to the front first, then advances the schedules. Returns, per fire, null or
    /// the error that left it uncommitted (its claim lapses and it is fired again).
    /// </summary>
    public async Task<string?[]> CommitEnqueuedAsync(IReadOnlyList<(PreparedFire Fire, string? JobId)> fires)
    {
        var errors = new string?[fires.Count];
        var jumps = new List<Task>();
        for (var i = 0; i < fires.Count; i++)
        {
            var (fire, jobId) = fires[i];
            using (fire.Job)
            {
                if (jobId is not null && fire.Job.Task.Options.Priority == Contracts.Flow.TaskPriority.High) jumps.Add(JumpAsync(i, fire.Job.Queue, jobId));
                Enqueued(fire.Job, jobId);
            }
        }
        await Task.WhenAll(jumps);
        // A fire whose job could not be moved to the front is left uncommitted, as it would be on its own.
        var committing = Enumerable.Range(0, fires.Count).Where(i => errors[i] is null).ToArray();
        var results = await store.CommitFiresAsync([.. committing.Select(i => Commit(fires[i].Fire, fires[i].JobId))]);
        for (var k = 0; k < committing.Length; k++) errors[committing[k]] = results[k];
        return errors;

        async Task JumpAsync(int i, string queue, string jobId)
        {
            try { await jump.ToFrontAsync(queue, jobId); }
            catch (Exception e) when (e is not OperationCanceledException) { errors[i] = e.Message; }
        }
    }

    // The job must exist before its id is written: a re-fire after a crash in between makes a second job for the same
    // run id, which the worker's claim of the run ledger runs once.
    private Task CommitAsync(PreparedFire fire, string? jobId) => store.CommitFireAsync(Commit(fire, jobId));

    private static FireCommit Commit(PreparedFire fire, string? jobId) =>
        new(fire.Id, fire.Job.DueMs, fire.Plan.Next, fire.Plan.FinalStatus is { } final ? ScheduleRecord.StatusText(final) : null,
            Fired: true, fire.Plan.Queued, fire.Job.RunId, jobId, fire.Plan.EndsAtMaxRuns, fire.Plan.NextBeyondMaxRuns,
            Replaceable: fire.Job.Task.Options.Overlap == OverlapPolicy.CancelPrevious, CancelsPrevious: fire.Plan.CancelsPrevious, Replay: fire.Plan.Replay);

    /// <summary>Fires a manual "run now" request (member "taskId:requestedMs"); the schedule itself is not touched.</summary>
    public async Task FireTriggerAsync(string member)
    {
        var separator = member.LastIndexOf(':');
        if (separator <= 0 || !long.TryParse(member[(separator + 1)..], out var requestedMs))
        {
            await store.CompleteTriggerAsync(member);
            return;
        }
        var id = member[..separator];
        if (await store.GetAsync(id) is { Status: not ScheduleStatus.Cancelled } task)
        {
            var runId = ScheduleStore.TriggerRunId(id, requestedMs);
            if (await EnqueueRecordedAsync(task, runId, requestedMs) is not null)
                await events.PublishAsync(SchedulerEvents.Fired, id, [new("runId", runId), new("trigger", "manual")]);
        }
        await store.CompleteTriggerAsync(member);
    }

    // True when the claimed entry was a paused task's (its pause's end, lifted now or not yet due); false only for an
    // unreadable record, which the usual path marks failed. A task resumed or cancelled between the read and the lift
    // is left alone: whoever changed it also re-scored (or removed) its due entry.
    private async Task<bool> LiftPauseAsync(string id, Dictionary<string, string> fields)
    {
        ScheduledTask task;
        try { task = ScheduleRecord.FromFields(fields); }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or ArgumentException or KeyNotFoundException) { return false; }
        if (await store.LiftPauseAsync(task, time.GetUtcNow(), auditRetention) == PauseLift.Lifted) LogPauseLifted(id);
        return true;
    }

    private static long Count(Dictionary<string, string> fields, string name) =>
        long.TryParse(fields.GetValueOrDefault(name), out var count) ? count : 0;

    /// <summary>
    /// Enqueues a run fired outside the due index (manual, triggered, retried or backfilled) and enters it in the run
    /// ledger. Null when <paramref name="task"/>, as read before, was deleted meanwhile: the run is stood down, so its
    /// job does nothing, even if a task is created again under the id before it runs.
    /// </summary>
    internal async Task<string?> EnqueueRecordedAsync(ScheduledTask task, string runId, long dueMs)
    {
        var jobId = Enqueue(task, runId, dueMs, null);
        if (await store.RecordFiredAsync(task, runId, jobId)) return jobId;
        LogStoodDown(task.Id, runId, jobId);
        return null;
    }

    /// <summary>Enqueues one occurrence's job through Hangfire's client (manual, triggered and requested runs).</summary>
    internal string Enqueue(ScheduledTask task, string runId, long dueMs, string? scheduledTrace)
    {
        using var outgoing = Outgoing(task, runId, dueMs, scheduledTrace);
        var jobId = jobs.Create(outgoing.Job, new EnqueuedState(outgoing.Queue));
        if (jobId is not null && task.Options.Priority == Contracts.Flow.TaskPriority.High) jump.ToFront(outgoing.Queue, jobId);
        Enqueued(outgoing, jobId);
        return jobId!;
    }

    // The fire joins the trace of the call that scheduled the task; the worker's execution joins the fire. The span
    // starts here, in the occurrence's own async flow, so that spans built side by side do not nest.
    private static OutgoingJob Outgoing(ScheduledTask task, string runId, long dueMs, string? scheduledTrace)
    {
        var activity = BeatTelemetry.Source.StartActivity("scheduler.fire", ActivityKind.Producer, ClientTelemetry.ParentOf(scheduledTrace));
        activity?.SetTag(TelemetryNames.TaskIdTag, task.Id);
        activity?.SetTag(TelemetryNames.RunIdTag, runId);
        var queue = Contracts.Flow.FlowQueues.For(task.Options.Queue ?? EnqueuedState.DefaultQueue, task.Options.Priority);
        var job = OccurrenceJob.Create(task.Id, runId, dueMs, task.Name, activity?.Id ?? scheduledTrace);
        return new OutgoingJob(task, runId, dueMs, job, queue, activity);
    }

    private void Enqueued(OutgoingJob outgoing, string? jobId)
    {
        var lateness = (time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(outgoing.DueMs)).TotalMilliseconds;
        var type = new KeyValuePair<string, object?>(TelemetryNames.TaskTypeTag, outgoing.Task.Task.TypeName);
        BeatTelemetry.Fired.Add(1, type);
        BeatTelemetry.Lateness.Record(lateness, type);
        LogFired(outgoing.Task.Id, outgoing.RunId, jobId, lateness);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} resumed: its pause ended")]
    private partial void LogPauseLifted(string taskId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Fired task {TaskId} run {RunId} as job {JobId}, {LatenessMs:0.0} ms after due")]
    private partial void LogFired(string taskId, string runId, string? jobId, double latenessMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} was deleted while run {RunId} was fired; its job {JobId} will do nothing")]
    private partial void LogStoodDown(string taskId, string runId, string? jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} occurrence not fired: {Reason}")]
    private partial void LogNotFired(string taskId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId} has an unreadable record and is marked failed: {Reason}")]
    private partial void LogUnreadable(string taskId, string reason);
}
