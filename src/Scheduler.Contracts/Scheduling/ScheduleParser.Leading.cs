using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Scheduling;

public static partial class ScheduleParser
{
    /// <summary>
    /// Recurring specs that open with their time or their days, as people often write them: "at 9am on weekdays",
    /// "9am every day", "at noon daily", "at 9am on the first of every month", "on mondays and fridays at 17:30". They
    /// are reordered into the form that opens with the days or "every" and says the same ("weekdays at 9am",
    /// "every day at 9am", "daily at noon", "the first of every month at 9am"), so both give one schedule. One-shot
    /// openings ("at 9am on monday", "on dec 24 at 6pm", "9am tomorrow") are left as they are, and openings that
    /// could be either ("at 9am on the 1st", "on monday and friday at 9am") are refused with the recurring form.
    /// </summary>
    private static string MoveLeadingClauses(string lower, string spec)
    {
        lower = SpecWords.OrdinalWordsAsDigits(lower);
        // "starting tomorrow, every day at 9am", "until friday every hour", "from 9am to 5pm every 15 minutes": a start,
        // end or window said first is the same clause said last.
        if (LeadingBoundPattern().Match(lower) is { Success: true } bound) lower = $"{bound.Groups["r"].Value} {bound.Groups["c"].Value}";
        // "once tomorrow at 9am", "once at 5pm": a one-shot said to be one ("once a day" is a count, read elsewhere).
        if (OnceOneShotPattern().IsMatch(lower)) lower = lower[5..];
        // "everyday at 9am", "every single day at 9am": the adjective written for "every day", which is all it can mean.
        lower = EverydayPattern().Replace(lower, "every day");
        // "every day at 9am excluding weekends" says what "except weekends" does.
        lower = ExcludingPattern().Replace(lower, "except");
        lower = WorkdayPattern().Replace(lower, m => m.Groups["s"].Success ? "weekdays" : "weekday");
        // "fortnightly on friday" names its day, as "every fortnight on friday" does; alone it is refused for naming none.
        lower = FortnightlyPattern().Replace(lower, "every fortnight");
        lower = SemiannualPattern().Replace(lower, "semiannually");
        // "semi-monthly on the 1st and 15th" names its two days, as "twice a month on the 1st and 15th" does (and is
        // checked to name two); alone, "semimonthly" is refused for naming none, not read as "semi-annually".
        lower = SemiPattern().Replace(lower, m => m.Groups["on"].Success
            ? $"twice a {m.Groups["u"].Value}{m.Groups["on"].Value}"
            : $"semi{m.Groups["u"].Value}ly");
        // "at the end of every month", "every month end", "each end of the month": the month's last day, as said.
        lower = MonthEndPattern().Replace(lower, "on the last day of every month");
        // "at the end of every quarter", "every quarter end": the quarter's last day (Mar 31, Jun 30, …), as
        // "every quarter on the last day" says; "at the end of every year", "every year end": Dec 31.
        lower = QuarterEndPattern().Replace(lower, "every quarter on the last day");
        lower = YearEndPattern().Replace(lower, "every dec 31");
        // "on sunday evenings at 7pm": the plural says every Sunday evening, as "sunday evenings at 7pm" does; with
        // "on" before it the spec read as this Sunday's one-shot.
        lower = PluralPartOfDayPattern().Replace(lower, "every $1");
        lower = BeforeLastPattern().Replace(lower, m => m.Groups["n"].Success ? $"{m.Groups["n"].Value} to last" : "second to last");
        lower = MoveStepBeforeDays(lower);
        lower = MoveLeadingMinuteOfHour(lower, spec);
        lower = MoveLeadingYearlyDate(lower, spec);
        var c = new SpecCursor(lower, spec);
        var at = c.Accept("at");
        var timesFrom = c.Position;
        var timesTo = ReadLeadingTimes(c, at) ? c.Position : timesFrom;
        if (timesTo > timesFrom && OpensRecurring(c))
            return MoveLeadingOn($"{c.Slice(timesTo, c.Count)} at {c.Slice(timesFrom, timesTo)}", spec);
        RefuseOneShotLooking(c, timesTo > timesFrom ? c.Slice(timesFrom, timesTo) : null);
        return MoveLeadingOn(lower, spec);
    }

