namespace Scheduler.Contracts.Scheduling;

public static partial class ScheduleParser
{
    private const string EveryForms =
        "a number and unit (5 minutes, 1h30m), other, second, minute, hour, day, week, weekday, weekend, mon..sun, month, quarter, an ordinal (15th, last friday), year or a month and day (dec 24)";

    private const string ClauseForms =
        "\"at <time>\", \"on <day>\", \"of <month>\", \"from <time> to <time>\", \"except <day>\", \"until <date>\" or \"<n> times\", e.g. \"every monday at 9am\"";

    /// <summary>
    /// "every …". A length of time alone — "every 90 minutes", "every 2 days", "every 1h30m", "every hour" — is an
    /// exact <see cref="ScheduleKind.Interval"/> anchored one period after now ("starting at 9:07" moves the anchor to
    /// the next 09:07): absolute time, no drift, unaffected by DST. Anything tied to the calendar — a time of day,
    /// weekdays, days of the month, nth weekdays, months, quarters, dates, a daily window ("every 30 minutes from 9am
    /// to 5pm", both ends inclusive) — follows the wall clock in the zone and compiles to one cron expression when
    /// cron says it exactly, else to an RFC 5545 rule. "every other"/"every N days|weeks|months" with a day or time
    /// count from the first occurrence at or after the start; "every second day", "every 3rd week" read as "every 2
    /// days", "every 3 weeks". See <see cref="Compile"/>.
    /// </summary>
    internal static ParsedSchedule ParseEvery(SpecCursor c, SpecContext ctx)
    {
        c.Next();
        if (c.AtEnd) throw c.Unexpected(EveryForms);
        RefuseAmbiguousEvery(c);
        var rule = new CalendarRule();
        if (c.Accept("other"))
        {
            rule.Every = 2;
            ReadOtherUnit(c, rule);
        }
        // "every hour and a half" is "every 90 minutes" (the duration reader reads it only after a number: "an hour and a half").
        else if (IntervalWord(c.Peek()!) is { } whole && c.Peek(1) == "and" && c.Peek(2) == "a" && c.Peek(3) == "half")
        {
            c.Position += 4;
            ApplyDuration(c, rule, new SpecDuration(whole + whole / 2, 0));
        }
        else if (OnlyBoundsFollow(c, 1) && IntervalWord(c.Peek()!) is { } unit)
        {
            c.Position++;
            rule.Step = unit;
        }
        // Before the duration reader, which reads "half an hour" as 30 minutes from now: "every half hour" is on the clock.
        else if (FractionOfHour(c) is { } fraction)
        {
            rule.Step = fraction;
            rule.OnClock = true;
        }
        else if (SpecDuration.TryRead(c, out var duration)) ApplyDuration(c, rule, duration);
        // Before the date reader, which takes "45th" for a day of the month and refuses it: "every 45th minute" counts
        // minutes as "every 3rd hour" counts hours.
        else if (OrdinalStep(c) is { } counted) ApplyDuration(c, rule, counted);
        else if (SpecTime.TryReadDate(c, out var year, out var month, out var day))
        {
            if (year is not null) throw c.Error($"a recurring schedule cannot name a year in \"{c.Spec}\"; expected e.g. \"every dec 24\"");
            rule.SetDate(c, month, day);
        }
        else if (CalendarRule.WeekOrdinal(c.Peek()) is not null || SpecWords.TryOrdinal(c.Peek(), true, c, out _))
        {
            RefuseAmbiguousNthRange(c);
            rule.ReadOrdinalDays(c);
        }
        else if (!ReadBase(c, rule)) throw FractionalStep(c) ?? UnknownWord(c, EveryForms);
        ReadClauses(c, rule);
        return Compile(c, rule, ctx);
    }

    // "every 1.5 hours": steps are whole numbers; say the same step in a smaller unit instead of "unknown word".
    private static ScheduleSpecException? FractionalStep(SpecCursor c)
    {
        var token = c.Peek()!;
        if (!decimal.TryParse(token, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var n)
            || !token.Contains('.') || n <= 0) return null;
        (string Unit, int Per)? smaller = c.Peek(1)?.TrimEnd('s') switch
        {
            "day" => ("hours", 24), "hour" or "hr" or "h" => ("minutes", 60), "minute" or "min" or "m" => ("seconds", 60), _ => null,
        };
        var same = smaller is { } s && n * s.Per == decimal.Truncate(n * s.Per) ? $" (\"every {n * s.Per:0} {s.Unit}\")" : "";
        return c.Error($"\"{token}\" in \"{c.Spec}\" is not a whole number; write the step in a smaller unit{same} or combined, e.g. \"every 1h30m\"");
    }

