using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>
    /// Pauses a task with a note and, optionally, an end: no occurrence fires until it is resumed, or until
    /// <see cref="PauseRequest.Until"/>, when Beat resumes it once by itself. Who paused it, why and until when show on
    /// the task (<see cref="ScheduledTask.Pause"/>) and in the audit log. False when no such task exists.
    /// </summary>
    /// <exception cref="InvalidTaskException">The note is too long, or the end is not in the future.</exception>
    /// <exception cref="InvalidTransitionException">The task is not scheduled or running (e.g. paused, cancelled or completed).</exception>
    /// <exception cref="ReplicaAcknowledgementException">The replicas <see cref="SchedulerClientOptions.ReplicaAcknowledgement"/> asks for did not acknowledge the pause in time.</exception>
    public Task<bool> PauseAsync(string id, PauseRequest? request, CancellationToken cancellationToken = default) =>
        AcknowledgedAsync($"pause of task {id}", () => PauseUnacknowledgedAsync(id, request, cancellationToken));

    private async Task<bool> PauseUnacknowledgedAsync(string id, PauseRequest? request, CancellationToken cancellationToken)
    {
        var now = NowToTheMillisecond();
        var errors = request?.Validate(now).ToList() ?? [];
        if (errors.Count > 0) throw new InvalidTaskException(errors);
        if (await _store.GetAsync(id).WaitAsync(cancellationToken) is not { } before) return false;
        cancellationToken.ThrowIfCancellationRequested();
        var pause = new PauseInfo(now, _options.Actor, string.IsNullOrWhiteSpace(request?.Note) ? null : request.Note.Trim(), request?.Until);
        if (await _store.PauseAsync(id, pause.Until, [.. ChangeStamp(), .. ScheduleRecord.PauseFields(pause)], Active) is null) return false;
        await _events.PublishAsync(SchedulerEvents.Paused, id, pause.Note is { } note ? [new("note", note)] : null);
        await RecordAuditAsync(AuditActions.Pause, id, before, before with { Status = ScheduleStatus.Paused, Pause = pause }, pause.Note);
        return true;
    }

    /// <summary>Pauses every scheduled or running task that matches <paramref name="filter"/> (see <see cref="PauseAsync(string, PauseRequest?, CancellationToken)"/>); returns how many.</summary>
    /// <exception cref="InvalidTaskException">The note is too long, or the end is not in the future.</exception>
    public Task<int> PauseAllAsync(ScheduleFilter filter, PauseRequest? request = null, CancellationToken cancellationToken = default)
    {
        var errors = request?.Validate(NowToTheMillisecond()).ToList() ?? [];
        if (errors.Count > 0) throw new InvalidTaskException(errors);
        return ForEachMatchingAsync(filter, Active, "pause", id => PauseUnacknowledgedAsync(id, request, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Resumes every paused task that matches <paramref name="filter"/>; returns how many. To lift one bulk pause and
    /// leave the tasks paused for other reasons, filter by its note (<see cref="ScheduleFilter.PauseNote"/>).
    /// </summary>
    public Task<int> ResumeAllAsync(ScheduleFilter filter, CancellationToken cancellationToken = default) =>
        ForEachMatchingAsync(filter, [ScheduleStatus.Paused], "resume", id => ResumeUnacknowledgedAsync(id, cancellationToken), cancellationToken);

    // One change per matching task, each its own atomic transition: a task that moved on meanwhile is skipped, not an
    // error. Every match is changed, however many; a few at a time, as each change is several round trips. The replicas
    // are waited for once, after the last change: a wait holds the connection, so one per task would queue the others.
    private async Task<int> ForEachMatchingAsync(ScheduleFilter filter, ScheduleStatus[] from, string what, Func<string, Task<bool>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        // An empty text filter ("name contains ''") matches every task: a bulk change says "all" with no filter at all.
        foreach (var (name, value) in new[] { ("type", filter.TaskType), ("tag", filter.Tag), ("module", filter.ModuleId), ("name", filter.NameContains), ("query", filter.Query), ("pause note", filter.PauseNote) })
        {
            if (value is not null && string.IsNullOrWhiteSpace(value))
                throw new ArgumentException($"the filter \"{name}\" is empty; expected a value, or no \"{name}\" filter (no filter at all changes every task)", nameof(filter));
        }
        var matching = await _store.MatchingIdsAsync(t => filter.Matches(t) && from.Contains(t.Status), cancellationToken);
        var count = 0;
        await Parallel.ForEachAsync(matching, new ParallelOptions { MaxDegreeOfParallelism = BulkChangesAtOnce, CancellationToken = cancellationToken },
            async (id, _) =>
            {
                try { if (await change(id)) Interlocked.Increment(ref count); }
                catch (InvalidTransitionException) { }
            });
        // Also when none matched: a repeat of a bulk change that was short finds every task changed already.
        await _store.AcknowledgedAsync($"{what} of {count} task(s)");
        return count;
    }

    private const int BulkChangesAtOnce = 16;
}