    /// <summary>
    /// "at the top of every hour", "quarter past every hour", "at 15 minutes past each hour", "on the hour every hour",
    /// "at :30 hourly", "at 15 and 45 past every hour": a minute of every hour written first is "every hour at …"
    /// ("every hour on the hour"). "at the top of the hour" alone names no step and is refused, as "on the hour" is.
    /// </summary>
    private static string MoveLeadingMinuteOfHour(string lower, string spec)
    {
        if (TopOfEveryHourPattern().Match(lower) is { Success: true } top)
            return $"every hour on the {(top.Groups["t"].Value == "top" ? "hour" : "half hour")}{lower[top.Length..]}";
        if (PastEveryHourPattern().Match(lower) is { Success: true } past)
            return $"every hour at {past.Groups["m"].Value}{lower[past.Length..]}";
        if (MinuteThenHourlyPattern().Match(lower) is { Success: true } then)
        {
            var step = then.Groups["e"].Value == "hourly" ? "hourly" : "every hour";
            return $"{step} {then.Groups["m"].Value}{lower[then.Length..]}";
        }
        if (TopOfTheHourPattern().IsMatch(lower))
            throw new ScheduleSpecException($"\"{spec}\" names a minute of the hour but no hourly step; expected e.g. \"every hour at the top of the hour\" or \"hourly\"", spec);
        return lower;
    }

    /// <summary>
    /// "on the 4th of july every year", "dec 25 each year at 9am", "at noon on jan 1 annually": a date, then that it
    /// repeats yearly, is "every jul 4 …" ("every 4th of july at noon"); without the repeat it stays a one-shot date.
    /// </summary>
    private static string MoveLeadingYearlyDate(string lower, string spec)
    {
        var c = new SpecCursor(lower, spec);
        var at = c.Accept("at");
        var timesFrom = c.Position;
        var timesTo = ReadLeadingTimes(c, at) ? c.Position : timesFrom;
        if (timesTo == timesFrom && at) return lower;
        c.Accept("on");
        c.Accept("the");
        var dateFrom = c.Position;
        try
        {
            if (!SpecTime.TryReadDate(c, out var year, out _, out _) || year is not null) return lower;
        }
        catch (ScheduleSpecException)
        {
            return lower; // not a date here; the grammar that reads it names the bad part
        }
        var dateTo = c.Position;
        var words = c.Peek() is "every" or "each" && c.Peek(1) == "year" ? 2 : c.Peek() is "yearly" or "annually" ? 1 : 0;
        if (words == 0) return lower;
        var times = timesTo > timesFrom ? $" at {c.Slice(timesFrom, timesTo)}" : "";
        return $"every {c.Slice(dateFrom, dateTo)}{times} {c.Slice(dateTo + words, c.Count)}".TrimEnd();
    }

    // "on weekdays at 9am" is "weekdays at 9am"; "on the 1st of every month" is "the 1st of every month".
    private static string MoveLeadingOn(string lower, string spec)
    {
        var c = new SpecCursor(lower, spec);
        return c.Peek() == "on" && RecurringDaysFollow(c, 1) ? c.Slice(1, c.Count) : lower;
    }

    /// <summary>Reads "9am", "at 9", "at 9am and 5pm", "noon" at the opening; false (cursor anywhere) when none.</summary>
    private static bool ReadLeadingTimes(SpecCursor c, bool afterAt)
    {
        if (!TryTime(c, afterAt)) return false;
        while (true)
        {
            var mark = c.Position;
            if (!c.AcceptSeparator() || !TryTime(c, afterAt))
            {
                c.Position = mark;
                return true;
            }
        }
    }

    // A time or nothing: what is not a time ("at tomorrow") is left for the one-shot grammar to name.
    private static bool TryTime(SpecCursor c, bool afterAt)
    {
        var mark = c.Position;
        try
        {
            if (SpecTime.TryRead(c, afterAt, out _)) return true;
        }
        catch (ScheduleSpecException)
        {
        }
        c.Position = mark;
        return false;
    }

    // What may follow leading times and makes the spec recurring: "every …", "daily", "on weekdays", "mondays".
    private static bool OpensRecurring(SpecCursor c) => c.Peek() switch
    {
        "every" or "each" or "daily" or "nightly" or "weekly" or "monthly" or "quarterly" or "semiannually" or "yearly" or "annually" => true,
        "on" => RecurringDaysFollow(c, 1),
        _ => StartsWithDays(c),
    };

    /// <summary>
    /// After "on": days that can only repeat — "every monday", "weekdays", "mondays", "mon-fri", or days of every
    /// month ("the 1st of every month", "the last day of each month", "the first monday of the month").
    /// </summary>
    private static bool RecurringDaysFollow(SpecCursor c, int offset)
    {
        if (c.Peek(offset) is "every" or "each") return true;
        if (c.Peek(offset) == "the") offset++;
        var first = c.Peek(offset);
        if (first is "weekdays" or "weekends" || SpecWords.IsPluralWeekday(first) || CalendarRule.IsWeekdayRange(first)) return true;
        if (!IsOrdinalWord(first)) return false;
        for (var i = offset + 1; c.Peek(i) is { } token; i++)
            if (token == "of")
                return c.Peek(i + 1) is "every" or "each" or "month" || (c.Peek(i + 1) == "the" && c.Peek(i + 2) is "month" or "quarter");
        return false;
    }

