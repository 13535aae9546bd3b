namespace Scheduler.Contracts.Schedules;

/// <summary>Where a schedule is in its life.</summary>
public enum ScheduleStatus
{
    /// <summary>Waiting for its next occurrence.</summary>
    Scheduled,
    /// <summary>Paused: occurrences do not fire until it is resumed.</summary>
    Paused,
    /// <summary>An occurrence is executing.</summary>
    Running,
    /// <summary>A one-shot ran successfully, or a recurring schedule reached its max runs.</summary>
    Completed,
    /// <summary>A one-shot failed after its retries.</summary>
    Failed,
    /// <summary>Cancelled; it never fires again.</summary>
    Cancelled,
    /// <summary>Past its end bound.</summary>
    Expired,
}
