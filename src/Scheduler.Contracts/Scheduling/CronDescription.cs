using System.Globalization;

namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// Human sentences for the cron shapes people actually write, and for every cron the English grammar produces
/// ("every weekday at 09:00 (Europe/Berlin)", "on the last Friday of every month at 17:00 (UTC)"); anything fancier
/// falls back to "cron &lt;expression&gt; (zone)" rather than risk a wrong description.
/// </summary>
internal static class CronDescription
{
    private const int MaxListedTimes = 6;
    private static readonly string[] OrdinalWords = ["first", "second", "third", "fourth", "fifth"];

    public static string Describe(string canonical, string zoneId)
    {
        var fallback = $"cron {canonical} ({zoneId})";
        var f = CronText.Fields(canonical);
        string second = "0";
        if (f.Length == 6) { second = f[0]; f = f[1..]; }
        var (minute, hour, dom, month, dow) = (f[0], f[1], f[2], f[3], f[4]);
        if (canonical == "@every_second" || (second == "*" && minute == "*" && hour == "*" && dom == "*" && month == "*" && dow == "*"))
            return $"every second ({zoneId})";
        var days = Days(dom, month, dow);
        if (days is null) return fallback;
        // "*/10 * * * * *": a step of seconds that divides the minute is evenly spaced, as "every 10 seconds" says.
        if (SecondStep(second) is { } seconds && minute == "*" && hour == "*")
            return $"every {seconds} seconds{Suffix(days)}{NoteFor(dom, month, dow)} ({zoneId})";
        if (!int.TryParse(second, NumberStyles.None, CultureInfo.InvariantCulture, out var sec) || sec > 59) return fallback;
        // "every month on the 31st" skips the months without one: said, as the plain words read as every month.
        var end = $"{NoteFor(dom, month, dow)} ({zoneId})";
        if (minute == "*" && hour == "*" && sec == 0) return $"every minute{Suffix(days)}{end}";
        if (Numbers(minute, 0, 59) is [var m] && hour == "*" && sec == 0) return $"every hour at minute {m}{Suffix(days)}{end}";
        // "15,45 * * * *" runs every 30 minutes, but not from the hour: say the minutes, as the one-minute case does.
        if (Numbers(minute, 0, 59) is { Count: > 1 and <= 4 } ms && hour == "*" && sec == 0 && !FromTheHour(ms))
            return $"every hour at minutes {Join(ms.Select(n => n.ToString(CultureInfo.InvariantCulture)).ToList())}{Suffix(days)}{end}";
        if (Numbers(minute, 0, 59) is not { } minutes || Numbers(hour, 0, 23) is not { } hours) return fallback;
        var times = hours.SelectMany(h => minutes.Select(mm => new TimeOnly(h, mm, sec))).ToList();
        if (times.Count <= MaxListedTimes) return $"{days} at {Join(times.Select(SpecTime.Format).ToList())}{end}";
        // A window: evenly spaced times read as "every 30 minutes from 09:00 to 17:30".
        var step = times[1] - times[0];
        if (times.Zip(times.Skip(1)).Any(p => p.Second - p.First != step)) return fallback;
        var wholeDay = times[0].ToTimeSpan() < step && times[^1].ToTimeSpan() + step >= TimeSpan.FromDays(1) && TimeSpan.FromDays(1).Ticks % step.Ticks == 0;
        // A whole-day grid off midnight ("30 */2", "0 1/2": 00:30, 02:30, … or 01:00, 03:00, …) says its times, as
        // the rule for the same grid does; "every 2 hours" alone would read as 00:00, 02:00, ….
        var window = !wholeDay ? $" from {SpecTime.Format(times[0])} to {SpecTime.Format(times[^1])}"
            : times[0] == TimeOnly.MinValue ? "" : $" at {SpecTime.Format(times[0])}, {SpecTime.Format(times[1])}, …, {SpecTime.Format(times[^1])}";
        return $"every {ScheduleParser.DescribeDuration(step)}{window}{Suffix(days)}{end}";
    }

