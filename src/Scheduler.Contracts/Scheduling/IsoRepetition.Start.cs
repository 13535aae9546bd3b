using Scheduler.Contracts.Scheduling.Rules;

namespace Scheduler.Contracts.Scheduling;

internal static partial class IsoRepetition
{
    /// <summary>
    /// The local time a calendar repetition keeps from its start. Without an offset it is the wall time written, even
    /// one a spring-forward skips that day (read in UTC, which has no gap): R/2026-03-08T02:30/P1D in New York runs
    /// 02:30 on the other days, as the RRULE with that DTSTART does, not 03:00 (the one-shot reading of the gap time)
    /// for ever. With an offset it is the zone's time at that instant.
    /// </summary>
    private static DateTime StartWallClock(string part, DateTimeOffset start, SpecContext ctx)
    {
        var time = part.Contains('t') ? part[(part.IndexOf('t') + 1)..] : "";
        var offset = time.Contains('z') || time.Contains('+') || time.Contains('-');
        var text = DateOnlyPattern().IsMatch(part) ? part + "t00:00" : part;
        return !offset && IsoDateTime.TryParse(text, TimeZoneInfo.Utc, ctx.Spec, out var written)
            ? written.UtcDateTime
            : ZonedClock.ToLocal(start, ctx.Zone);
    }

    /// <summary>
    /// A start given as the second of a repeated (fall-back) local time cannot begin a calendar repetition: the rule
    /// repeats the local time, which RFC 5545 reads as its first occurrence, so the first run would come before the
    /// start given. Refused with both ways to say it, rather than run early.
    /// </summary>
    private static void RefuseRepeatedLocalStart(DateTimeOffset start, DateTime local, SpecContext ctx)
    {
        var read = RuleClock.ToInstant(local, ctx.Zone);
        if (read >= start) return;
        var first = TimeZoneInfo.ConvertTime(read, ctx.Zone);
        throw Error($"the start {start.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z is the second {local:HH:mm} of {local:yyyy-MM-dd} in {ctx.Options.TimeZone} " +
            $"(the clocks went back), and a calendar duration repeats the local time from its first occurrence, {first:yyyy-MM-ddTHH:mm:sszzz}; " +
            $"expected that start, or a clock duration such as PT24H", ctx.Spec);
    }
}
