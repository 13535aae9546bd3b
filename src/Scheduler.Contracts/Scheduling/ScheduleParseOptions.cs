namespace Scheduler.Contracts.Scheduling;

/// <summary>The context a spec is parsed in. Parsing is pure: the same spec and options give the same schedule.</summary>
public sealed record ScheduleParseOptions
{
    /// <summary>IANA time-zone id for wall-clock specs and for ISO date-times without an offset. Defaults to UTC.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>The reference instant relative specs ("in 5 minutes", "tomorrow") count from. Defaults to <see cref="TimeProvider.System"/>'s now.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>
    /// Where a recurrence rule without DTSTART ("RRULE:FREQ=…", "R/P1W", "P1D") starts counting; ignored when not
    /// after <see cref="Now"/>. Defaults to now.
    /// </summary>
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>Accept a one-shot spec that resolves to the past (it then runs as soon as possible).</summary>
    public bool AllowPast { get; init; }

    /// <summary>
    /// The zone whose calendar and clock the relative words count in ("today", "tomorrow", "friday", "next month",
    /// "until dec 31"), when it is not <see cref="TimeZone"/>: a spec given in one zone and moved to another is read
    /// again with the date and time it was given at there, so it keeps the days it named while its times of day are
    /// read in the new zone. Null: <see cref="TimeZone"/>'s.
    /// </summary>
    internal string? CalendarZone { get; init; }

    /// <summary>
    /// Reads a time outside the part of the day written with it as the refusal says it was meant (07:00 in "every
    /// evening at 7" as 19:00) instead of refusing it: what a suggested spec is checked against.
    /// </summary>
    internal bool PartOfDayAsMeant { get; init; }

    internal DateTimeOffset ResolveNow() => Now ?? TimeProvider.System.GetUtcNow();
}
