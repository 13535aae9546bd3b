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
        ScheduleKind.Cron => CronOf(schedule).GetNextOccurrence(after, ScheduleTimeZones.Find(schedule.TimeZone)),
        ScheduleKind.Rule => Rules.RecurrenceRuleSpec.Expander(schedule.Canonical, schedule.TimeZone).NextAfter(after),
        _ => null,
    };

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
            // CronFormatException, and e.g. MissingSeedException for Cronos' "H" jitter, which is not supported here.
            throw new ScheduleSpecException(
                $"invalid cron expression \"{expression}\": {e.Message.TrimEnd('.')}; expected 5 fields (minute hour day month weekday) or 6 with leading seconds",
                expression, e);
        }
        if (CronCache.Count < 10_000) CronCache[expression] = parsed;
        return parsed;
    }
}
