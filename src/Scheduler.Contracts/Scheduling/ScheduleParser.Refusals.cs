using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Scheduling;

public static partial class ScheduleParser
{
    private static readonly Dictionary<string, string> AmbiguousWords = new(StringComparer.Ordinal)
    {
        ["biweekly"] = "can mean twice a week or every two weeks; say which, e.g. \"every 2 weeks on monday at 9am\" or \"every monday and thursday at 9am\"",
        ["bi-weekly"] = "can mean twice a week or every two weeks; say which, e.g. \"every 2 weeks on monday at 9am\" or \"every monday and thursday at 9am\"",
        ["bimonthly"] = "can mean twice a month or every two months; say which, e.g. \"every 2 months on the 1st\" or \"every month on the 1st and 15th\"",
        ["bi-monthly"] = "can mean twice a month or every two months; say which, e.g. \"every 2 months on the 1st\" or \"every month on the 1st and 15th\"",
        ["biannually"] = "can mean twice a year or every two years; say which, e.g. \"every 6 months on the 1st\" or \"every 2 years on jan 1\"",
        ["biannual"] = "can mean twice a year or every two years; say which, e.g. \"every 6 months on the 1st\" or \"every 2 years on jan 1\"",
        ["semimonthly"] = "does not say which days; say them, e.g. \"every month on the 1st and 15th at 9am\"",
        ["semiweekly"] = "does not say which days; say them, e.g. \"every monday and thursday at 9am\"",
        ["fortnightly"] = "does not say the day; say it, e.g. \"every 2 weeks on monday at 9am\"",
    };

    /// <summary>
    /// Refuses English that a person could mean two ways, or that leaves out when, with a suggestion instead of a
    /// guess: "twice a day", "3 times a week", "biweekly", "every morning", "every few minutes".
    /// </summary>
    private static void RefuseAmbiguous(SpecCursor c)
    {
        var first = c.Peek();
        if (first is null) return;
        if (AmbiguousWords.TryGetValue(first, out var why))
            throw c.Error($"\"{first}\" in \"{c.Spec}\" {why}");
        var offset = first is "twice" or "thrice" or "once" ? 1
            : (SpecWords.IsDigits(first) || SpecWords.NumberWord(first) is not null) && c.Peek(1) == "times" ? 2 : 0;
        if (offset == 0) return;
        if (c.Peek(offset) is not ("a" or "per" or "an" or "each" or "every" or "daily" or "weekly" or "monthly" or "hourly" or "yearly")) return;
        var unit = c.Peek(offset) is "a" or "per" or "an" or "each" or "every" ? c.Peek(offset + 1) : c.Peek(offset);
        var once = first == "once";
        var suggestion = unit switch
        {
            "day" or "daily" => once ? "say the time: \"every day at 9am\"" : "say the times: \"every day at 9am and 9pm\"",
            "week" or "weekly" => once ? "say the day: \"every monday at 9am\"" : "say the days: \"every monday and thursday at 9am\"",
            "month" or "monthly" => once ? "say the day: \"every month on the 1st at 9am\"" : "say the days: \"every month on the 1st and 15th at 9am\"",
            "hour" or "hourly" => once ? "say the minute or the step: \"every hour on the hour\", \"every hour at :30\" or \"every hour\" (from now)"
                : $"say the step: \"every {(first == "twice" ? 30 : 20)} minutes\"",
            "year" or "yearly" => once ? "say the date: \"every jan 1 at 9am\""
                : first == "twice" ? "say the day: \"twice a year on the 1st at 9am\" or \"semi-annually on the 1st at 9am\" (Jan 1 and Jul 1), or the months: \"every month on the 1st in jan and jul at 9am\""
                : "say the day and months: \"every month on the 1st in jan and jul at 9am\"",
            _ => "say the times and days, e.g. \"every day at 9am and 9pm\"",
        };
        throw c.Error($"\"{string.Join(' ', Enumerable.Range(0, offset + 2).Select(i => c.Peek(i)).OfType<string>())}\" in \"{c.Spec}\" does not say when; {suggestion}");
    }

