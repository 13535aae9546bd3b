using System.Globalization;
using System.Text.RegularExpressions;
using Scheduler.Contracts.Scheduling.Rules;

namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// ISO-8601 repeating intervals and durations: <c>R5/2026-12-01T09:00:00Z/PT1H</c>, <c>R/2026-12-01T09:00/P1D</c>,
/// <c>R/P1W</c>, <c>R5/&lt;start&gt;/&lt;end&gt;</c>, and a bare duration (<c>PT15M</c>, <c>P1D</c>) meaning "every …".
/// Clock durations (hours, minutes, seconds) are exact elapsed time; calendar durations (days, weeks, months,
/// years) step the calendar in the schedule's zone, as an RFC 5545 DAILY/WEEKLY/MONTHLY/YEARLY rule does, so
/// P1D keeps the time of day across DST and P1M from the 31st skips shorter months. Days or weeks with clock units
/// (P1DT12H) step the wall clock (see <see cref="WallClockSteps"/>). Without a start, the repetition starts when the
/// schedule is made: the first occurrence is one period after now (or at ScheduleParseOptions.StartAt); "Rn" means n
/// occurrences.
/// </summary>
internal static partial class IsoRepetition
{
    private const string Accepted = "R5/2026-12-01T09:00:00Z/PT1H, R/2026-12-01T09:00/P1D, R/P1W, or a duration such as PT15M or P1D";

