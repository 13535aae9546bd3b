namespace Scheduler.Contracts.Scheduling.Intervals;

/// <summary>The unit of an <see cref="IntervalSchedule"/> (the seed API's <c>interval_type</c>).</summary>
public enum IntervalType
{
    /// <summary>Every N minutes: an exact interval from the next execution.</summary>
    Minutes,

    /// <summary>Every N hours: an exact interval from the next execution.</summary>
    Hours,

    /// <summary>Every N days at the next execution's wall-clock time in the schedule's zone (kept across DST changes).</summary>
    Days,

    /// <summary>Every N weeks on the next execution's weekday and wall-clock time in the schedule's zone.</summary>
    Weeks,

    /// <summary>
    /// Every N calendar months on the next execution's day of the month and wall-clock time. A month without that day
    /// runs on its last day (Jan 31 → Feb 28 or 29 → Mar 31 → Apr 30): the original day is kept whenever the month has it.
    /// </summary>
    Months,

    /// <summary>A cron expression (<see cref="IntervalSchedule.Cron"/>); the first run is the next execution, the later ones the cron's.</summary>
    Cron,
}