    /// <summary>
    /// "hourly" (minute 0 of every hour), "daily" (00:00), "weekly" (Sunday 00:00), "monthly" (the 1st at 00:00),
    /// "quarterly" (Jan, Apr, Jul, Oct 1 at 00:00), "semi-annually" (Jan, Jul 1 at 00:00: calendar halves, as quarters
    /// are calendar quarters; "every 6 months" counts from the first run instead), "yearly"/"annually" (Jan 1 00:00) —
    /// all take the clauses of "every …" ("daily at 9am", "hourly from 9am to 5pm on weekdays").
    /// </summary>
    internal static ParsedSchedule ParseKeyword(SpecCursor c, SpecContext ctx)
    {
        var word = c.Next();
        if (word == "hourly" && c.AtEnd) return Cron("0 * * * *", ctx.Options);
        // "minutely" (Hangfire's Cron.Minutely): every minute on the clock, as "hourly" is every hour on it.
        if (word == "minutely" && c.AtEnd) return Cron("* * * * *", ctx.Options);
        var rule = new CalendarRule();
        switch (word)
        {
            case "hourly" or "minutely":
                rule.Step = word == "hourly" ? TimeSpan.FromHours(1) : TimeSpan.FromMinutes(1);
                rule.OnClock = true;
                break;
            case "daily": rule.Unit = CalendarUnit.Day; break;
            case "weekly": rule.Unit = CalendarUnit.Week; break;
            case "monthly": rule.Unit = CalendarUnit.Month; break;
            case "quarterly": rule.Unit = CalendarUnit.Quarter; break;
            case "semiannually": rule.Unit = CalendarUnit.HalfYear; break;
            case "nightly": rule.PartOfDay = PartOfDay.Find(word); break;
            default: rule.Unit = CalendarUnit.Year; break;
        }
        ReadClauses(c, rule);
        return Compile(c, rule, ctx);
    }

    /// <summary>Specs that start with their days: "weekdays at 9am", "mondays at 8", "first monday of every month at 10am".</summary>
    internal static ParsedSchedule ParseDaysFirst(SpecCursor c, SpecContext ctx)
    {
        c.Accept("the");
        var rule = new CalendarRule();
        if (CalendarRule.IsDaysWord(c.Peek())) rule.ReadWeekdays(c);
        else rule.ReadOrdinalDays(c);
        ReadClauses(c, rule);
        return Compile(c, rule, ctx);
    }

    /// <summary>
    /// "every second day", "every 3rd week", "every third hour": an ordinal before a unit counts units, as "every other
    /// day" does, so it reads as "every 2 days". Not "every 2nd" (the 2nd of the month) nor "every second day of the
    /// month", where "of" makes it a day of the month; "first" and "last" count nothing.
    /// </summary>
    private static SpecDuration? OrdinalStep(SpecCursor c)
    {
        var token = c.Peek();
        var unit = c.Peek(1);
        if (token is null || unit is not ("second" or "minute" or "hour" or "day" or "week" or "month" or "year")) return null;
        long n;
        if (CalendarRule.WeekOrdinal(token) is { } word) n = word;
        else if (OrdinalNumber(token) is { } digits) n = SpecWords.Number(digits, c);
        else return null;
        if (c.Peek(2) == "of")
        {
            // "every 45th minute of the hour" is a minute on the clock (cron's 45), which the English forms have no
            // words for; the date reader would call "45th" a bad day of the month.
            if (unit is "second" or "minute" or "hour")
                throw c.Error($"\"{token} {unit} of …\" in \"{c.Spec}\" is not understood; {ClockHint(unit, n)}write \"every {n} {unit}s\" for one every {n} {unit}s");
            return null;
        }
        // "every first day" is the 1st of the month; "every first hour" counts one hour, which only "every hour" says.
        if (n < 2 && unit != "day")
            throw c.Error($"\"{token} {unit}\" in \"{c.Spec}\" is not understood; write \"every {unit}\", or e.g. \"every 2nd {unit}\" for every 2 {unit}s");
        if (n < 2) return null;
        c.Position += 2;
        return SpecDuration.Of(n, unit, c);
    }

    // What to write for "at minute 45 of every hour" (an hour is left to the reader: is the 1st hour 00:00 or 01:00?).
    private static string ClockHint(string unit, long n) => unit switch
    {
        "second" when n <= 59 => $"for second {n} of every minute write \"cron:{n} * * * * *\"; ",
        "minute" when n <= 59 => $"for minute {n} of every hour write \"cron:{n} * * * *\"; ",
        "hour" => "for a time of day write e.g. \"every day at 14:00\"; ",
        _ => "",
    };

    /// <summary>The digits of "2nd", "15th", "101st"; null for anything else.</summary>
    private static string? OrdinalNumber(string? token)
    {
        var digits = token?.TakeWhile(char.IsAsciiDigit).Count() ?? 0;
        return digits > 0 && token![digits..] is "st" or "nd" or "rd" or "th" ? token[..digits] : null;
    }

