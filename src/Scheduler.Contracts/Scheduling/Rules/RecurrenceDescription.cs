using System.Globalization;

namespace Scheduler.Contracts.Scheduling.Rules;

/// <summary>An English reading of a rule, e.g. "monthly on the last Friday at 17:00 (Europe/Berlin)".</summary>
internal static class RecurrenceDescription
{
    private static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;

    public static string Describe(RecurrenceRule r)
    {
        var parts = new List<string> { Frequency(r) };
        if (r.ByWeekNo is { } weeks) parts.Add("in week " + Join(weeks.Select(Number)));
        if (r.ByYearDay is { } yearDays) parts.Add("on day " + Join(yearDays.Select(Number)) + " of the year");
        if (r.ByDay is { } days) parts.Add("on " + Join(days.Select(Weekday)));
        // BYMONTHDAY=28,29,30,31;BYSETPOS=-1 (a structured monthly step from the 31st): the day, or the month's last when it has none.
        var clamped = r is { Freq: Rules.Frequency.Monthly, ByMonthDay: [28, .. var rest], BySetPos: [-1], ByDay: null, ByYearDay: null, ByWeekNo: null }
            && (r.ByHour?.Length ?? 1) == 1 && (r.ByMinute?.Length ?? 1) == 1 && (r.BySecond?.Length ?? 1) == 1
            && rest.Length > 0 && rest.Select((d, i) => d == 29 + i).All(x => x);
        if (clamped) parts.Add($"on the {MonthDays([r.ByMonthDay![^1]])} (the last day in shorter months)");
        else if (r.ByMonthDay is { } monthDays) parts.Add("on the " + MonthDays(monthDays));
        if (r.ByMonth is { } months) parts.Add("in " + Join(months.Select(m => MonthNames[m - 1])));
        if (r.BySetPos is { } positions && !clamped) parts.Add("taking the " + Join(positions.Select(Position)) + " of each period's matches");
        if (Time(r) is { } time) parts.Add(time);
        var bounds = new List<string>();
        if (r.Count is { } count) bounds.Add(count == 1 ? "once" : $"{count} times");
        if (r.UntilInstant is { } until) bounds.Add("until " + ZonedClock.ToLocal(until, r.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        bounds.Add("from " + r.Start.ToString(r.Start.Second == 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        var excluded = r.ExDates.Length + r.ExDays.Length;
        if (excluded > 0) bounds.Add(excluded == 1 ? "except 1 date" : $"except {excluded} dates");
        return string.Join(' ', parts) + ", " + string.Join(", ", bounds) + $" ({r.ZoneId})";
    }

    private static string Frequency(RecurrenceRule r)
    {
        var (single, unit) = r.Freq switch
        {
            Rules.Frequency.Yearly => ("yearly", "year"), Rules.Frequency.Monthly => ("monthly", "month"),
            Rules.Frequency.Weekly => ("weekly", "week"), Rules.Frequency.Daily => ("daily", "day"),
            Rules.Frequency.Hourly => ("hourly", "hour"), Rules.Frequency.Minutely => ("every minute", "minute"),
            _ => ("every second", "second"),
        };
        return r.Interval == 1 ? single : r.Interval == 2 ? $"every other {unit}" : $"every {r.Interval} {unit}s";
    }

    private static string? Time(RecurrenceRule r)
    {
        var s = r.Start;
        if (r.Freq >= Rules.Frequency.Daily)
        {
            var times = from h in r.ByHour ?? [s.Hour] from m in r.ByMinute ?? [s.Minute] from sec in r.BySecond ?? [s.Second]
                        select new TimeOnly(h, m, sec);
            var list = times.Order().ToList();
            if (list.Count > 6) return $"at {list.Count} times a day from {Clock(list[0])} to {Clock(list[^1])}";
            return "at " + Join(list.Select(Clock));
        }
        var parts = new List<string>();
        if (r.ByHour is { } hours) parts.Add("in hour " + Join(hours.Select(h => h.ToString("00", CultureInfo.InvariantCulture))));
        if (r.Freq == Rules.Frequency.Hourly)
        {
            var marks = from m in r.ByMinute ?? [s.Minute] from sec in r.BySecond ?? [s.Second]
                        select sec == 0 ? $":{m:00}" : $":{m:00}:{sec:00}";
            parts.Add("at " + Join(marks.Take(7)) + (marks.Count() > 7 ? "…" : ""));
        }
        else
        {
            if (r.ByMinute is { } minutes) parts.Add("at minute " + Join(minutes.Select(Number)));
            var seconds = r.BySecond ?? (r.Freq == Rules.Frequency.Minutely && s.Second != 0 ? [s.Second] : null);
            if (seconds is not null) parts.Add("at second " + Join(seconds.Select(Number)));
        }
        return parts.Count == 0 ? null : string.Join(' ', parts);
    }

    private static string Clock(TimeOnly t) => t.ToString(t.Second == 0 ? "HH:mm" : "HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Weekday(WeekdayNum d)
    {
        var name = CultureInfo.InvariantCulture.DateTimeFormat.DayNames[(int)d.Day];
        return d.Ordinal == 0 ? name : $"the {WeekdayPosition(d.Ordinal)} {name}";
    }

    // A weekday's place in the month in words ("second Tuesday", "second to last Friday"), as the English specs' own
    // descriptions say it, so "RRULE:…BYDAY=-2FR" and "every second to last friday" read alike; a day of the month
    // stays a numeral ("15th", "2nd to last day") in both. Past the fifth (a yearly "20MO") numerals read better.
    private static string WeekdayPosition(int n) => n switch
    {
        -1 => "last",
        >= -5 and < -1 => OrdinalWords[-n] + " to last",
        >= 1 and <= 5 => OrdinalWords[n],
        _ => Position(n),
    };

    private static readonly string[] OrdinalWords = ["", "first", "second", "third", "fourth", "fifth"];

    // In the month's order, "day" said once after days counted back, as the English specs' descriptions say them:
    // BYMONTHDAY=-2,1 is "the 1st and 2nd to last day", -3,-1 "the 3rd to last and last day".
    private static string MonthDays(IEnumerable<int> days)
    {
        var ordered = days.Where(d => d > 0).Order().Concat(days.Where(d => d < 0).Order()).ToList();
        if (ordered.All(d => d > 0)) return Join(ordered.Select(MonthDay));
        return Join(ordered.Select(d => d > 0 ? Nth(d) : MonthDay(d)[..^" day".Length])) + " day";
    }

    private static string MonthDay(int day) => day == -1 ? "last day" : day < 0 ? $"{Nth(-day)} to last day" : Nth(day);

    private static string Position(int n) => n == -1 ? "last" : n < 0 ? $"{Nth(-n)} to last" : Nth(n);

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    internal static string Nth(int n)
    {
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return n.ToString(CultureInfo.InvariantCulture) + suffix;
    }

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1];
    }
}
