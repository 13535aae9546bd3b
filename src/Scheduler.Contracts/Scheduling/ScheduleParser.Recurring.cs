namespace Scheduler.Contracts.Scheduling;

public static partial class ScheduleParser
{
    private const string EveryForms =
        "a number and unit (5 minutes, 1h30m), second, minute, hour, day, week, weekday, weekend, mon..sun, month, an ordinal (15th), year or a month and day (dec 24)";

    /// <summary>
    /// "every …". Rule: a length of time — "every 90 minutes", "every 2 days", "every 1h30m", "every 45s", and a
    /// bare unit such as "every hour" or "every day" (= 1 of it) — is an exact <see cref="ScheduleKind.Interval"/>
    /// anchored one period after now: absolute time, no drift, unaffected by DST. Anything tied to the calendar —
    /// a time of day ("every day at 9am"), weekdays ("every weekday", "every mon,wed,fri"), days of the month
    /// ("every 15th", "every month on the 1st", "every month on the last day"), months ("every 3 months", which must
    /// divide 12 and starts from the current month) or dates ("every dec 24") — is <see cref="ScheduleKind.Cron"/>
    /// in the zone and follows DST. Calendar forms without a time run at 00:00; months without a day on the 1st.
    /// </summary>
    internal static ParsedSchedule ParseEvery(SpecCursor c, SpecContext ctx)
    {
        c.Next();
        if (c.AtEnd) throw c.Unexpected(EveryForms);
        var rule = new CalendarRule();
        if (c.Peek() is "last" || SpecWords.TryOrdinal(c.Peek(), true, c, out _))
        {
            if (rule.ReadBase(c)) { ReadClauses(c, rule); return Cron(rule.ToCron(c, ctx.LocalNow), ctx.Options); }
            ReadMonthDays(c, rule, false);
            rule.Base = "month";
        }
        else if (SpecDuration.TryRead(c, out var duration))
        {
            // "every 1 day at 9am" / "every 1 week on monday" read as the calendar forms they clearly mean.
            if (duration.Months == 0 && c.Peek() is "at" or "on" && duration.Fixed == TimeSpan.FromDays(1)) rule.Base = "day";
            else if (duration.Months == 0 && c.Peek() is "at" or "on" && duration.Fixed == TimeSpan.FromDays(7)) rule.Base = "week";
            else if (duration.Months == 0)
            {
                if (!c.AtEnd)
                    throw c.Error($"unexpected \"{c.Peek()}\" in \"{c.Spec}\"; an exact interval such as \"every 2 days\" has no time or day, expected e.g. \"every day at 9am\" or cron");
                return Interval(duration.Fixed, ctx.Options, ctx.Now, ctx.Spec);
            }
            else
            {
                rule.Base = "month";
                rule.MonthStep = duration.Months;
            }
        }
        else
        {
            var word = c.Peek()!;
            if (c.Peek(1) is null && IntervalWord(word) is { } unit)
                return Interval(unit, ctx.Options, ctx.Now, ctx.Spec);
            if (!rule.ReadBase(c)) throw UnknownWord(c, EveryForms);
        }
        ReadClauses(c, rule);
        return Cron(rule.ToCron(c, ctx.LocalNow), ctx.Options);
    }

    /// <summary>
    /// "hourly" (minute 0 of every hour), "daily" (00:00), "weekly" (Sunday 00:00), "monthly" (the 1st at 00:00),
    /// "yearly"/"annually" (Jan 1 00:00) — cron in the zone; all but hourly take "at"/"on" clauses ("daily at 9am").
    /// </summary>
    internal static ParsedSchedule ParseKeyword(SpecCursor c, SpecContext ctx)
    {
        var word = c.Next();
        if (word == "hourly")
            return c.AtEnd ? Cron("0 * * * *", ctx.Options) : throw c.Unexpected("nothing after \"hourly\"; use cron for other minutes");
        var rule = new CalendarRule
        {
            Base = word switch { "daily" => "day", "weekly" => "week", "monthly" => "month", _ => "year" },
        };
        ReadClauses(c, rule);
        return Cron(rule.ToCron(c, ctx.LocalNow), ctx.Options);
    }

    private static TimeSpan? IntervalWord(string word) => word switch
    {
        "second" => TimeSpan.FromSeconds(1),
        "minute" => TimeSpan.FromMinutes(1),
        "hour" => TimeSpan.FromHours(1),
        "day" => TimeSpan.FromDays(1),
        "week" => TimeSpan.FromDays(7),
        _ => null,
    };

    private static void ReadClauses(SpecCursor c, CalendarRule rule)
    {
        while (!c.AtEnd)
        {
            if (c.Accept("at"))
            {
                do rule.Times.Add(SpecTime.TryRead(c, true, out var t) ? t : throw c.Unexpected(SpecTime.Accepted));
                while (c.AcceptSeparator());
            }
            else if (c.Accept("on"))
            {
                c.Accept("the");
                if (c.Peek() is "last" || SpecWords.TryOrdinal(c.Peek(), false, c, out _)) ReadMonthDays(c, rule, true);
                else if (SpecWords.TryWeekday(c.Peek(), out _)) rule.ReadWeekdays(c);
                else if (SpecTime.TryReadDate(c, out var year, out var month, out var day))
                {
                    if (year is not null) throw c.Error($"a recurring schedule cannot name a year in \"{c.Spec}\"; expected e.g. \"every dec 24\"");
                    rule.SetDate(month, day);
                }
                else throw UnknownWord(c, $"a day of the month (1st, last day), a weekday ({SpecWords.WeekdayList}) or a date (dec 24) after \"on\"");
            }
            else if (SpecTime.TryRead(c, false, out var bare)) rule.Times.Add(bare);
            else throw UnknownWord(c, "\"at <time>\" or \"on <day>\", e.g. \"every monday at 9am\"");
        }
    }

    // "1st", "1st and 15th", "last day", "15th of the month", "the 1st of every month".
    private static void ReadMonthDays(SpecCursor c, CalendarRule rule, bool suffixOptional)
    {
        do
        {
            if (c.Accept("last"))
            {
                c.Accept("day");
                rule.MonthDays.Add("L");
            }
            else if (SpecWords.TryOrdinal(c.Peek(), !suffixOptional, c, out var day))
            {
                c.Position++;
                rule.MonthDays.Add(day.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            else throw UnknownWord(c, "a day of the month such as 1st, 15th or last");
        }
        while (c.AcceptSeparator());
        c.Accept("day");
        if (c.Accept("of")) { c.Accept("the", "every", "each"); if (!c.Accept("month")) throw c.Unexpected("\"month\" after \"of the\""); }
    }
}
