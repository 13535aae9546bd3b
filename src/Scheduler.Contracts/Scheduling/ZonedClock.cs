namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// Wall-clock ↔ instant conversion for one-shot natural-language specs, with the same DST rules Cronos applies to
/// cron: a wall time inside a spring-forward gap becomes the first valid instant after the gap, and an ambiguous
/// fall-back wall time becomes its first (earlier) occurrence.
/// </summary>
internal static class ZonedClock
{
    // Longest gap we search through; real gaps are at most a day (Samoa skipped 2011-12-30 entirely).
    private const int MaxGapMinutes = 48 * 60;

    /// <summary>The UTC instant of <paramref name="local"/> read as a wall-clock time in <paramref name="zone"/>.</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(local))
        {
            // The larger offset belongs to the earlier instant (summer time, before the clocks went back).
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            return AtOffset(local, offsets.Max());
        }
        if (zone.IsInvalidTime(local))
        {
            var probe = local.AddTicks(-(local.Ticks % TimeSpan.TicksPerMinute));
            for (var i = 0; i < MaxGapMinutes && zone.IsInvalidTime(probe); i++) probe = probe.AddMinutes(1);
            return ToInstant(probe, zone);
        }
        return AtOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>The wall-clock time of <paramref name="instant"/> in <paramref name="zone"/>.</summary>
    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, zone).DateTime, DateTimeKind.Unspecified);

    /// <summary><paramref name="local"/> read at <paramref name="offset"/>, as a UTC instant.</summary>
    /// <remarks>Historic offsets can carry seconds (LMT), which DateTimeOffset rejects, so this computes in UTC ticks.</remarks>
    internal static DateTimeOffset AtOffset(DateTime local, TimeSpan offset) =>
        new(DateTime.SpecifyKind(local - offset, DateTimeKind.Utc));
}
