namespace Scheduler.Contracts.Schedules;

/// <summary>How one attempt ended.</summary>
public enum RunOutcome
{
    /// <summary>The handler finished without error.</summary>
    Succeeded,
    /// <summary>The handler failed.</summary>
    Failed,
    /// <summary>The attempt passed its hard timeout and was abandoned.</summary>
    TimedOut,
    /// <summary>The run was cancelled.</summary>
    Cancelled,
    /// <summary>The occurrence was not run (e.g. overlap policy skip, or the task was cancelled first).</summary>
    Skipped,
}
