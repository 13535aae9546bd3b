using System.Globalization;
using System.Text;

namespace Scheduler.Contracts.Scheduling;

public static partial class ScheduleParser
{
    /// <summary>A one-shot schedule at <paramref name="at"/>; past instants only pass with AllowPast.</summary>
    internal static ParsedSchedule Once(DateTimeOffset at, ScheduleParseOptions options, TimeZoneInfo zone, DateTimeOffset now, string spec)
    {
        var utc = at.ToUniversalTime();
        if (utc < now && !options.AllowPast)
            throw new ScheduleSpecException(
                $"\"{spec}\" resolves to {utc.ToString("O", CultureInfo.InvariantCulture)}, which is in the past; expected a future time (or, to run it once now, the option runIfPast: CLI --run-if-past, REST \"options\": {{\"runIfPast\": true}})", spec);
        return new ParsedSchedule
        {
            Kind = ScheduleKind.Once, Canonical = utc.ToString("O", CultureInfo.InvariantCulture), TimeZone = options.TimeZone,
            Anchor = utc, Description = DescribeOnce(utc, zone, options.TimeZone),
        };
    }

    /// <summary>
    /// The one-shot <paramref name="schedule"/> moved to <paramref name="at"/> in its own zone: a debounce holds its run
    /// past the instant the spec names, and the schedule shows the instant it runs at.
    /// </summary>
    internal static ParsedSchedule OnceMovedTo(ParsedSchedule schedule, DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return schedule with
        {
            Canonical = utc.ToString("O", CultureInfo.InvariantCulture), Anchor = utc,
            Description = DescribeOnce(utc, ScheduleTimeZones.Find(schedule.TimeZone), schedule.TimeZone),
        };
    }

    /// <summary>
    /// A cron schedule; the expression is validated by Cronos so a bad one fails here, not at run time, and so is
    /// one that never matches (Feb 30), which would otherwise be accepted and then never run.
    /// </summary>
    internal static ParsedSchedule Cron(string expression, ScheduleParseOptions options)
    {
        var canonical = CronText.Normalize(expression);
        if (CronText.QuartzWeekdayNumbers(canonical, options.TimeZone) is { } quartz) throw new ScheduleSpecException(quartz, expression);
        var cron = NextOccurrence.Cron(canonical);
        // Cronos searches up to its last supported year, so no next occurrence means the fields never meet.
        if (cron.GetNextOccurrence(options.ResolveNow().ToUniversalTime(), ScheduleTimeZones.Find(options.TimeZone)) is null)
            throw new ScheduleSpecException(
                $"cron expression \"{canonical}\" never matches (no occurrence after now); expected fields that meet on a real date, e.g. a day that exists in the months named: \"0 0 28 2 *\" or \"0 0 L 2 *\" (last day of February)", expression);
        return new ParsedSchedule
        {
            Kind = ScheduleKind.Cron, Canonical = canonical, TimeZone = options.TimeZone,
            Description = CronDescription.Describe(canonical, options.TimeZone),
        };
    }

    /// <summary>An interval schedule whose first run is one period after now; later runs are exact multiples.</summary>
    /// <remarks>
    /// <paramref name="anchor"/>, when given, is the first occurrence instead ("every 15 minutes starting at 9:07");
    /// <paramref name="countedFrom"/>, the earlier time of day its steps are counted from, is said when the first run is
    /// not at it ("every 5 hours counted from 2026-03-07 02:00, starting 2026-03-07 12:00"), or the phase goes unsaid.
    /// </remarks>
    internal static ParsedSchedule Interval(TimeSpan period, ScheduleParseOptions options, DateTimeOffset now, string spec, DateTimeOffset? anchor = null, DateTimeOffset? countedFrom = null)
    {
        if (period < TimeSpan.FromSeconds(1) || period > SpecDuration.Max)
            throw new ScheduleSpecException($"interval in \"{spec}\" is out of range; expected between 1 second and 100 years", spec);
        if (period.Ticks % TimeSpan.TicksPerMillisecond != 0)
            throw new ScheduleSpecException($"interval in \"{spec}\" has sub-millisecond precision; expected whole milliseconds", spec);
        var description = "every " + DescribeDuration(period);
        if (countedFrom is { } phase && phase != anchor)
            description += $" counted from {DescribeOnce(phase, ScheduleTimeZones.Find(options.TimeZone), options.TimeZone)["once at ".Length..^(options.TimeZone.Length + 3)]}";
        if (anchor is { } start)
            description += $", starting {DescribeOnce(start, ScheduleTimeZones.Find(options.TimeZone), options.TimeZone)["once at ".Length..]}";
        else
        {
            try { anchor = now.ToUniversalTime() + period; }
            catch (ArgumentOutOfRangeException e) { throw new ScheduleSpecException($"\"{spec}\" falls outside the supported dates: its first run would be after year 9999; expected times between years 0001 and 9999", spec, e); }
        }
        return new ParsedSchedule
        {
            Kind = ScheduleKind.Interval, Canonical = IsoDuration.Format(period), TimeZone = options.TimeZone,
            Interval = period, Anchor = anchor.Value.ToUniversalTime(), Description = description,
        };
    }

    internal static string DescribeOnce(DateTimeOffset utc, TimeZoneInfo zone, string zoneId)
    {
        var local = ZonedClock.ToLocal(utc, zone);
        var format = local.Second == 0 && local.Millisecond == 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss";
        return $"once at {local.ToString(format, CultureInfo.InvariantCulture)} ({zoneId})";
    }

    /// <summary>
    /// A period as schedule descriptions word it after "every": "1 hour 30 minutes", "2 weeks", "45 seconds", and one
    /// of a unit by its name alone ("day", "hour"), as people say "every day".
    /// </summary>
    public static string DescribeDuration(TimeSpan period)
    {
        var text = new StringBuilder();
        var parts = 0;
        void Part(long n, string unit)
        {
            if (n == 0) return;
            if (text.Length > 0) text.Append(' ');
            text.Append(n.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(unit).Append(n == 1 ? "" : "s");
            parts++;
        }
        var days = (long)period.TotalDays;
        if (days % 7 == 0 && period.Ticks % TimeSpan.TicksPerDay == 0) Part(days / 7, "week");
        else Part(days, "day");
        Part(period.Hours, "hour");
        Part(period.Minutes, "minute");
        Part(period.Seconds, "second");
        Part(period.Milliseconds, "millisecond");
        return parts == 1 && text.ToString() is ['1', ' ', .. var unit] ? unit : text.ToString();
    }
}