    /// <summary>
    /// "at end of day", "every day at the end of the day", "eod", "close of business": the day's last minute to some,
    /// the end of the working day to others, and no convention here picks one ("midnight" is 00:00, the day's start).
    /// Refused with both readings written as times. "until the end of the day" ("until eod", "till close of business") is
    /// the same question about an end; as bounds end on whole dates, the 23:59 reading is written "until today" and the
    /// 17:00 one as a window that ends then.
    /// </summary>
    private static void RefuseEndOfDay(string lower, string spec)
    {
        if (UntilEndOfDayPattern().Match(lower) is { Success: true } until)
        {
            var today = (lower[..until.Index] + "until today" + lower[(until.Index + until.Length)..]).Trim();
            throw new ScheduleSpecException(
                $"\"{until.Groups["phrase"].Value}\" in \"{spec}\" can mean the day's last minute (23:59) or the close of business (17:00); an end is a date, all of it counted, so write \"{today}\" to run through 23:59, or a window that ends at the time meant, e.g. \"every hour from 9am to 5pm until today\"", spec);
        }
        if (EndOfDayPattern().Match(lower) is not { Success: true } match) return;
        string With(string time) => (lower[..match.Index] + $"at {time}" + lower[(match.Index + match.Length)..]).Trim();
        throw new ScheduleSpecException(
            $"\"{match.Groups["phrase"].Value}\" in \"{spec}\" can mean the day's last minute (23:59) or the close of business (17:00); write the time meant, e.g. \"{With("23:59")}\" or \"{With("5pm")}\"", spec);
    }

    /// <summary>
    /// "every second mon-fri", "every 3rd weekdays": one ordinal (2nd-5th) before a run of weekdays. Read as "every second
    /// monday" is, it would run on the second of each of those weekdays in the month (days 8-14 that are Monday to
    /// Friday), which is neither every other week nor every weekday, what people mean by it. Refused with the readings;
    /// "of …" ("every second mon-fri of the month") or a second ordinal ("every 2nd and 4th mon-fri") says the month
    /// is meant, and single weekdays ("every second monday", "every second mon and fri") keep their month meaning.
    /// </summary>
    private static void RefuseAmbiguousNthRange(SpecCursor c)
    {
        var ordinal = c.Peek()!;
        var n = CalendarRule.WeekOrdinal(ordinal) ?? (OrdinalNumber(ordinal) is { Length: 1 } digit ? digit[0] - '0' : 0);
        var days = c.Peek(1);
        var spelled = SpecWords.TryWeekday(days, out _) && c.Peek(2) is "to" or "through" or "thru" && SpecWords.TryWeekday(c.Peek(3), out _);
        if (spelled) days = $"{days}-{c.Peek(3)}";
        if (n is < 2 or > 5 || !(spelled || CalendarRule.IsWeekdayRange(days) || days == "weekdays")) return;
        for (var i = 2; c.Peek(i) is { } token; i++)
            if (token == "of") return;
        throw c.Error($"\"every {ordinal} {days}\" in \"{c.Spec}\" can be read several ways; say which, e.g. \"every {n} weeks on {days}\", " +
            $"\"every {days}\", or \"every {ordinal} {days} of the month\" for the {ordinal} of each of those weekdays in the month");
    }

    private static bool SaysTime(SpecCursor c)
    {
        for (var i = 1; c.Peek(i) is { } token; i++)
            if (token == "at") return true;
        return false;
    }

    /// <summary>After "every": "every morning", "every few minutes", "every couple of hours".</summary>
    private static void RefuseAmbiguousEvery(SpecCursor c)
    {
        var word = c.Peek();
        // "every morning at 8" says the time; "every morning" alone does not.
        var part = PartOfDay.Find(word) is { } named && word != "nightly" && !SaysTime(c)
            ? $"say the time: \"every day at {named.Example}\""
            : word is "few" or "several" or "couple" or "some"
                ? $"say the number: \"every 5 {c.Peek(1) switch { "of" => c.Peek(2), var unit => unit } ?? "minutes"}\""
                : null;
        if (part is not null) throw c.Error($"\"every {word}\" in \"{c.Spec}\" does not say exactly when; {part}");
    }

    [GeneratedRegex(@"(?<![a-z])(?<!\b(?:until|till) (?:the )?)(?:(?:at|by) )?(?<phrase>(?:the )?end of (?:the )?(?:business |working |work ?)?day|eod|cob|close of business|end of business)(?![a-z])",
        RegexOptions.CultureInvariant, 200)]
    private static partial Regex EndOfDayPattern();

    [GeneratedRegex(@"(?<![a-z])(?:until|till) (?<phrase>(?:the )?end of (?:the )?(?:business |working |work ?)?day|eod|cob|close of business|end of business)(?![a-z])",
        RegexOptions.CultureInvariant, 200)]
    private static partial Regex UntilEndOfDayPattern();
}
