namespace Scheduler.Contracts.Schedules;

/// <summary>What cancelling a task did.</summary>
/// <param name="Id">The task's id.</param>
/// <param name="Outcome">Cancelled, already ended, or not found.</param>
/// <param name="Status">The task's status before the call (for <see cref="CancelOutcome.AlreadyEnded"/>, how it ended); null when not found.</param>
public sealed record CancelResult(string Id, CancelOutcome Outcome, ScheduleStatus? Status)
{
    /// <summary>True when the call cancelled the task; false when it had ended already or does not exist.</summary>
    public bool Changed => Outcome == CancelOutcome.Cancelled;
}