    private static bool IsOrdinalWord(string? token) => CalendarRule.WeekOrdinal(token) is not null || OrdinalNumber(token) is not null;

    /// <summary>
    /// "at 9am on the 1st", "on the 15th at noon": a day of the month without a month could be the next one only or
    /// every month; "on monday and friday at 9am": a one-shot has one day. Refused with the recurring form to write.
    /// </summary>
    private static void RefuseOneShotLooking(SpecCursor c, string? times)
    {
        var at = times is null ? "" : $" at {times}";
        var start = c.Position;
        if (c.Accept("on") && !RecurringDaysFollow(c, 0) && c.Peek() == "the" && IsOrdinalWord(c.Peek(1)) && !OfNextMonthFollows(c, 1) && !WeekdayOfNextMonthFollows(c, 1))
        {
            // "on the second to last friday", "on the 2nd last day": the day counted back is one day too.
            var back = c.Peek(2) == "to" && c.Peek(3) == "last" ? 2 : c.Peek(2) == "last" ? 1 : 0;
            var words = 2 + back + (c.Peek(2 + back) is "day" || CalendarRule.IsDaysWord(c.Peek(2 + back)) ? 1 : 0);
            // "on the 1st and 15th": the whole list goes before "of every month".
            while (c.Peek(words) is "and" or "," && IsOrdinalWord(c.Peek(words + 1))) words += 2;
            // "on the 24th of december" is a date, left to the one-shot grammar; so is anything else with "of".
            if (Enumerable.Range(words, c.Count).TakeWhile(i => c.Peek(i) is not null).All(i => c.Peek(i) != "of"))
            {
                var day = c.Slice(c.Position + 1, c.Position + words).Replace(" , ", ", ", StringComparison.Ordinal);
                var rest = c.Slice(c.Position + words, c.Count);
                // One day of the month may be next month's ("on the 15th of next month"); a list or a weekday is no date.
                rest = $"{at}{(rest.Length > 0 ? " " + rest : "")}";
                var once = words == 2 && c.Peek(1) != "last" ? $"\"on the {day} of next month{rest}\" or " : "";
                throw c.Error($"\"on the {day}\" in \"{c.Spec}\" does not say whether it repeats; expected e.g. \"on the {day} of every month{rest}\", or for once {once}a date such as \"on dec 1{rest}\"");
            }
        }
        var first = c.Position;
        if (SpecWords.TryWeekday(c.Peek(), out _) && !SpecWords.IsPluralWeekday(c.Peek()) && c.Peek(1) is "and" or "," && SpecWords.TryWeekday(c.Peek(2), out _))
        {
            var last = first + 2;
            while (c.Peek(last - first + 1) is "and" or "," && SpecWords.TryWeekday(c.Peek(last - first + 2), out _)) last += 2;
            var days = c.Slice(first, last + 1).Replace(" ,", ",", StringComparison.Ordinal);
            var rest = c.Slice(last + 1, c.Count);
            throw c.Error($"\"{days}\" in \"{c.Spec}\" names several days, and a one-shot spec has one; for every week write \"every {days}{at}{(rest.Length > 0 ? " " + rest : "")}\"");
        }
        c.Position = start;
    }

    /// <summary>True when a spec opens with recurring days rather than a one-shot day ("mondays", "last friday", "2nd wednesday", "mon-fri").</summary>
    private static bool StartsWithDays(SpecCursor c)
    {
        var offset = c.Peek() == "the" ? 1 : 0;
        var first = c.Peek(offset);
        if (OfNextMonthFollows(c, offset) || WeekdayOfNextMonthFollows(c, offset)) return false;
        if (first is "weekdays" or "weekends" || SpecWords.IsPluralWeekday(first)) return true;
        if (CalendarRule.WeekOrdinal(first) is not null) return true;
        // "weekday mornings at 7", "monday evenings at 6pm": the plural makes it every week.
        if (CalendarRule.IsDaysWord(first) && c.Peek(offset + 1) is { } part && part.EndsWith('s') && PartOfDay.Find(part) is not null) return true;
        // "mon-fri at 9am", "monday to friday at 9am": a run of days is never one day, so it repeats.
        if (CalendarRule.IsWeekdayRange(first) || (SpecWords.TryWeekday(first, out _) && c.Peek(offset + 1) is "to" or "through" or "thru" && SpecWords.TryWeekday(c.Peek(offset + 2), out _)))
            return true;
        // "2nd wednesday", "1st and 3rd monday", "15th of every month" — but not a one-shot date such as "24th of dec".
        return first is { Length: > 2 } && char.IsAsciiDigit(first[0]) && !SpecWords.IsDigits(first) && first.TrimStart("0123456789".ToCharArray()) is "st" or "nd" or "rd" or "th"
            && (CalendarRule.IsDaysWord(c.Peek(offset + 1)) || c.Peek(offset + 1) is "and" or ","
                || (c.Peek(offset + 1), c.Peek(offset + 2)) is ("to", "last") or ("last", "day")
                || (c.Peek(offset + 1) == "last" && SpecWords.TryWeekday(c.Peek(offset + 2), out _))
                || (c.Peek(offset + 1) == "of" && c.Peek(offset + 2) is "the" or "every" or "each" or "month"));
    }

