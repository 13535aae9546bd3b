namespace Scheduler.Contracts.Scheduling.Rules;

/// <summary>
/// One parsed recurrence: DTSTART (a local wall-clock time in <see cref="Zone"/>), the RRULE parts and EXDATEs.
/// Immutable after parsing; the expander only reads it, so one instance is shared by every caller.
/// </summary>
internal sealed class RecurrenceRule
{
    public required Frequency Freq { get; init; }
    public int Interval { get; init; } = 1;
    public int? Count { get; init; }

    /// <summary>UNTIL as written (for the canonical text); <see cref="UntilInstant"/> is what bounds the rule.</summary>
    public string? UntilText { get; init; }
    public DateTimeOffset? UntilInstant { get; init; }

    public int[]? BySecond { get; init; }
    public int[]? ByMinute { get; init; }
    public int[]? ByHour { get; init; }
    public WeekdayNum[]? ByDay { get; init; }
    public int[]? ByMonthDay { get; init; }
    public int[]? ByYearDay { get; init; }
    public int[]? ByWeekNo { get; init; }
    public int[]? ByMonth { get; init; }
    public int[]? BySetPos { get; init; }
    public DayOfWeek WeekStart { get; init; } = DayOfWeek.Monday;

    /// <summary>DTSTART as a wall-clock time in <see cref="Zone"/>, whole seconds.</summary>
    public required DateTime Start { get; init; }
    public required TimeZoneInfo Zone { get; init; }
    public required string ZoneId { get; init; }

    /// <summary>DTSTART was written in UTC ("…Z"): the rule runs on the UTC clock.</summary>
    public bool IsUtc { get; init; }

    /// <summary>EXDATE date-times as instants, sorted; and whole excluded local dates (EXDATE;VALUE=DATE).</summary>
    public DateTimeOffset[] ExDates { get; init; } = [];
    public DateOnly[] ExDays { get; init; } = [];

    /// <summary>
    /// <c>X-DST-GAP:AFTER</c>: a local time a spring-forward skips runs at the first instant after the gap, as cron and the
    /// English forms read it, rather than with the offset before the gap (RFC 5545 3.3.5); local times the gap merges
    /// into one instant run, and count, once.
    /// </summary>
    public bool GapAfter { get; init; }

    /// <summary>The instant of a local start time, as this rule reads a time in a gap (null outside years 0001–9999).</summary>
    public DateTimeOffset? TryInstant(DateTime local)
    {
        if (!GapAfter) return RuleClock.TryToInstant(local, Zone);
        try { return ZonedClock.ToInstant(local, Zone); }
        catch (ArgumentOutOfRangeException) { return null; }
    }

    public bool HasDayRule => ByDay is not null || ByMonthDay is not null || ByYearDay is not null || ByWeekNo is not null;
}
