using System.Diagnostics;
using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Scheduling.Intervals;
using Scheduler.Contracts.Telemetry;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>
    /// Schedules <paramref name="task"/> on <paramref name="spec"/> and says what happened to its id, decided
    /// atomically in Redis (two clients scheduling one id never both act): a new id is <see cref="ScheduleOutcome.Created"/>;
    /// a live task (scheduled, paused, running) with the same task, spec, time zone and options is
    /// <see cref="ScheduleOutcome.AlreadyScheduled"/> (nothing written); a live task with a different definition throws
    /// <see cref="ScheduleConflictException"/>, or with <see cref="ScheduleOptions.Replace"/> is
    /// <see cref="ScheduleOutcome.Replaced"/> in place; an id whose schedule ended (cancelled, completed, expired,
    /// failed) is <see cref="ScheduleOutcome.Rescheduled"/> anew. Replaced and rescheduled tasks keep their id,
    /// creation time and run history; their run and fire counters restart (max runs counts from the new definition).
    /// An idempotency key that names another task, or names this id and its schedule ended, returns that task as
    /// <see cref="ScheduleOutcome.AlreadyScheduled"/> (a retried create never schedules an ended task anew).
    /// </summary>
    /// <exception cref="ScheduleSpecException">The spec is not understood.</exception>
    /// <exception cref="InvalidTaskException">The task or options are not valid.</exception>
    /// <exception cref="ScheduleConflictException">A live task holds the id with a different definition and <see cref="ScheduleOptions.Replace"/> is not set.</exception>
    /// <exception cref="Capabilities.TaskNotOfferedException">No live worker offers what the task names (see <see cref="ScheduleOptions.Verify"/>).</exception>
    public async Task<ScheduleResult> ScheduleWithResultAsync(TaskDefinition task, string spec, ScheduleOptions? options = null, CancellationToken cancellationToken = default) =>
        (await ScheduleIfHeldAsync(task, spec, options, held: null, cancellationToken))!;

    /// <summary>
    /// <see cref="ScheduleWithResultAsync(TaskDefinition, string, ScheduleOptions?, CancellationToken)"/>, written only if
    /// the id still holds <paramref name="held"/> (<see cref="Storage.CreateReply.Held"/> of what the caller read; null: whatever
    /// it holds): null when it holds something else now, ended or nothing, and nothing was written. A live task holding
    /// another definition throws <see cref="ScheduleConflictException"/>; one holding this very definition is already scheduled.
    /// </summary>
    internal async Task<ScheduleResult?> ScheduleIfHeldAsync(TaskDefinition task, string spec, ScheduleOptions? options, string? held, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        options ??= new ScheduleOptions();
        using var activity = ClientTelemetry.Source.StartActivity("scheduler.schedule", ActivityKind.Producer);
        activity?.SetTag(TelemetryNames.TaskTypeTag, task.TypeName);
        var now = NowToTheMillisecond();
        var record = BuildRecord(task, spec, options, now);
        await VerifyOfferedAsync([(task, options)], cancellationToken);
        await CheckTriggerCycleAsync(record);
        cancellationToken.ThrowIfCancellationRequested();
        activity?.SetTag(TelemetryNames.TaskIdTag, record.Id);
        // Only a caller-chosen id can name a task that exists: its state before is what the audit log compares with.
        var before = options.Id is not null ? await _store.GetAsync(record.Id) : null;
        var pause = options.Paused is { } paused ? new PauseInfo(now, _options.Actor, string.IsNullOrWhiteSpace(paused.Note) ? null : paused.Note.Trim(), paused.Until) : null;
        // The record's options, not the caller's: their windows are cut to the whole milliseconds they apply in.
        var reply = record.Options.Debounce is { } debounce
            ? await CreateDebouncedAsync(record, debounce, now, Activity.Current?.Id)
            : await _store.CreateAsync(record, Activity.Current?.Id, options.Replace, creationAudit: _audit.CreationArguments(_options.Actor, record.Id, record), held: held, pause: pause);
        if (reply.IsConflict) throw reply.Conflict(record);
        if (reply.IsNoLongerHeld) return null;
        if (reply.Outcome is null) throw new InvalidOperationException($"debounce key of task {reply.Id} kept changing hands; retry");
        var result = await RecordScheduledAsync(task, options, record, reply, before, pause);
        // Last: the write stands on the primary whether or not the replicas acknowledge it, so what goes with it (its audit
        // entries) is written first; a repeat finds it already scheduled and would record none of them.
        await _store.AcknowledgedAsync($"{(options.Replace ? "replace" : "creation")} of task {reply.Id}");
        return result;
    }

    // What follows a create script's write: the task as stored and the audit entries the script did not write.
    private async Task<ScheduleResult> RecordScheduledAsync(TaskDefinition task, ScheduleOptions options, ScheduledTask record, Storage.CreateReply reply,
        ScheduledTask? before, PauseInfo? pause)
    {
        var outcome = reply.Outcome!.Value;
        if (outcome == ScheduleOutcome.Created && reply.Id == record.Id)
        {
            ClientTelemetry.Scheduled.Add(1, new KeyValuePair<string, object?>(TelemetryNames.TaskTypeTag, task.TypeName));
            // A debounced create may have been written under a fresh id and due time: read what Redis holds.
            // Audited by the create script; born paused, the pause is recorded as PauseAsync records one.
            if (options.Debounce is null) return new ScheduleResult(pause is null ? record : await RecordBornPausedAsync(record, pause), outcome);
            var created = await _store.GetAsync(reply.Id) ?? record;
            await RecordAuditAsync(AuditActions.Schedule, created.Id, null, created);
            return new ScheduleResult(created, outcome);
        }
        // Read back: an existing task's state (status, counters, creation time) is Redis's, not this request's.
        var stored = await _store.GetAsync(reply.Id) ?? record;
        if (outcome != ScheduleOutcome.AlreadyScheduled)
            await RecordAuditAsync(outcome == ScheduleOutcome.Replaced ? AuditActions.Replace : AuditActions.Schedule, reply.Id, before, stored);
        if (outcome == ScheduleOutcome.Rescheduled && pause is not null)
            await RecordAuditAsync(AuditActions.Pause, reply.Id, stored with { Status = ScheduleStatus.Scheduled, Pause = null }, stored, pause.Note);
        return new ScheduleResult(stored, outcome);
    }

    // The create script wrote the task paused (and its "paused" event); the audit log gets the pause as its own entry.
    private async Task<ScheduledTask> RecordBornPausedAsync(ScheduledTask created, PauseInfo pause)
    {
        var paused = created with { Status = ScheduleStatus.Paused, Pause = pause };
        await RecordAuditAsync(AuditActions.Pause, created.Id, created, paused, pause.Note);
        return paused;
    }

    /// <summary>
    /// Schedules <paramref name="task"/> on the structured form <paramref name="schedule"/> (interval type, value and
    /// next execution) and says what happened to its id, as the text-spec overload does.
    /// </summary>
    /// <exception cref="InvalidTaskException">The task, schedule or options are not valid.</exception>
    /// <exception cref="ScheduleConflictException">A live task holds the id with a different definition and <see cref="ScheduleOptions.Replace"/> is not set.</exception>
    public Task<ScheduleResult> ScheduleWithResultAsync(TaskDefinition task, IntervalSchedule schedule, ScheduleOptions? options, CancellationToken cancellationToken = default)
    {
        var (spec, startAt) = ToSpec(schedule, options);
        return ScheduleWithResultAsync(task, spec, (options ?? new ScheduleOptions()) with { StartAt = startAt }, cancellationToken);
    }

    /// <summary>
    /// Deletes a task for good: its record, run history, run ledger and every index entry (due, "run now" requests,
    /// idempotency key, failed runs, backfills, retry requests). A running attempt is told to stop first (as on cancel) and its late outcome is not written;
    /// afterwards the id is unknown and may be scheduled again from scratch. Unlike <see cref="CancelAsync"/>, which
    /// keeps the task and its history with status cancelled. False when no such task exists (also for the repeat of a
    /// delete the replicas did not acknowledge, once they hold it).
    /// </summary>
    /// <exception cref="ReplicaAcknowledgementException">The replicas <see cref="SchedulerClientOptions.ReplicaAcknowledgement"/> asks for did not acknowledge the delete in time.</exception>
    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        AcknowledgedAsync($"delete of task {id}", () => DeleteUnacknowledgedAsync(id, cancellationToken));

    private async Task<bool> DeleteUnacknowledgedAsync(string id, CancellationToken cancellationToken)
    {
        var before = await _store.GetAsync(id).WaitAsync(cancellationToken);
        // The token stops the call before it writes, also when it fired during the read.
        cancellationToken.ThrowIfCancellationRequested();
        if (await _store.DeleteForGoodAsync(id) is null) return false;
        await RecordAuditAsync(AuditActions.Delete, id, before, null);
        return true;
    }
}
