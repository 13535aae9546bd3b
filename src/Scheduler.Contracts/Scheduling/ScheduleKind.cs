namespace Scheduler.Contracts.Scheduling;

/// <summary>How a parsed schedule produces its occurrences.</summary>
public enum ScheduleKind
{
    /// <summary>Runs once, at a single instant.</summary>
    Once,

    /// <summary>Runs on a cron expression evaluated in the schedule's time zone (wall-clock, follows DST).</summary>
    Cron,

    /// <summary>Runs every fixed duration from an anchor instant (absolute time, unaffected by DST).</summary>
    Interval,
}
