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
    /// the same question about an end; as bounds end on whole dates, the 23:59 reading is written "until" the day it
    /// named ("until eod friday" → "until friday", else "until today") and the 17:00 one as a window that ends then, in
    /// the spec's own opening ("every 15 minutes from 9am to 5pm until friday"). As a window's end ("from 9am until eod")
    /// the readings are "from 9am to 23:59" and "from 9am to 5pm". Each suggestion is shown only when it parses and
    /// repeats; else the message says what to change.
    /// </summary>
    private static void RefuseEndOfDay(string lower, SpecContext context)
    {
        var spec = context.Spec;
        var question = "can mean the day's last minute (23:59) or the close of business (17:00)";
        if (UntilEndOfDayPattern().Match(lower) is { Success: true } until)
        {
            var phrase = until.Groups["phrase"].Value;
            var before = lower[..until.Index].TrimEnd();
            var after = lower[(until.Index + until.Length)..].Trim();
            // A window's end: "from 9am until eod".
            if (WindowStartPattern().Match(before) is { Success: true } window)
            {
                string To(string time) => $"{before} to {time} {after}".Trim();
                var late = Reads(To("23:59"), context.Options);
                var close = Reads(To("5pm"), context.Options);
                var suggested = late is not null && close is not null
                    ? $"write the time meant, e.g. \"{late}\" or \"{close}\""
                    : "write the window's end as a time, \"to 23:59\" or \"to 5pm\"";
                throw new ScheduleSpecException($"\"{phrase}\" in \"{spec}\" {question}; {suggested}", spec);
            }
            // The day the end names, when one follows the phrase: "until eod friday", "until close of business on friday".
            var day = "today";
            if (EndDayPattern().Match(after) is { Success: true } named)
            {
                day = named.Groups["day"].Value;
                after = after[named.Length..].Trim();
            }
            var through = Reads($"{before} until {day} {after}".Trim(), context.Options);
            var opening = before.Length == 0 ? null : Reads($"{before} from 9am to 5pm until {day} {after}".Trim(), context.Options);
            var lastMinute = through is null ? $"end it \"until {day}\" to run through 23:59" : $"write \"{through}\" to run through 23:59";
            var closeOfBusiness = opening is null ? "a window that ends at the time meant (\"from 9am to 5pm\")" : $"a window that ends at the time meant, e.g. \"{opening}\"";
            throw new ScheduleSpecException(
                $"\"{phrase}\" in \"{spec}\" {question}; an end is a date, all of it counted, so {lastMinute}, or {closeOfBusiness}", spec);
        }
        if (EndOfDayPattern().Match(lower) is not { Success: true } match) return;
        string With(string time) => (lower[..match.Index] + $"at {time}" + lower[(match.Index + match.Length)..]).Trim();
        throw new ScheduleSpecException(
            $"\"{match.Groups["phrase"].Value}\" in \"{spec}\" {question}; write the time meant, e.g. \"{With("23:59")}\" or \"{With("5pm")}\"", spec);
    }

    /// <summary>
    /// <paramref name="suggestion"/> when it parses, in the same zone and from the same now, to a repeating schedule
    /// (as the spec it replaces was meant): a refusal shows no suggestion that would itself be refused or run once.
    /// </summary>
    private static string? Reads(string suggestion, ScheduleParseOptions options, Func<ParsedSchedule, bool>? means = null)
    {
        try
        {
            var parsed = ParseCore(suggestion, options with { AllowPast = true });
            return parsed.Kind is not (ScheduleKind.Once or ScheduleKind.Trigger) && (means is null || means(parsed)) ? suggestion : null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
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
        RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex EndOfDayPattern();

    [GeneratedRegex(@"(?<![a-z])(?:until|till) (?<phrase>(?:the )?end of (?:the )?(?:business |working |work ?)?day|eod|cob|close of business|end of business)(?![a-z])",
        RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex UntilEndOfDayPattern();

    // "2M" alone reads as minutes once lower-cased, but an upper-case M is months in ISO 8601 (P2M) and in many tools:
    // asked rather than guessed. A combined step ("1h30M") is minutes beyond doubt.
    private static void RefuseMonthOrMinute(SpecContext context)
    {
        if (MonthOrMinutePattern().Match(context.Spec) is not { Success: true } m) return;
        var n = m.Groups["n"].Value;
        throw new ScheduleSpecException(
            $"\"{m.Value}\" in \"{context.Spec}\" can mean {n} minutes or {n} months; expected \"{n} minutes\" or \"{n} months\"",
            context.Spec);
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?<n>\d+) ?M(?![A-Za-z0-9])", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex MonthOrMinutePattern();

    // "… from 9am", "between 9:30 am": a window's start just before "until".
    [GeneratedRegex(@"(?<![a-z])(?:from|between) [0-9a-z:.]+(?: ?(?:am|pm|a\.m\.|p\.m\.))?$", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex WindowStartPattern();

    // The day an end of day names after it: "friday", "on friday", "tomorrow", "this friday", "next friday".
    [GeneratedRegex(@"^(?:on |this )?(?<day>today|tonight|tomorrow|(?:next )?(?:mon|tues|wednes|thurs|fri|satur|sun)day)(?![a-z])", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex EndDayPattern();
}
