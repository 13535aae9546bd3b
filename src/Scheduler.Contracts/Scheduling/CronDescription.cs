using System.Globalization;

namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// Human sentences for the cron shapes people actually write ("every weekday at 09:00 (Europe/Berlin)"); anything
/// fancier falls back to "cron &lt;expression&gt; (zone)" rather than risk a wrong description.
/// </summary>
internal static class CronDescription
{
    private const int MaxListedTimes = 6;

    public static string Describe(string canonical, string zoneId)
    {
        var fallback = $"cron {canonical} ({zoneId})";
        var f = CronText.Fields(canonical);
        string second = "0";
        if (f.Length == 6) { second = f[0]; f = f[1..]; }
        var (minute, hour, dom, month, dow) = (f[0], f[1], f[2], f[3], f[4]);
        if (canonical == "@every_second" || (second == "*" && minute == "*" && hour == "*" && dom == "*" && month == "*" && dow == "*"))
            return $"every second ({zoneId})";
        if (!int.TryParse(second, NumberStyles.None, CultureInfo.InvariantCulture, out var sec) || sec > 59) return fallback;
        var days = Days(dom, month, dow);
        if (days is null) return fallback;
        if (minute == "*" && hour == "*" && sec == 0) return $"every minute{Suffix(days)} ({zoneId})";
        if (Numbers(minute, 59) is [var m] && hour == "*" && sec == 0) return $"every hour at minute {m}{Suffix(days)} ({zoneId})";
        if (Numbers(minute, 59) is not { } minutes || Numbers(hour, 23) is not { } hours || minutes.Count * hours.Count > MaxListedTimes)
            return fallback;
        var times = hours.SelectMany(h => minutes.Select(mm => SpecTime.Format(new TimeOnly(h, mm, sec)))).ToList();
        return $"{days} at {Join(times)} ({zoneId})";
    }

    private static string Suffix(string days) => days == "every day" ? "" : $", {days}";

    // The day part: "every day", "every weekday", "every Monday and Friday", "every month on the 1st", ...
    private static string? Days(string dom, string month, string dow)
    {
        if (dom is "*" or "?" && month == "*")
        {
            if (dow == "*" || dow == "?") return "every day";
            if (dow is "1-5" or "MON-FRI") return "every weekday";
            if (dow is "0,6" or "6,0" or "SAT,SUN" or "SUN,SAT") return "every weekend day";
            return Weekdays(dow) is { } names ? $"every {Join(names)}" : null;
        }
        if (dow is not ("*" or "?")) return null;
        var onDays = dom == "L" ? "the last day" : Numbers(dom, 31, 1) is { } list ? "the " + Join(list.Select(SpecWords.Ordinal).ToList()) : null;
        if (onDays is null) return null;
        if (month == "*") return $"every month on {onDays}";
        if (Numbers(month, 12, 1) is not { } months) return null;
        var monthNames = Join(months.Select(SpecWords.MonthName).ToList());
        return months.Count == 1 && dom != "L" && Numbers(dom, 31, 1) is [var single]
            ? $"every year on {monthNames} {single}"
            : $"on {onDays} of {monthNames}";
    }

    private static List<string>? Weekdays(string dow)
    {
        var names = new List<string>();
        foreach (var part in dow.Split(','))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 7) names.Add(((DayOfWeek)(n % 7)).ToString());
            else if (SpecWords.TryWeekday(part.ToLowerInvariant(), out var day) && part.Length == 3) names.Add(day.ToString());
            else return null;
        }
        return names;
    }

    private static List<int>? Numbers(string field, int max, int min = 0)
    {
        var result = new List<int>();
        foreach (var part in field.Split(','))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max) return null;
            result.Add(n);
        }
        return result;
    }

    private static string Join(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];
}
