using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    private static readonly ScheduleStatus[] Active = [ScheduleStatus.Scheduled, ScheduleStatus.Running];

    /// <summary>Pauses a task: no occurrence fires until <see cref="ResumeAsync"/>. False when no such task exists.</summary>
    /// <exception cref="InvalidTransitionException">The task is not scheduled or running (e.g. cancelled or completed).</exception>
    public Task<bool> PauseAsync(string id, CancellationToken cancellationToken = default) =>
        PauseAsync(id, null, cancellationToken);

    /// <summary>
    /// Resumes a paused task. Occurrences missed while paused follow the task's misfire policy. False when no such task exists.
    /// </summary>
    /// <exception cref="InvalidTransitionException">The task is not paused.</exception>
    /// <exception cref="ReplicaAcknowledgementException">The replicas <see cref="SchedulerClientOptions.ReplicaAcknowledgement"/> asks for did not acknowledge the resume in time.</exception>
    public Task<bool> ResumeAsync(string id, CancellationToken cancellationToken = default) =>
        AcknowledgedAsync($"resume of task {id}", () => ResumeUnacknowledgedAsync(id, cancellationToken));

    private Task<bool> ResumeUnacknowledgedAsync(string id, CancellationToken cancellationToken) =>
        TransitionAsync(id, ScheduleStatus.Scheduled, SchedulerEvents.Resumed, cancellationToken, ScheduleStatus.Paused);

    /// <summary>
    /// Runs the task once now, leaving its schedule unchanged (a pending one-shot stays scheduled: its own run is still
    /// due). Returns the run id to pass to <see cref="WaitForResultAsync"/>, or null when no such task exists.
    /// </summary>
    /// <exception cref="InvalidTransitionException">The task is cancelled.</exception>
    /// <exception cref="ReplicaAcknowledgementException">The replicas <see cref="SchedulerClientOptions.ReplicaAcknowledgement"/> asks for did not
    /// acknowledge the request in time; its message names the run, as a repeat would ask for another.</exception>
    public async Task<string?> TriggerNowAsync(string id, CancellationToken cancellationToken = default)
    {
        if (await _store.GetAsync(id).WaitAsync(cancellationToken) is not { } task) return null;
        if (task.Status == ScheduleStatus.Cancelled) throw new InvalidTransitionException(id, task.Status, ScheduleStatus.Running);
        cancellationToken.ThrowIfCancellationRequested();
        var runId = await _store.RequestTriggerAsync(id, _time.GetUtcNow());
        await RecordAuditAsync(AuditActions.Trigger, id, null, new { runId });
        await _store.AcknowledgedAsync($"run now of task {id} (run {runId})",
            $"A repeat asks for another run: once the replicas are back, look for run {runId} (lost if it is not there)");
        return runId;
    }

    /// <summary>
    /// Changes a task's definition, spec or options. A changed spec is evaluated from now, so it fires only when due;
    /// a new spec revives a completed, failed or expired task with its counters kept, while its max runs leaves runs
    /// (<see cref="RescheduleAsync(string, string, CancellationToken)"/> schedules it anew, counters restarted). A new time zone or startAfter alone re-reads the spec as
    /// of when it was given (see <see cref="TaskUpdate.TimeZone"/>). Returns the updated task, or null when it does not exist.
    /// </summary>
    /// <exception cref="InvalidTransitionException">The task is cancelled.</exception>
    /// <exception cref="InvalidTaskException">A change is not accepted (each named), or nothing is asked.</exception>
    /// <exception cref="ConcurrentUpdateException">Others kept changing the task while this update was made.</exception>
    /// <exception cref="ReplicaAcknowledgementException">The replicas <see cref="SchedulerClientOptions.ReplicaAcknowledgement"/> asks for did not acknowledge the update in time.</exception>
    /// <remarks>
    /// The changes are applied to the definition as stored when they are written: an update made at the same time by
    /// another client is neither undone nor lost (each is made again on top of the other, up to twenty times a few
    /// milliseconds apart, then refused with <see cref="ConcurrentUpdateException"/>, nothing written).
    /// </remarks>
    public Task<ScheduledTask?> UpdateAsync(string id, TaskUpdate changes, CancellationToken cancellationToken = default) =>
        UpdateAuditedAsync(id, changes, AuditActions.Update, cancellationToken);

    private Task<ScheduledTask?> UpdateAuditedAsync(string id, TaskUpdate changes, string action, CancellationToken cancellationToken) =>
        AcknowledgedAsync($"{action} of task {id}", () => UpdateUnacknowledgedAsync(id, changes, action, cancellationToken));

    private async Task<ScheduledTask?> UpdateUnacknowledgedAsync(string id, TaskUpdate changes, string action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        // As the CLI and REST API refuse it: applied, an empty update would stamp the task changed, announce and audit nothing.
        if (changes.IsEmpty) throw new InvalidTaskException(["nothing to change; expected at least one member of the update set (or Clear naming an option)"]);
        if (changes.ClearConflicts().ToList() is { Count: > 0 } conflicts) throw new InvalidTaskException(conflicts);
        for (var tries = 1; ; tries++)
        {
            if (await _store.GetWithSpecReadingAsync(id).WaitAsync(cancellationToken) is not var (current, reading, revision)) return null;
            var options = changes.ApplyTo(current.Options).AsStored();
            // A new spec is read from now: a first run chosen for the old one (startAt, still to come or long gone) is not
            // the new one's, which would otherwise wait for it (24 days of a daily spec lost to an old hourly start).
            if (changes.Spec is not null && options.StartAt is not null) options = options with { StartAt = null };
            var task = changes.Task ?? current.Task;
            var spec = changes.Spec ?? current.Spec;
            // Dropping a start bound the task has moves its first run as a new one would: the spec is planned again.
            var rescheduled = changes.Spec is not null || changes.TimeZone is not null || changes.StartAfter is not null
                || (changes.Clears(ClearableOption.StartAfter) && current.Options.StartAfter is not null);
            var now = NowToTheMillisecond();
            var (schedule, firstDue, readFields) = rescheduled
                ? Replan(current, reading, changes, task, spec, options, now)
                : (current.Schedule, current.NextRunAt ?? now, []);
            if (!rescheduled)
            {
                var errors = InputProblems(task, options);
                // Only a new jitter is held against the schedule: a stored one that was accepted before stays (Beat caps it).
                if (errors.Count == 0 && changes.Jitter is not null && ScheduleOptionsValidator.JitterProblem(schedule, options.Jitter, now) is { } jitter)
                    errors.Add(jitter);
                // Refused as on create: kept, the task would stay scheduled with its next run after its own end.
                if (errors.Count == 0 && changes.EndAt is { } end && current.NextRunAt is { } next && next > end)
                    errors.Add($"endAt {Utc(end)} is before the task's next run at {Utc(next)}; expected an endAt at or after it, or cancel the task to end it now");
                if (errors.Count > 0) throw new InvalidTaskException(errors);
            }
            var updated = current with
            {
                Task = task, Spec = spec.Trim(), Schedule = schedule, Options = options,
                // A name never given (options.Name unset) is the default one of type and spec: it follows a new spec or
                // task instead of going on naming the old one ("notification: every 10s" on a task now every 2 hours).
                Name = changes.Name ?? (options.Name is null ? DefaultName(task, spec, schedule) : current.Name), Description = changes.Description is { } described ? DescriptionOrNone(described) : changes.Clears(ClearableOption.Description) ? null : current.Description,
            };
            if (changes.Task is not null || changes.Queue is not null)
                await VerifyOfferedAsync([(task, changes.Verify is { } verify ? options with { Verify = verify } : options)], cancellationToken);
            if (rescheduled) await CheckTriggerCycleAsync(updated);
            cancellationToken.ThrowIfCancellationRequested();
            // A re-planned spec stores how it was read, so that a later change reads it the same way.
            var (superseded, status) = await _store.UpdateAsync(id, [.. ScheduleRecord.DefinitionFields(updated), .. ChangeStamp(), .. readFields],
                rescheduled ? firstDue : null,
                // A one-shot given a new time starts anew as a reschedule does: its run already fired under the old time
                // would otherwise complete it before the new time comes.
                !rescheduled ? ScheduleStore.Revival.None
                : action == AuditActions.Reschedule || !schedule.IsRecurring ? ScheduleStore.Revival.Anew
                : ScheduleStore.Revival.CountsKept(options.MaxRuns),
                revision);
            // Another change was written since the read (two operators at once): this one is made again on top of it,
            // rather than writing back the definition it read and so undoing the other.
            if (superseded)
            {
                if (tries >= MaxUpdateTries) throw new ConcurrentUpdateException(id, MaxUpdateTries);
                // Spread out, so that updates that collided do not collide again on their next try.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * tries)), _time, cancellationToken);
                continue;
            }
            if (status is null) return null;
            if (rescheduled) await SettleTriggerAsync(id, schedule);
            else if (RaisesMaxRuns(current.Options.MaxRuns, options.MaxRuns) && NextAfterRaise(current.Schedule, options, now) is { } next)
                await _store.ExtendRunsAsync(id, next, options.MaxRuns);
            await _events.PublishAsync(SchedulerEvents.Updated, id);
            // A raised limit (or one removed) lets waiting runs go now, not at their back-stop up to a minute away.
            if (current.Options.Concurrency != options.Concurrency || current.Options.RateLimit != options.RateLimit)
                await _store.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(_store.Keys.FlowChanged), id);
            var after = await _store.GetAsync(id);
            // The audit shows this update's change: the definition it was written onto and what it wrote, not a later
            // read that may hold other writers' changes made since.
            await RecordAuditAsync(action, id, current, after is null ? null : updated with { Status = after.Status, NextRunAt = after.NextRunAt });
            return after;
        }
    }

    // Tries of one update against changes written in between by others; each lost try means another change was made.
    private const int MaxUpdateTries = 20;

    private static bool RaisesMaxRuns(int? before, int? after) => before is { } b && (after is null || after > b);

    // A task whose max runs ended it picks up at its next occurrence after now (not the ones it missed meanwhile).
    private static DateTimeOffset? NextAfterRaise(Scheduling.ParsedSchedule schedule, ScheduleOptions options, DateTimeOffset now)
    {
        if (!schedule.IsRecurring || schedule.Kind == Scheduling.ScheduleKind.Trigger) return null;
        var from = options.StartAfter is { } start && start > now ? start.AddTicks(-1) : now;
        DateTimeOffset? next;
        try { next = schedule.NextAfter(from); }
        catch (Scheduling.ScheduleSpecException) { return null; }
        return next is { } n && options.EndAt is { } end && n > end ? null : next;
    }

    /// <summary>Moves a task to a new spec (see <see cref="UpdateAsync"/>).</summary>
    public Task<ScheduledTask?> RescheduleAsync(string id, string spec, CancellationToken cancellationToken = default) =>
        RescheduleAsync(id, spec, null, cancellationToken);

    /// <summary>Moves a task to a new spec read in <paramref name="timeZone"/> (null: the task's zone); recorded as a reschedule.</summary>
    public Task<ScheduledTask?> RescheduleAsync(string id, string spec, string? timeZone, CancellationToken cancellationToken = default) =>
        UpdateAuditedAsync(id, new TaskUpdate { Spec = spec, TimeZone = timeZone }, AuditActions.Reschedule, cancellationToken);

    /// <summary>Cancels every scheduled, paused or running task that matches <paramref name="filter"/>; returns how many.</summary>
    public Task<int> CancelAllAsync(ScheduleFilter filter, CancellationToken cancellationToken = default) =>
        ForEachMatchingAsync(filter, [ScheduleStatus.Scheduled, ScheduleStatus.Paused, ScheduleStatus.Running], "cancel",
            async id => (await CancelIfHeldAsync(id, held: null, acknowledged: false, cancellationToken))!.Outcome == CancelOutcome.Cancelled, cancellationToken);

    private async Task<bool> TransitionAsync(string id, ScheduleStatus to, string eventType, CancellationToken cancellationToken, params ScheduleStatus[] from)
    {
        var before = await _store.GetAsync(id).WaitAsync(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        // Leaving a pause clears who paused it and why; the audit log keeps both.
        if (await _store.TransitionAsync(id, to, notifyBeat: true, [.. ChangeStamp(), .. ScheduleRecord.PauseFields(null)], from) is null) return false;
        await _events.PublishAsync(eventType, id);
        if (before is not null) await RecordAuditAsync(AuditActions.Resume, id, before, before with { Status = to, Pause = null });
        return true;
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
