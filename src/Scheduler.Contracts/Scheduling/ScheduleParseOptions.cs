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

    internal DateTimeOffset ResolveNow() => Now ?? TimeProvider.System.GetUtcNow();
}
