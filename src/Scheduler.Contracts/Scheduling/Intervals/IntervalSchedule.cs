namespace Scheduler.Contracts.Scheduling.Intervals;

/// <summary>
/// A recurring schedule given as fields rather than text: an interval type, a value and the next (first) execution,
/// as the Scheduler Module's <c>schedule_event(next_execution=…, interval_type=…, interval_value=…)</c> takes it. The
/// first run is at <see cref="NextExecution"/> (now or in the past: due at once, under the misfire policy), the later
/// ones every <see cref="IntervalValue"/> units from it, anchored there so they never drift.
/// </summary>
/// <remarks>
/// Minutes and hours are exact durations (absolute time, unaffected by DST). Days, weeks and months follow the wall
/// clock in the schedule's time zone: "every day" from 09:00 stays at 09:00 across a DST change. Months are calendar
/// months; a month that lacks the first execution's day of the month runs on its last day, and the next month that
/// has the day runs on it again (Jan 31, Feb 28/29, Mar 31, Apr 30, …). Cron takes <see cref="Cron"/> and ignores
/// <see cref="IntervalValue"/>. Each form compiles to the text spec stored with the task (an interval, an RFC 5545
/// rule, or cron), so it is described, listed and evaluated like any other.
/// </remarks>
public sealed record IntervalSchedule
{
    /// <summary>Minutes, hours, days, weeks, months or cron.</summary>
    public required IntervalType IntervalType { get; init; }

    /// <summary>How many units between runs (1 or more); ignored for <see cref="IntervalType.Cron"/>. Defaults to 1.</summary>
    public int IntervalValue { get; init; } = 1;

    /// <summary>
    /// The first execution. Null: one interval from now (for cron: the cron's next occurrence). Days, weeks and months
    /// use it to whole seconds.
    /// </summary>
    public DateTimeOffset? NextExecution { get; init; }

    /// <summary>The cron expression (5 fields, or 6 with leading seconds) when <see cref="IntervalType"/> is cron.</summary>
    public string? Cron { get; init; }
}
