using Scheduler.Contracts.Schedules;

namespace Scheduler.Beat.Triggers;

/// <summary>What to do with one pending trigger of a task.</summary>
/// <param name="Fire">Enqueue its run.</param>
/// <param name="Queued">The run waits for the one in flight (overlap queue).</param>
/// <param name="CancelsPrevious">The run in flight is cancelled in favour of this one (overlap cancelPrevious).</param>
/// <param name="DropStatus">When not fired: the status the task ends in (expired past endAt), or null to keep it.</param>
/// <param name="Reason">Why, for the log and, for a skip, the skipped event.</param>
internal sealed record TriggerPlan(bool Fire, bool Queued, bool CancelsPrevious, ScheduleStatus? DropStatus, string Reason)
{
    /// <summary>
    /// Dropped while the task goes on (overlap, before startAfter, paused, a chain too long), which is announced
    /// (<c>scheduler.task.skipped</c>); a drop for a task that has ended, or ends with it, is not.
    /// </summary>
    public bool Skipped { get; init; }
}
