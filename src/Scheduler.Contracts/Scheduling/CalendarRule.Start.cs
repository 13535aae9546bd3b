namespace Scheduler.Contracts.Scheduling;

internal sealed partial class CalendarRule
{
    /// <summary>"starting now": the exact interval's first occurrence is the parse's now.</summary>
    public bool StartsNow { get; set; }

    /// <summary>"starting 2026-12-01T09:00": an ISO date-time token, resolved in the zone when compiling.</summary>
    public string? StartIso { get; set; }

    /// <summary>"starting dec 1 [at 9am]", "starting today at 9am": a date (year resolved against now) and a time (00:00 when not written).</summary>
    public (int? Year, int Month, int Day, TimeOnly Time)? StartDate { get; set; }

    /// <summary>"starting tomorrow at 9am": days after today that <see cref="StartDate"/>'s time falls on.</summary>
    public (int DaysFromToday, TimeOnly Time)? StartDay { get; set; }

    /// <summary>"starting monday" (the coming one, today included) or "starting next monday" (1-7 days ahead), at a time (00:00 when not written).</summary>
    public (DayOfWeek Day, bool Next, TimeOnly Time)? StartWeekday { get; set; }

    /// <summary>"starting in 10 minutes": the start is that long after the parse's now (a fixed length; months are refused).</summary>
    public TimeSpan? StartsIn { get; set; }

    /// <summary>The <see cref="StartsIn"/> duration was written in days or weeks only ("in 3 days"): a calendar schedule starts on that day.</summary>
    public bool StartsInDays { get; set; }

    /// <summary>"every 6 hours starting at 6am" made a clock grid: the next 06:00, where its runs begin.</summary>
    public DateTimeOffset? StartInstant { get; set; }

    /// <summary>True when a "starting …" clause fixed the first occurrence.</summary>
    public bool HasStart => Phase is not null || StartsNow || StartsIn is not null || StartIso is not null || StartDate is not null || StartDay is not null || StartWeekday is not null || StartInstant is not null;
}
