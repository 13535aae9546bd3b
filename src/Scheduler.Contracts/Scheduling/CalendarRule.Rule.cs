using System.Globalization;

namespace Scheduler.Contracts.Scheduling;

internal sealed partial class CalendarRule
{
    private static readonly string[] DayCodes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

    /// <summary>
    /// Writes the rule as RFC 5545 text, "DTSTART;TZID=zone:local RRULE:…". DTSTART is the first occurrence at or
    /// after the schedule's start (<see cref="FirstOccurrence"/>), so "every other" and "every N" count from there.
    /// </summary>
    public string ToRuleText(SpecCursor c, DateTime dtstart, string zoneId, TimeZoneInfo zone)
    {
        var parts = new List<string> { "FREQ=" + Unit switch
        {
            CalendarUnit.Day => "DAILY",
            CalendarUnit.Week => "WEEKLY",
            CalendarUnit.Month or CalendarUnit.Quarter or CalendarUnit.HalfYear => "MONTHLY",
            _ => "YEARLY",
        } };
        if (Every > 1) parts.Add($"INTERVAL={N(Every)}");
        var months = Months ?? (Unit == CalendarUnit.Year && !HasDay ? [1] : null);
        if (months is not null) parts.Add("BYMONTH=" + string.Join(',', months.Select(N)));
        var setPositions = new List<int>();
        if (Weekdays is { } weekdays)
        {
            parts.Add("BYDAY=" + string.Join(',', Ordinals.Count == 0
                ? weekdays.Select(d => DayCodes[(int)d])
                : NthDays.OrderBy(p => p.Ordinal).ThenBy(p => p.Day).Select(p => N(p.Ordinal) + DayCodes[(int)p.Day])));
        }
        else if (Special is MonthDaySpecial.LastWeekday or MonthDaySpecial.FirstWeekday)
        {
            parts.Add("BYDAY=MO,TU,WE,TH,FR");
            setPositions.Add(Special == MonthDaySpecial.LastWeekday ? -1 : 1);
        }
        else if (Special == MonthDaySpecial.LastDay) parts.Add("BYMONTHDAY=" + string.Join(',', MonthDays.Select(N).Concat(LastDayOffsets.Reverse().Select(o => N(-(o + 1))))));
        else if (MonthDays.Count > 0) parts.Add("BYMONTHDAY=" + string.Join(',', MonthDays.Select(N)));
        else if (Unit == CalendarUnit.Week) parts.Add("BYDAY=SU");
        else if (Unit != CalendarUnit.Day) parts.Add("BYMONTHDAY=1");

        var times = TimesOfDay(c);
        var hours = times.Select(t => t.Hour).Distinct().Order().ToList();
        var minutes = times.Select(t => t.Minute).Distinct().Order().ToList();
        var seconds = times.Select(t => t.Second).Distinct().Order().ToList();
        parts.Add("BYHOUR=" + string.Join(',', hours.Select(N)));
        parts.Add("BYMINUTE=" + string.Join(',', minutes.Select(N)));
        parts.Add("BYSECOND=" + string.Join(',', seconds.Select(N)));
        if (hours.Count * minutes.Count * seconds.Count != times.Count)
        {
            // BYSETPOS picks the wanted times out of hours × minutes × seconds, which only works per day.
            if (setPositions.Count > 0 || Unit != CalendarUnit.Day)
                throw c.Error($"the times in \"{c.Spec}\" cannot be combined with this day rule; expected times sharing a minute (\"at 9am and 5pm\") or a daily schedule");
            var product = hours.SelectMany(h => minutes.SelectMany(m => seconds.Select(s => new TimeOnly(h, m, s)))).ToList();
            setPositions.AddRange(times.Select(t => product.IndexOf(t) + 1));
            // BYSETPOS values are positions in hours × minutes × seconds, so the largest one, not the number of runs,
            // must stay within RFC 5545's 366.
            if (setPositions.Max() > 366)
                throw c.Error(times.Count > 366
                    ? $"\"{c.Spec}\" has {times.Count} runs a day; a window with more than 366 runs a day cannot be written as one RFC 5545 rule; expected a window whose end falls on the step, e.g. \"every minute from 9:00 to 16:59\", a longer step or a shorter window"
                    : $"\"{c.Spec}\" runs at different minutes in different hours ({minutes.Count} minutes × {hours.Count} hours), which one RFC 5545 rule cannot pick out within its 366 positions; expected a step that divides an hour (e.g. \"every 5 minutes\" or \"every 10 minutes\"), a shorter window, or a separate schedule per few hours");
        }
        else if (setPositions.Count > 0 && times.Count > 1)
            throw c.Error($"\"{c.Spec}\" names several times on the first or last weekday of the month; expected one time");
        if (setPositions.Count > 0) parts.Add("BYSETPOS=" + string.Join(',', setPositions.Select(N)));
        AddBounds(parts, zone);
        // Its wall-clock times read across a spring-forward as cron's and the other English forms' are: a time the gap
        // skips runs when the gap ends (a window's last runs stay inside it), and times it merges count once. A clock
        // grid from a time ("every 12 hours starting at 2:30") keeps its minute instead, as an exact interval does.
        var gap = zone != TimeZoneInfo.Utc && zone.SupportsDaylightSavingTime && StartInstant is null ? " X-DST-GAP:AFTER" : "";
        return $"DTSTART;TZID={zoneId}:{Local(dtstart)} RRULE:{string.Join(';', parts)}{gap}";
    }

    /// <summary>
    /// An exact interval with a bound ("every 5 minutes 10 times"): DTSTART in UTC, so the steps stay absolute
    /// time, as unbounded intervals are.
    /// </summary>
    public string IntervalRuleText(TimeSpan step, DateTimeOffset anchor, TimeZoneInfo zone, params string[] byParts)
    {
        var (freq, size) = step.Ticks % TimeSpan.TicksPerDay == 0 ? ("DAILY", TimeSpan.FromDays(1))
            : step.Ticks % TimeSpan.TicksPerHour == 0 ? ("HOURLY", TimeSpan.FromHours(1))
            : step.Ticks % TimeSpan.TicksPerMinute == 0 ? ("MINUTELY", TimeSpan.FromMinutes(1))
            : ("SECONDLY", TimeSpan.FromSeconds(1));
        var parts = new List<string> { "FREQ=" + freq };
        var every = step.Ticks / size.Ticks;
        if (every > 1) parts.Add("INTERVAL=" + every.ToString(CultureInfo.InvariantCulture));
        parts.AddRange(byParts);
        AddBounds(parts, zone);
        return $"DTSTART:{Local(anchor.UtcDateTime)}Z RRULE:{string.Join(';', parts)}";
    }

    private void AddBounds(List<string> parts, TimeZoneInfo zone)
    {
        if (Until is { } until)
        {
            // The whole last day counts: "until dec 31" still runs on Dec 31. RFC 5545 wants UNTIL in UTC when DTSTART has a zone.
            var end = ZonedClock.ToInstant(until.ToDateTime(new TimeOnly(23, 59, 59)), zone);
            parts.Add($"UNTIL={Local(end.UtcDateTime)}Z");
        }
        if (Count is { } count) parts.Add($"COUNT={N(count)}");
    }

    private static string Local(DateTime time) => time.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