    [GeneratedRegex(@"^(?:at )?the (?<t>top|bottom) of (?:every|each) hour\b", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex TopOfEveryHourPattern();

    [GeneratedRegex(@"^(?:at )?(?<m>(?:a )?(?:quarter|half|\d{1,2}(?: minutes?)?) (?:past|after|to)) (?:every|each) hour\b", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex PastEveryHourPattern();

    [GeneratedRegex(@"^(?<m>on the (?:hour|half hour|half-hour)|at :\d{1,2}|at minute \d{1,2}|at the (?:top|bottom) of the hour|at (?:a )?(?:quarter|half|\d{1,2}(?: minutes?)?) (?:past|after|to)(?: the hour)?|at \d{1,2}(?:, \d{1,2}|,? and \d{1,2})+(?: minutes?)? (?:past|after)(?: the hour)?) ?,? (?<e>every hour|each hour|hourly)\b", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex MinuteThenHourlyPattern();

    [GeneratedRegex(@"^(?:at )?the (?:top|bottom) of the hour$", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex TopOfTheHourPattern();

    // "business day", "working days", "workday": Monday to Friday, as "last business day" already reads (no holidays are known).
    [GeneratedRegex(@"\b(?:business ?|working ?|work ?)day(?<s>s)?\b", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex WorkdayPattern();

    [GeneratedRegex(@"(?<![a-z])(?:(?:on |at )?(?:the )?end of (?:every|each) month|(?:every|each) month[- ]end|(?:every|each) end of (?:the )?month)(?![a-z-])",
        RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex MonthEndPattern();

    [GeneratedRegex(@"(?<![a-z])(?:(?:on |at )?(?:the )?end of (?:every|each) quarter|(?:every|each) quarter[- ]end|(?:on |at )?the last day of (?:every|each) quarter)(?![a-z-])",
        RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex QuarterEndPattern();

    [GeneratedRegex(@"(?<![a-z])(?:(?:on |at )?(?:the )?end of (?:every|each) year|(?:every|each) year[- ]end|(?:on |at )?the last day of (?:every|each) year)(?![a-z-])",
        RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex YearEndPattern();

    [GeneratedRegex(@"^fortnightly(?= .*\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b)", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex FortnightlyPattern();

    // "semi-annually", "half-yearly", "every half year": one keyword, read as "quarterly" is (calendar halves). Not
    // "biannually", which can also mean every two years and is refused.
    [GeneratedRegex(@"(?<![a-z-])(?:semi[- ]?annually|half[- ]?yearly|(?:every|each) half[- ]year)(?![a-z-])", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex SemiannualPattern();

    [GeneratedRegex(@"^(?<c>(?:starting|beginning|from|between|until|till) [^,]+?),? (?<r>(?:every|each) .+|(?:daily|hourly|weekly|monthly|weekdays|weekends)(?: .+)?)$", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex LeadingBoundPattern();

    [GeneratedRegex(@"^once (?!(?:a|an|per|each|every|daily|weekly|monthly|hourly|yearly)\b)", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex OnceOneShotPattern();

    [GeneratedRegex(@"(?<![a-z-])(?:everyday|every single day)(?![a-z-])", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex EverydayPattern();

    [GeneratedRegex(@"(?<![a-z-])semi[- ]?(?<u>month|week)ly(?<on> on)?(?![a-z-])", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex SemiPattern();

    // "penultimate day", "2nd-to-last day": a day counted back from the month's last, as "second to last day" says it.
    [GeneratedRegex(@"(?<![a-z0-9-])(?:penultimate|(?<n>[a-z0-9]+)-to-last)(?![a-z-])", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex BeforeLastPattern();

    [GeneratedRegex(@"^on ((?:mon|tues|wednes|thurs|fri|satur|sun)day (?:mornings|afternoons|evenings|nights))(?![a-z])", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex PluralPartOfDayPattern();

    [GeneratedRegex(@"(?<![a-z])excluding(?![a-z])", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex ExcludingPattern();
}
