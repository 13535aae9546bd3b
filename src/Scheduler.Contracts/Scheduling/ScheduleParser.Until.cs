namespace Scheduler.Contracts.Scheduling;

public static partial class ScheduleParser
{
    private const string UntilForms =
        "\"until dec 31\", \"until 2026-12-31\", \"until friday\", \"until today\", \"until tomorrow\", \"until the end of the week\", \"until the end of the month\", \"until the end of the year\" or \"until the end of march\"";

    /// <summary>
    /// "until dec 31", "until 2026-12-31": the last date with a run (inclusive; a date without a year is its next one).
    /// Said from today: "until friday" (or "next friday") is the next Friday after today, "until today" today, "until
    /// tomorrow" tomorrow,
    /// "until the end of the week" this week's Sunday (today on a Sunday), "until the end of the month" this month's last
    /// day, "until the end of the year" Dec 31 and "until the end of march" Mar 31 (next year's once March is over).
    /// </summary>
    // Said in the spec's words, not RFC 5545's ("COUNT and UNTIL are both given"), which the rule would otherwise refuse with.
    private static ScheduleSpecException CountAndEnd(SpecCursor c) =>
        c.Error($"\"{c.Spec}\" gives both a number of runs (\"<n> times\") and an end date (\"until …\"); expected one of them, e.g. \"every day at 9am until dec 24\" or \"every day at 9am 10 times\"");

    private static void ReadUntil(SpecCursor c, CalendarRule rule, string token)
    {
        c.Position++;
        if (rule.UntilDate is not null || rule.UntilFromToday is not null) throw c.Error($"\"{c.Spec}\" has two end dates; expected one \"{token}\"");
        if (rule.Count is not null) throw CountAndEnd(c);
        if (SpecTime.TryReadDate(c, out var year, out var month, out var day))
        {
            rule.UntilDate = (year, month, day);
            return;
        }
        var next = c.Accept("next");
        if (SpecWords.TryWeekday(c.Peek(), out var weekday))
        {
            var written = c.Next();
            rule.UntilFromToday = today => today.AddDays(((int)weekday - (int)today.DayOfWeek + 6) % 7 + 1);
            return;
        }
        // "until today": the last run is today's, as "until dec 3" said on Dec 3 is; what "until the end of the day"
        // is pointed to when 23:59 is meant.
        if (c.Accept("today"))
        {
            rule.UntilFromToday = today => today;
            return;
        }
        if (c.Accept("tomorrow"))
        {
            rule.UntilFromToday = today => today.AddDays(1);
            return;
        }
        var mark = c.Position;
        c.Accept("the");
        if (c.Accept("end") && c.Accept("of"))
        {
            c.Accept("the", "this");
            // Weeks run Monday to Sunday, as RFC 5545's default WKST=MO and ISO 8601 count them (and so "every 2 weeks"
            // here), so the week ends on Sunday; the whole of Sunday counts, as the whole of any end date does.
            if (c.Accept("week"))
            {
                rule.UntilFromToday = today => today.AddDays((7 - (int)today.DayOfWeek) % 7);
                return;
            }
            if (c.Accept("month"))
            {
                rule.UntilFromToday = today => new DateOnly(today.Year, today.Month, DateTime.DaysInMonth(today.Year, today.Month));
                return;
            }
            if (c.Accept("year"))
            {
                rule.UntilFromToday = today => new DateOnly(today.Year, 12, 31);
                return;
            }
            // "until the end of march": that month's last day, this year's while it is not over, else next year's.
            if (SpecWords.TryMonth(c.Peek(), out var endMonth))
            {
                c.Position++;
                rule.UntilFromToday = today =>
                {
                    var endYear = endMonth >= today.Month ? today.Year : today.Year + 1;
                    return new DateOnly(endYear, endMonth, DateTime.DaysInMonth(endYear, endMonth));
                };
                return;
            }
            // "until the end of the wek": the word after "end of" is the one to name, not the "the" before it.
            throw UnknownWord(c, $"\"week\", \"month\", \"year\" or a month (jan..dec) after \"{token} the end of\", e.g. \"{token} the end of the week\"");
        }
        c.Position = mark;
        // "every 15 minutes until 5pm": an end is a date; runs that stop at a time of day are a window's.
        if (SpecTime.TryRead(c, false, out var time, bareTo: false))
            throw c.Error($"\"{token} {c.Slice(mark, c.Position)}\" in \"{c.Spec}\" is a time of day, and an end is a date; for runs that stop at {SpecTime.Format(time)} each day " +
                $"write a window, \"from <start> to {SpecTime.Format(time)}\" (e.g. \"every 15 minutes from 9am to 5pm\"); for runs that stop at {SpecTime.Format(time)} today only, " +
                $"the same window with \"until today\" (e.g. \"every 15 minutes from 9am to 5pm until today\"); or an end date: {UntilForms}");
        c.Position = mark;
        throw UnknownWord(c, $"an end date after \"{token}\": {UntilForms}");
    }
}
