namespace Scheduler.Contracts.Scheduling.Rules;

/// <summary>
/// Local time → instant as RFC 5545 3.3.5 reads it, which differs from cron's rule on purpose: a local time inside a
/// spring-forward gap takes the offset in force before the gap (02:30 in New York on the change day is 07:30Z, shown
/// as 03:30 EDT), and a local time that occurs twice is its first occurrence.
/// </summary>
internal static class RuleClock
{
    // Stepping back this far always leaves a gap: real gaps are at most a day (Samoa, 2011-12-30).
    private const int MaxGapSteps = 4 * 48;
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(15);

    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone == TimeZoneInfo.Utc) return new DateTimeOffset(local, TimeSpan.Zero);
        // Outside a gap both readings agree (a repeated time is its first occurrence): only the gap is RFC 5545's own.
        if (!zone.IsInvalidTime(local)) return ZonedClock.ToInstant(local, zone);
        // The offset before the gap is the offset of the last valid local time before it.
        var probe = local;
        for (var i = 0; i < MaxGapSteps && zone.IsInvalidTime(probe); i++) probe -= Step;
        return ZonedClock.AtOffset(local, zone.IsAmbiguousTime(probe) ? zone.GetAmbiguousTimeOffsets(probe).Min() : zone.GetUtcOffset(probe));
    }

    /// <summary>
    /// <see cref="ToInstant"/>, or null when the instant falls outside the years 0001–9999 DateTimeOffset holds
    /// (23:00 on 9999-12-31 in New York is 10000-01-01 UTC): a series reaching that far has ended.
    /// </summary>
    public static DateTimeOffset? TryToInstant(DateTime local, TimeZoneInfo zone)
    {
        try { return ToInstant(local, zone); }
        catch (ArgumentOutOfRangeException) { return null; }
    }

    /// <summary>The zone's UTC offset at an instant.</summary>
    public static TimeSpan OffsetAt(DateTimeOffset instant, TimeZoneInfo zone) =>
        zone == TimeZoneInfo.Utc ? TimeSpan.Zero : zone.GetUtcOffset(instant);
}
