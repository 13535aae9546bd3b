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
    /// <summary>
    /// Past its end bound: its <c>endAt</c>, or its spec's last occurrence (a rule's <c>UNTIL</c> or <c>COUNT</c>, an ISO
    /// repetition count such as <c>R5/…</c>, "… 10 times"). A count in the spec counts occurrences, fired or skipped;
    /// max runs counts runs, and ends the task <see cref="Completed"/>.
    /// </summary>
    Expired,
}