    /// <summary>Null when <paramref name="text"/> is neither a repeating interval nor a bare duration.</summary>
    public static ParsedSchedule? TryParse(string text, SpecContext ctx)
    {
        var lower = text.ToLowerInvariant();
        // ISO-8601 allows a fraction in the last part (PT1.5H, PT0.5S): a clock duration of whole seconds is read as those
        // seconds; any other is refused saying why (read as "not an interval", it got the generic error).
        if (lower.Split('/').Any(part => FractionalDuration().IsMatch(part)))
            lower = string.Join('/', lower.Split('/').Select(part => FractionalDuration().IsMatch(part) ? WholeSecondsOf(part, ctx.Spec) : part));
        if (Duration().IsMatch(lower)) return Build(null, ReadDuration(lower, ctx.Spec), null, ctx);
        var repeat = Repeat().Match(lower);
        if (!repeat.Success) return null;
        int? count = null;
        if (repeat.Groups["n"].Length > 0)
        {
            if (!int.TryParse(repeat.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > RecurrenceRuleParser.MaxCount)
                throw Error($"repetition count \"R{repeat.Groups["n"].Value}\" is out of range; expected R1 to R{RecurrenceRuleParser.MaxCount} (or R for no end)", ctx.Spec);
            count = n;
        }
        var parts = lower[(repeat.Length)..].Split('/');
        switch (parts.Length)
        {
            case 1 when Duration().IsMatch(parts[0]):
                return Build(null, ReadDuration(parts[0], ctx.Spec), count, ctx);
            case 2 when !Duration().IsMatch(parts[0]):
                var start = ReadInstant(parts[0], ctx);
                if (Duration().IsMatch(parts[1])) return Build(start, ReadDuration(parts[1], ctx.Spec), count, ctx, StartWallClock(parts[0], start, ctx));
                var end = ReadInstant(parts[1], ctx);
                if (end <= start) throw Error($"the interval's end \"{parts[1]}\" is not after its start \"{parts[0]}\"", ctx.Spec);
                if ((end - start).Ticks % TimeSpan.TicksPerSecond != 0) throw Error("the interval between start and end is not whole seconds", ctx.Spec);
                return Build(start, new IsoPeriod(0, 0, (long)(end - start).TotalSeconds), count, ctx);
            case 2:
                throw Error($"\"{text}\" counts back from an end (duration/end), which a schedule cannot do; expected a start: R5/<start>/{parts[0].ToUpperInvariant()}", ctx.Spec);
            default:
                throw Error($"\"{Short(text)}\" is not a repeating interval; expected {Accepted}", ctx.Spec);
        }
    }

    private static ParsedSchedule Build(DateTimeOffset? start, IsoPeriod period, int? count, SpecContext ctx, DateTime? startLocal = null)
    {
        var zoneId = ctx.Options.TimeZone;
        if (period.Seconds > 0 && period.Months > 0)
            throw Error("the duration mixes years or months with clock units (H, M, S), and a month has no fixed number of hours; write e.g. P1M for a calendar month, PT36H for exact hours or an RRULE", ctx.Spec);
        if (period.Seconds > 0 && period.Days > 0) return WallClockSteps(start, period, count, ctx, startLocal);
        if (period.Seconds > 0)
        {
            var step = TimeSpan.FromSeconds(period.Seconds);
            if (count is null)
            {
                // An endless clock duration is the existing exact interval; with a start, that start is the anchor, said in
                // its description as "every hour starting …" says it.
                var interval = ScheduleParser.Interval(step, ctx.Options, ctx.Now, ctx.Spec, start);
                var anchor = start ?? StartAt(ctx);
                return anchor is null ? interval : interval with { Anchor = anchor.Value.ToUniversalTime() };
            }
            var (freq, n) = period.Seconds % 3600 == 0 ? ("HOURLY", period.Seconds / 3600)
                : period.Seconds % 60 == 0 ? ("MINUTELY", period.Seconds / 60) : ("SECONDLY", period.Seconds);
            if (n > RecurrenceRuleParser.MaxInterval) throw Error($"the period is too long for a counted repetition; expected at most {RecurrenceRuleParser.MaxInterval} {freq.ToLowerInvariant()[..^2]}s", ctx.Spec);
            var first = CeilingSecond((start ?? StartAt(ctx) ?? ctx.Now + step).UtcDateTime);
            // Clock durations are elapsed time, so the rule runs on the UTC clock whatever the zone.
            var firstLocal = ZonedClock.ToLocal(new DateTimeOffset(first, TimeSpan.Zero), ctx.Zone).ToString(first.Second == 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            var description = $"every {ScheduleParser.DescribeDuration(step)}, {(count == 1 ? "once" : $"{count} times")}, from {firstLocal} ({ctx.Options.TimeZone})";
            return RecurrenceRuleSpec.Parse($"DTSTART:{Stamp(first)}Z RRULE:FREQ={freq}{Interval(n)};COUNT={count}", ctx, description, exact: true);
        }
        var (calendarFreq, interval2) = period switch
        {
            { Months: > 0, Days: > 0 } => throw Error("the duration mixes years or months with weeks or days; expected one kind, e.g. P1M or P10D", ctx.Spec),
            { Months: > 0 } when period.Months % 12 == 0 => ("YEARLY", (long)period.Months / 12),
            { Months: > 0 } => ("MONTHLY", period.Months),
            _ when period.Days % 7 == 0 => ("WEEKLY", period.Days / 7),
            _ => ("DAILY", period.Days),
        };
        if (interval2 > RecurrenceRuleParser.MaxInterval) throw Error("the duration is too long; expected at most 1000000 of its unit", ctx.Spec);
        var zone = ctx.Zone;
        var local = start is { } s ? startLocal ?? ZonedClock.ToLocal(s, zone)
            : StartAt(ctx) is { } at ? ZonedClock.ToLocal(at, zone) : FirstStep(ctx.LocalNow, period, ctx.Spec);
        if (start is { } given) RefuseRepeatedLocalStart(given, local, ctx);
        // DTSTART holds whole seconds: rounded up, as a start cut down could fall at or before now and lose the first run.
        local = CeilingSecond(local);
        var dtstart = zoneId == "UTC" ? $"DTSTART:{Stamp(local)}Z" : $"DTSTART;TZID={zoneId}:{Stamp(local)}";
        var countPart = count is { } c ? $";COUNT={c}" : "";
        return Rule($"{dtstart} RRULE:FREQ={calendarFreq}{Interval(interval2)}{countPart}", ctx);
    }

    private static ParsedSchedule Rule(string text, SpecContext ctx) => RecurrenceRuleSpec.Parse(text, ctx);

    private static DateTimeOffset? StartAt(SpecContext ctx) => ctx.Options.StartAt is { } at && at > ctx.Now ? at : null;

    // Now is the series' anchor and the first run is the first step after it that the calendar has: P1M from the 31st
    // goes to the next month with a 31st, as the rule from a start on the 31st does. A step cut to a shorter month's last
    // day (AddMonths clamps) would become the start and move every later run to that day.
    // Steps go from now cut to the second: more than a day later, the cut cannot bring a run to or before now, and a
    // step from 23:59:59.5 rounded up afterwards would land on the next day.
    private static DateTime FirstStep(DateTime localNow, IsoPeriod p, string spec)
    {
        var now = localNow.AddTicks(-(localNow.Ticks % TimeSpan.TicksPerSecond));
        if (p.Months == 0) return now.AddDays(p.Days);
        // The start's own month recurs every 12 steps at most, and Feb 29 within 8 years (2096 → 2104): 100 steps always
        // find one, short of the year 9999.
        for (var k = 1; k <= 100; k++)
        {
            if ((long)p.Months * k > 12 * (9999 - now.Year)) break;
            var step = now.AddMonths(p.Months * k);
            if (step.Day == now.Day) return step;
        }
        throw Error($"from {now:yyyy-MM-dd}, the {p.Months}-month steps reach no month with a day {now.Day} before the year 9999; expected a start, e.g. R/{now:yyyy-MM}-01T{now:HH:mm}/P{p.Months}M", spec);
    }

    private static string Interval(long n) => n == 1 ? "" : $";INTERVAL={n}";

    private static DateTime CeilingSecond(DateTime t) =>
        t.Ticks % TimeSpan.TicksPerSecond == 0 ? t : t.AddTicks(TimeSpan.TicksPerSecond - t.Ticks % TimeSpan.TicksPerSecond);

    private static string Stamp(DateTime t) => t.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

    private static DateTimeOffset ReadInstant(string part, SpecContext ctx)
    {
        var text = DateOnlyPattern().IsMatch(part) ? part + "t00:00" : part;
        if (!IsoDateTime.TryParseAsStart(text, ctx.Zone, ctx.Spec, out var instant))
            throw Error($"\"{Short(part)}\" is neither an ISO-8601 date-time nor a duration; expected {Accepted}", ctx.Spec);
        if (instant.Ticks % TimeSpan.TicksPerSecond != 0) throw Error($"the start \"{part}\" has fractions of a second; expected whole seconds", ctx.Spec);
        return instant;
    }

    private static ScheduleSpecException Error(string message, string spec) => new($"invalid ISO-8601 repeating interval: {message}", spec);

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex(@"^r(?<n>\d*)/", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex Repeat();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex DateOnlyPattern();
}
