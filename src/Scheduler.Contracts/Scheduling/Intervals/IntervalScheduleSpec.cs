using System.Globalization;

namespace Scheduler.Contracts.Scheduling.Intervals;

/// <summary>
/// Compiles an <see cref="IntervalSchedule"/> to the text spec stored with the task and the instant of its first run
/// (the <c>startAt</c> it implies). Minutes and hours become an exact interval ("every 15 minutes"); days, weeks and
/// months an RFC 5545 rule whose DTSTART is the first execution in the zone; cron the cron expression.
/// </summary>
internal static class IntervalScheduleSpec
{
    // About 100 years each, the longest interval a spec takes.
    private const int MaxMinutes = 52_596_000, MaxHours = 876_600, MaxDays = 36_500, MaxWeeks = 5_200, MaxMonths = 1_200;

    /// <exception cref="ScheduleSpecException">A field is missing or out of range; the message names it.</exception>
    public static (string Spec, DateTimeOffset? StartAt) Compile(IntervalSchedule schedule, string timeZone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var zone = ScheduleTimeZones.Find(timeZone);
        var (type, n, next) = (schedule.IntervalType, schedule.IntervalValue, schedule.NextExecution?.ToUniversalTime());
        if (!Enum.IsDefined(type))
            throw Error($"intervalType {(int)type} is unknown; expected minutes, hours, days, weeks, months or cron");
        if (type == IntervalType.Cron)
        {
            if (string.IsNullOrWhiteSpace(schedule.Cron))
                throw new ScheduleSpecException("intervalType cron needs \"cron\", a cron expression such as \"0 3 * * MON\"; e.g. {\"intervalType\": \"cron\", \"cron\": \"0 3 * * MON\"}", "intervalSchedule");
            return ("cron:" + schedule.Cron.Trim(), next);
        }
        if (schedule.Cron is not null)
            throw Error($"\"cron\" is only read with intervalType cron; intervalType is {Name(type)}");
        var max = type switch
        {
            IntervalType.Minutes => MaxMinutes, IntervalType.Hours => MaxHours, IntervalType.Days => MaxDays, IntervalType.Weeks => MaxWeeks, _ => MaxMonths,
        };
        if (n < 1 || n > max)
            throw Error($"intervalValue is {n}; expected a whole number of {Name(type)} from 1{(max == int.MaxValue ? "" : $" to {max}")}");
        switch (type)
        {
            case IntervalType.Minutes or IntervalType.Hours:
                return (n == 1 ? $"every {Name(type)[..^1]}" : $"every {n.ToString(CultureInfo.InvariantCulture)} {Name(type)}", next);
            default:
                // Wall-clock forms need a local date-time to put in DTSTART; it carries whole seconds only.
                var local = next is { } at ? ZonedClock.ToLocal(at, zone) : Advance(ZonedClock.ToLocal(now, zone), type, n);
                local = local.AddTicks(-(local.Ticks % TimeSpan.TicksPerSecond));
                var first = ZonedClock.ToInstant(local, zone);
                return ($"{DtStart(local, timeZone)} RRULE:{Rule(type, n, local.Day)}", first);
        }
    }

    private static DateTime Advance(DateTime local, IntervalType type, int n) => type switch
    {
        IntervalType.Days => local.AddDays(n),
        IntervalType.Weeks => local.AddDays(7 * n),
        _ => local.AddMonths(n),
    };

    private static string DtStart(DateTime local, string timeZone)
    {
        var stamp = local.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        return string.Equals(timeZone, "UTC", StringComparison.OrdinalIgnoreCase) ? $"DTSTART:{stamp}Z" : $"DTSTART;TZID={timeZone}:{stamp}";
    }

    /// <summary>The RRULE; for months past the 28th, the last of the days from 28 to the start's day that the month has.</summary>
    internal static string Rule(IntervalType type, int n, int dayOfMonth)
    {
        var interval = n == 1 ? "" : $";INTERVAL={n.ToString(CultureInfo.InvariantCulture)}";
        return type switch
        {
            IntervalType.Days => "FREQ=DAILY" + interval,
            IntervalType.Weeks => "FREQ=WEEKLY" + interval,
            _ when dayOfMonth <= 28 => $"FREQ=MONTHLY{interval};BYMONTHDAY={dayOfMonth.ToString(CultureInfo.InvariantCulture)}",
            // BYMONTHDAY=28,29,30,31;BYSETPOS=-1 takes the 31st where it exists, else the month's last day: clamping
            // that returns to the original day in the next long month, as RFC 5545 alone (which skips) would not.
            _ => $"FREQ=MONTHLY{interval};BYMONTHDAY={string.Join(',', Enumerable.Range(28, dayOfMonth - 27))};BYSETPOS=-1",
        };
    }

    private static string Name(IntervalType type) => type.ToString().ToLowerInvariant();

    private static ScheduleSpecException Error(string message) => new(message + "; e.g. {\"intervalType\": \"hours\", \"intervalValue\": 2, \"nextExecution\": \"2026-12-01T09:00:00Z\"}", "intervalSchedule");
}
