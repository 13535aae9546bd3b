namespace Scheduler.Contracts.Housekeeping;

/// <summary>
/// How often a cleanup registration runs by itself. Workers with allowed roots claim due registrations from Redis
/// (each due run is claimed by exactly one process) and run them; <c>scheduler cleanup run</c> stays the manual path.
/// </summary>
public static class CleanupInterval
{
    /// <summary>The interval of a registration that names none: one hour.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromHours(1);

    /// <summary>The shortest interval accepted: one second.</summary>
    public static readonly TimeSpan Min = TimeSpan.FromSeconds(1);

    /// <summary>The longest interval accepted: 366 days.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(366);

    /// <summary>The problem with <paramref name="interval"/>, or null when it is accepted (null means the default).</summary>
    internal static string? Validate(TimeSpan? interval) =>
        interval is { } i && (i < Min || i > Max || i.Ticks % TimeSpan.TicksPerMillisecond != 0)
            ? $"cleanup \"interval\" is {i}; expected whole milliseconds from 1 second to 366 days (e.g. \"00:30:00\"), or none for hourly"
            : null;

    /// <summary>
    /// The first instant after <paramref name="now"/> on the grid <paramref name="due"/> + k × <paramref name="interval"/>:
    /// runs missed while no worker ran collapse into one, and the rhythm does not drift by how long a run took.
    /// </summary>
    internal static DateTimeOffset NextAfter(DateTimeOffset due, TimeSpan interval, DateTimeOffset now)
    {
        if (due > now) return due;
        var steps = (now - due).Ticks / interval.Ticks + 1;
        return due + TimeSpan.FromTicks(steps * interval.Ticks);
    }
}