    // "every month on the 31st" skips the months without one: said, as the plain words read as every month.
    private static string NoteFor(string dom, string month, string dow) =>
        dom is not ("*" or "?") && dow is "*" or "?" && Numbers(dom, 1, 31) is { } numbered
            ? CalendarRule.MissingDaysNote(numbered, month == "*" ? null : Months(month)) : "";

    private static int? SecondStep(string second) =>
        second.Split('/') is [var from, var stepText] && from is "*" or "0" && int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out var step)
            && step is > 1 and < 60 && 60 % step == 0 ? step : null;

    // Month numbers of a field that may name them ("JAN-MAR", "jan,jul").
    private static List<int>? Months(string month) => Numbers(Named(month, MonthAbbreviations, 1), 1, 12);

    private static readonly string[] MonthAbbreviations = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayAbbreviations = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    // The field with each name written as its number (the first name being <paramref name="first"/>).
    private static string Named(string field, string[] names, int first)
    {
        var upper = field.ToUpperInvariant();
        for (var i = 0; i < names.Length; i++) upper = upper.Replace(names[i], (i + first).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return upper;
    }

    private static string Suffix(string days) => days == "every day" ? "" : $", {days}";

    // The day part: "every day", "every weekday", "every Monday and Friday", "every month on the 1st",
    // "on the last Friday of every month", "on the second and fourth Wednesday of every month", ...
    private static string? Days(string dom, string month, string dow)
    {
        var months = month == "*" ? null : Months(month);
        if (month != "*" && months is null) return null;
        var ofMonths = months is null ? "of every month" : "of " + Join(months.Select(SpecWords.MonthName).ToList());
        var inMonths = months is null ? "" : " in " + Join(months.Select(SpecWords.MonthName).ToList());

        if (dow.EndsWith('L') && dom is "*" or "?" && WeekdayName(dow[..^1]) is { } lastDay) return $"on the last {lastDay} {ofMonths}";
        if (dow.Split('#') is [var d, var n] && dom is "*" or "?" && WeekdayName(d) is { } nthDay && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var nth) && nth is >= 1 and <= 5)
            return $"on the {OrdinalWords[nth - 1]} {nthDay} {ofMonths}";
        if (dom is "*" or "?")
        {
            if (dow is "*" or "?") return months is null ? "every day" : "every day" + inMonths;
            return Weekdays(dow) is { } names ? $"every {names}{inMonths}" : null;
        }
        if (dow is not ("*" or "?"))
        {
            // The nth weekdays as the grammar writes them: weeks of the month (1-7, 8-14, ...) × weekdays.
            var weeks = new List<int>();
            foreach (var range in dom.Split(','))
            {
                var week = Array.FindIndex([.. Enumerable.Range(1, 5)], k => range == $"{7 * k - 6}-{Math.Min(7 * k, 31)}");
                if (week < 0) return BothDayFields(dom, ofMonths, dow);
                weeks.Add(week);
            }
            return WeekdayNames(dow) is { } names ? $"on the {Join(weeks.Select(w => OrdinalWords[w]).ToList())} {Join(names)} {ofMonths}" : null;
        }
        if (dom is "LW" or "1W") return $"on the {(dom == "LW" ? "last" : "first")} weekday {ofMonths}";
        // "15W": the weekday nearest the 15th, within the month (Quartz's and Cronos's reading).
        if (dom.EndsWith('W') && int.TryParse(dom.AsSpan(0, dom.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var near) && near is >= 1 and <= 31)
            return $"on the weekday nearest the {SpecWords.Ordinal(near)} {ofMonths}";
        var onDays = LastDayOffset(dom) is { } offset ? "the " + CalendarRule.LastDayName(offset)
            : Numbers(dom, 1, 31) is { } list ? "the " + Join(list.Select(SpecWords.Ordinal).ToList()) : null;
        if (onDays is null) return null;
        if (months is null) return $"every month on {onDays}";
        return months.Count == 1 && Numbers(dom, 1, 31) is [var single]
            ? $"every year on {SpecWords.MonthName(months[0])} {single}"
            : $"on {onDays} {ofMonths}";
    }

    // "0 0 1,15 * 1": both fields must match (README: as Hangfire and Celery read it), which the words say.
    private static string? BothDayFields(string dom, string ofMonths, string dow) =>
        Numbers(dom, 1, 31) is { } list && WeekdayNames(dow) is { } names
            ? $"on a {Or(names)} that is the {Or(list.Select(SpecWords.Ordinal).ToList())} {ofMonths}"
            : null;

    private static string Or(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " or " + items[^1];

    // "L" is 0, "L-2" 2: the days before the month's last.
    private static int? LastDayOffset(string dom) =>
        dom == "L" ? 0 : dom.StartsWith("L-", StringComparison.Ordinal) && int.TryParse(dom.AsSpan(2), out var n) && n is > 0 and < 31 ? n : null;

    private static string? Weekdays(string dow)
    {
        if (dow is "1-5" or "MON-FRI") return "weekday";
        if (dow is "0,6" or "6,0" or "SAT,SUN" or "SUN,SAT") return "weekend day";
        var names = WeekdayNames(dow);
        // "0-7" and "*/1" are every day; "7-7" is Sunday alone (Sunday is both 0 and 7).
        if (names is { Count: 7 }) return "day";
        var range = dow.Split('-');
        if (range is [var from, var to] && WeekdayName(from) is { } first && WeekdayName(to) is { } last) return first == last ? first : $"{first} through {last}";
        return names is not null ? Join(names) : null;
    }

    // In the week's order, Monday to Sunday, as people list days ("Friday, Saturday and Sunday", not "Sunday, Friday …").
    private static List<string>? WeekdayNames(string dow)
    {
        var names = new List<string>();
        foreach (var part in dow.Split(','))
        {
            if (WeekdayName(part) is { } name) names.Add(name);
            // "MON-WED" inside a list, "1-5/2", "*/2": the days they expand to.
            else if (Numbers(Named(part, DayAbbreviations, 0), 0, 7) is { } numbers) names.AddRange(numbers.Select(n => ((DayOfWeek)(n % 7)).ToString()));
            else return null;
        }
        return [.. names.Distinct().OrderBy(n => ((int)Enum.Parse<DayOfWeek>(n) + 6) % 7)];
    }

    private static string? WeekdayName(string part)
    {
        if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 7) return ((DayOfWeek)(n % 7)).ToString();
        return part.Length == 3 && SpecWords.TryWeekday(part.ToLowerInvariant(), out var day) ? day.ToString() : null;
    }

    /// <summary>The values of a numeric field: lists, ranges and steps ("0,30", "9-16", "*/15", "8-20/2").</summary>
    // 0,15,30,45 or 0,20,40: an even step from minute 0 that divides the hour, which "every N minutes" says.
    private static bool FromTheHour(List<int> minutes) =>
        minutes[0] == 0 && 60 % (minutes[1] - minutes[0]) == 0 && minutes.Zip(minutes.Skip(1)).All(p => p.Second - p.First == minutes[1]);

    private static List<int>? Numbers(string field, int min, int max)
    {
        var result = new SortedSet<int>();
        foreach (var part in field.Split(','))
        {
            var (range, stepText) = part.Split('/') is [var r, var s] ? (r, s) : (part, null);
            var step = 1;
            if (stepText is not null && (!int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1)) return null;
            int low, high;
            if (range == "*") (low, high) = (min, max);
            else if (range.Split('-') is [var a, var b])
            {
                if (!int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out low) || !int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out high)) return null;
            }
            else
            {
                if (!int.TryParse(range, NumberStyles.None, CultureInfo.InvariantCulture, out low)) return null;
                high = stepText is null ? low : max;
            }
            if (low < min || high > max || low > high) return null;
            for (var v = low; v <= high; v += step) result.Add(v);
        }
        return [.. result];
    }

    private static string Join(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];
}
