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
        // "every month on day 15", "on days 1 and 15 of every month": the days of the month by number, as
        // "on the 15th" names them.
        lower = DayNumberPattern().Replace(lower, m => "on the " + string.Join(" and ", m.Groups["n"].Captures.Select(n => SpecWords.Ordinal(int.Parse(n.Value, System.Globalization.CultureInfo.InvariantCulture)))));
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

    [GeneratedRegex(@"\bon days? (?<n>[1-9]|[12][0-9]|3[01])(?:(?:,? and |, )(?<n>[1-9]|[12][0-9]|3[01]))*\b(?! ?(?:am|pm|:|times|hours?|minutes?))", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex DayNumberPattern();

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