    private static void ReadOtherUnit(SpecCursor c, CalendarRule rule)
    {
        var word = c.Peek();
        switch (word)
        {
            case "second" or "minute" or "hour":
                rule.Step = 2 * IntervalWord(word)!.Value;
                c.Position++;
                return;
            // "every other day" alone is an exact interval, as "every 2 days" is, and stays one with a bound.
            case "day" or "week" when OnlyBoundsFollow(c, 1):
                rule.Step = 2 * IntervalWord(word)!.Value;
                c.Position++;
                return;
            case "day": rule.Unit = CalendarUnit.Day; break;
            case "week":
                rule.Unit = CalendarUnit.Week;
                rule.WeekdayOfFirst = true;
                break;
            case "month": rule.Unit = CalendarUnit.Month; break;
            case "year": rule.Unit = CalendarUnit.Year; break;
            case "weekday" or "weekdays":
                throw c.Error($"\"every other weekday\" in \"{c.Spec}\" can be read two ways; say the days, e.g. \"every monday, wednesday and friday\" or \"every 2 weeks on monday\"");
            default:
                if (!SpecWords.TryWeekday(word, out _))
                    throw UnknownWord(c, $"day, week, month, year, hour, minute or a weekday ({SpecWords.WeekdayList}) after \"every other\"");
                rule.Unit = CalendarUnit.Week;
                rule.ReadWeekdays(c);
                return;
        }
        c.Position++;
    }

    // "every 2 days at 9am" is a calendar rule; "every 2 days" alone an exact interval; months are always calendar.
    private static void ApplyDuration(SpecCursor c, CalendarRule rule, SpecDuration duration)
    {
        if (duration.Months > 0)
        {
            rule.Unit = duration.Months % 12 == 0 ? CalendarUnit.Year : CalendarUnit.Month;
            rule.Every = duration.Months % 12 == 0 ? duration.Months / 12 : duration.Months;
            return;
        }
        var days = duration.Fixed.Ticks / TimeSpan.TicksPerDay;
        var calendar = c.Peek() is "at" or "on" or "in" or "except" || CalendarRule.IsDaysWord(c.Peek()) || StartNamesDay(c, from: true) || StartNamesTime(c)
            || TimeAfterBound(c, 0);
        if (days > 0 && duration.Fixed.Ticks % TimeSpan.TicksPerDay == 0 && calendar)
        {
            rule.Unit = days % 7 == 0 ? CalendarUnit.Week : CalendarUnit.Day;
            rule.Every = (int)(days % 7 == 0 ? days / 7 : days);
            rule.WeekdayOfFirst = days % 7 == 0;
            return;
        }
        rule.Step = duration.Fixed;
    }

    /// <summary>
    /// True when nothing but a bound ("until dec 31", "10 times", "for 10 times") follows token <paramref name="offset"/>:
    /// "every day until dec 31" is then the bounded exact interval, in the phase of "every day", not midnight.
    /// </summary>
    private static bool OnlyBoundsFollow(SpecCursor c, int offset) => !TimeAfterBound(c, offset) && c.Peek(offset) switch
    {
        null or "until" or "till" or "through" or "thru" or "for" => true,
        var n when SpecWords.IsDigits(n) => c.Peek(offset + 1) is "times" or "runs" or "occurrences",
        _ => false,
    };

    /// <summary>
    /// True when a bound at token <paramref name="offset"/> is followed by a time of day: "every day until dec 24 at 9am"
    /// is "every day at 9am until dec 24", as "every monday until dec 24 at 9am" reads; an end is a date, never a time.
    /// </summary>
    private static bool TimeAfterBound(SpecCursor c, int offset)
    {
        if (c.Peek(offset) is not ("until" or "till" or "through" or "thru" or "for") && !(SpecWords.IsDigits(c.Peek(offset)) && c.Peek(offset + 1) is "times" or "runs" or "occurrences"))
            return false;
        for (var i = offset + 1; c.Peek(i) is { } token; i++)
            if (token == "at" && c.Peek(i + 1) is { } next && next != "night") return true;
        return false;
    }

    private static bool ReadBase(SpecCursor c, CalendarRule rule)
    {
        var word = c.Peek();
        if (IntervalWord(word!) is { } unit && unit < TimeSpan.FromDays(1))
        {
            c.Position++;
            rule.Step = unit;
            return true;
        }
        switch (word)
        {
            case "day" or "days": rule.Unit = CalendarUnit.Day; break;
            case "week": rule.Unit = CalendarUnit.Week; break;
            // "every fortnight on friday" is "every 2 weeks on friday" (alone, an exact 14 days, as "every 2 weeks").
            case "fortnight":
                rule.Unit = CalendarUnit.Week;
                rule.Every = 2;
                rule.WeekdayOfFirst = true;
                break;
            case "month": rule.Unit = CalendarUnit.Month; break;
            case "quarter": rule.Unit = CalendarUnit.Quarter; break;
            case "year": rule.Unit = CalendarUnit.Year; break;
            // "every morning at 8": a day, the part of it read as a clause.
            case var _ when PartOfDay.Find(word) is not null: return true;
            default:
                if (!CalendarRule.IsDaysWord(word)) return false;
                rule.ReadWeekdays(c);
                return true;
        }
        c.Position++;
        return true;
    }

    private static TimeSpan? IntervalWord(string word) => word switch
    {
        "second" => TimeSpan.FromSeconds(1),
        "minute" => TimeSpan.FromMinutes(1),
        "hour" => TimeSpan.FromHours(1),
        "day" => TimeSpan.FromDays(1),
        "week" => TimeSpan.FromDays(7),
        "fortnight" => TimeSpan.FromDays(14),
        _ => null,
    };
}
