using System.Collections.Concurrent;
using Cronos;

namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// Evaluates the occurrences of a <see cref="ParsedSchedule"/>; cron goes to Cronos, which owns DST handling, and
/// RFC 5545 rules to the local-time expander in Rules/.
/// </summary>
internal static class NextOccurrence
{
    private static readonly ConcurrentDictionary<string, CronExpression> CronCache = new();

    public static DateTimeOffset? After(ParsedSchedule schedule, DateTimeOffset after) => schedule.Kind switch
    {
        ScheduleKind.Once => schedule.Anchor > after ? schedule.Anchor : null,
        ScheduleKind.Interval => IntervalAfter(schedule.Anchor!.Value, schedule.Interval!.Value, after),
        ScheduleKind.Cron => CronAfter(schedule, after),
        ScheduleKind.Rule => RuleAfter(schedule, after),
        _ => null,
    };

    // Cronos runs an expression it deems an interval ("*/30 1 * * *": a step in the minutes) in both passes of the hour
    // a fall-back repeats, so that one reads "every day at 01:00 and 01:30" and ran four times that day. Named hours are
    // wall-clock times, which run once, at their first pass, as "0,30 1 * * *" does; an expression over a span of hours
    // ("*/15 * * * *", "0 */2 * * *", a window's "*/30 1-3 * * *") is an interval in real time and keeps both passes.
    private static DateTimeOffset? CronAfter(ParsedSchedule schedule, DateTimeOffset after)
    {
        var cron = CronOf(schedule);
        var zone = ScheduleTimeZones.Find(schedule.TimeZone);
        var next = cron.GetNextOccurrence(after, zone);
        if (!NamesHours(schedule.Canonical)) return next;
        while (next is { } n && SecondPassOfRepeatedTime(n, zone)) next = cron.GetNextOccurrence(n, zone);
        return next;
    }

    private static bool NamesHours(string expression)
    {
        if (expression.StartsWith('@')) return false;
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 5 && fields[fields.Length == 6 ? 2 : 1].Split(',').All(NamesOneHour);
    }

    // "1" or a range of one hour ("1-1"): the hour is named, not spanned.
    private static bool NamesOneHour(string hour) =>
        hour.Length > 0 && (hour.All(char.IsAsciiDigit)
            || hour.Split('-') is [var from, var to] && from.Length > 0 && from.All(char.IsAsciiDigit) && from == to);

    private static bool SecondPassOfRepeatedTime(DateTimeOffset instant, TimeZoneInfo zone)
    {
        if (!zone.IsAmbiguousTime(instant)) return false;
        var offsets = zone.GetAmbiguousTimeOffsets(instant);
        return zone.GetUtcOffset(instant) == offsets.Min();
    }

    // Beat retries a schedule whose evaluation throws on every claim lease, so a stored rule must never throw anything
    // but ScheduleSpecException: calendar-edge arithmetic ends the series, anything else becomes a spec error.
    private static DateTimeOffset? RuleAfter(ParsedSchedule schedule, DateTimeOffset after)
    {
        var expander = RuleExpander(schedule.Canonical, schedule.TimeZone);
        (Rules.RuleOutcome Outcome, DateTimeOffset? Next) found;
        try
        {
            found = expander.Find(after, rounds: StoredRuleRounds);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException) { return null; }
        catch (Exception e) when (e is not (ScheduleSpecException or OutOfMemoryException))
        {
            throw StoredRuleError(schedule.Canonical, e);
        }
        // A spent budget is not the end of the series: ending it here would let Beat expire the schedule silently.
        // Refused at parse, this only happens to a stored rule whose gap grew; throwing lets Beat mark it Failed.
        if (found.Outcome == Rules.RuleOutcome.Exhausted)
            throw new ScheduleSpecException(
                $"stored rule \"{Rules.RecurrenceRuleParser.Short(schedule.Canonical)}\" has no occurrence after {after:O} within {(long)StoredRuleRounds * Rules.RecurrenceExpander.CallBudget:N0} steps; it is too sparse to evaluate, not ended",
                schedule.Canonical);
        return found.Next;
    }

    // Evaluation of a stored rule searches a few budgets further than the parse did before giving up.
    private const int StoredRuleRounds = 4;

    /// <summary>The compiled stored rule; any failure to compile it is a <see cref="ScheduleSpecException"/>.</summary>
    public static Rules.RecurrenceExpander RuleExpander(string canonical, string timeZone)
    {
        try
        {
            return Rules.RecurrenceRuleSpec.Expander(canonical, timeZone);
        }
        catch (Exception e) when (e is not (ScheduleSpecException or OutOfMemoryException))
        {
            throw StoredRuleError(canonical, e);
        }
    }

    private static ScheduleSpecException StoredRuleError(string canonical, Exception e) =>
        new($"stored rule \"{Rules.RecurrenceRuleParser.Short(canonical)}\" could not be evaluated ({e.Message.TrimEnd('.')})", canonical, e);

    // Occurrences are anchor + k × interval, computed from the anchor each time so they never drift.
    private static DateTimeOffset? IntervalAfter(DateTimeOffset anchor, TimeSpan interval, DateTimeOffset after)
    {
        if (anchor > after) return anchor;
        var elapsed = (after - anchor).Ticks;
        var steps = elapsed / interval.Ticks + 1;
        try { return anchor.AddTicks(checked(steps * interval.Ticks)); }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException) { return null; }
    }

    public static CronExpression CronOf(ParsedSchedule schedule) => Cron(schedule.Canonical);

    public static CronExpression Cron(string expression)
    {
        if (CronCache.TryGetValue(expression, out var cached)) return cached;
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        CronExpression parsed;
        try
        {
            parsed = CronExpression.Parse(expression, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (Exception e) when (e is not (ScheduleSpecException or OutOfMemoryException))
        {
            // Quartz's and AWS's cron take a year last; here a sixth field is seconds first, so "0 0 * * * 2027" fails
            // on its weekday field with a message about weekdays. The year is what to name.
            if (fields == 6 && YearLast(expression) is { } year)
                throw new ScheduleSpecException(
                    $"invalid cron expression \"{expression}\": \"{year}\" looks like a year, and cron here has no year field (a sixth field is seconds, first); expected 5 fields (minute hour day month weekday) or 6 with leading seconds; for runs in one year only, add \"until\" in English (\"every day at 9am until dec 31 {year}\") or use an RRULE with UNTIL",
                    expression, e);
            // CronFormatException, and e.g. MissingSeedException for Cronos' "H" jitter, which is not supported here.
            throw new ScheduleSpecException(
                $"invalid cron expression \"{expression}\": {e.Message.TrimEnd('.')}; expected 5 fields (minute hour day month weekday) or 6 with leading seconds",
                expression, e);
        }
        if (CronCache.Count < 10_000) CronCache[expression] = parsed;
        return parsed;
    }

    private static string? YearLast(string expression)
    {
        var last = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
        return last.Length == 4 && int.TryParse(last, out var year) && year >= 1970 ? last : null;
    }
}
