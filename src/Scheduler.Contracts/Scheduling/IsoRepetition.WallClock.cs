using Scheduler.Contracts.Scheduling.Rules;

namespace Scheduler.Contracts.Scheduling;

internal static partial class IsoRepetition
{
    /// <summary>
    /// A duration with days or weeks and clock units (R/P1DT12H, R5/2026-12-01T08:00/P1DT12H): the whole period steps
    /// the zone's wall clock, an RFC 5545 HOURLY/MINUTELY/SECONDLY rule with that interval, so the times of day repeat
    /// across DST (08:00, 20:00 the next day, 08:00 two days on) as the day part promises; exact elapsed time would
    /// move every later run by the hour the clocks changed. Its start is the one given, else the schedule's StartAt,
    /// else one period after now on the wall clock.
    /// </summary>
    private static ParsedSchedule WallClockSteps(DateTimeOffset? start, IsoPeriod period, int? count, SpecContext ctx, DateTime? startLocal)
    {
        var seconds = period.Days * 86_400L + period.Seconds;
        var (freq, n) = seconds % 3600 == 0 ? ("HOURLY", seconds / 3600) : seconds % 60 == 0 ? ("MINUTELY", seconds / 60) : ("SECONDLY", seconds);
        if (n > RecurrenceRuleParser.MaxInterval)
            throw Error($"the period is too long; expected at most {RecurrenceRuleParser.MaxInterval} {freq.ToLowerInvariant()[..^2]}s", ctx.Spec);
        var local = start is { } s ? startLocal ?? ZonedClock.ToLocal(s, ctx.Zone)
            : StartAt(ctx) is { } at ? ZonedClock.ToLocal(at, ctx.Zone)
            : ctx.LocalNow.AddTicks(-(ctx.LocalNow.Ticks % TimeSpan.TicksPerSecond)).AddSeconds(seconds);
        if (start is { } given) RefuseRepeatedLocalStart(given, local, ctx);
        local = CeilingSecond(local);
        var dtstart = ctx.Options.TimeZone == "UTC" ? $"DTSTART:{Stamp(local)}Z" : $"DTSTART;TZID={ctx.Options.TimeZone}:{Stamp(local)}";
        var countPart = count is { } c ? $";COUNT={c}" : "";
        // The rule's own words ("every 36 hours at :00") hide that the period is said in days and hours on the wall clock.
        var times = count is { } k ? (k == 1 ? ", once" : $", {k.ToString(System.Globalization.CultureInfo.InvariantCulture)} times") : "";
        var description = $"every {ScheduleParser.DescribeDuration(TimeSpan.FromSeconds(seconds))} on the wall clock{times}, from {local.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)} ({ctx.Options.TimeZone})";
        return RecurrenceRuleSpec.Parse($"{dtstart} RRULE:FREQ={freq}{Interval(n)}{countPart}", ctx, description);
    }
}
