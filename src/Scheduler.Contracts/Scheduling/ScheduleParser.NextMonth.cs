namespace Scheduler.Contracts.Scheduling;

public static partial class ScheduleParser
{
    /// <summary>
    /// After "next month": "on the 1st", "the 15th", "on the last day" make it that day of next month, at 00:00 unless a
    /// time is said, as any date is. Without a day, "next month" is a month from today at the current time of day.
    /// </summary>
    private static DayRule ReadNextMonth(SpecCursor c, DateOnly today)
    {
        var mark = c.Position;
        c.Accept("on");
        var the = c.Accept("the");
        if (ReadDayOfMonth(c, requireSuffix: !the) is { } day) return new DayRule(DayKind.Date, DayOfNextMonth(c, today, day));
        c.Position = mark;
        return new DayRule(DayKind.Date, today.AddMonths(1), KeepTime: true);
    }

    /// <summary>"the 1st of next month", "the 15th next month", "the last day of next month"; false, the cursor unmoved, otherwise.</summary>
    private static bool TryReadDayOfNextMonth(SpecCursor c, DateOnly today, out DayRule rule)
    {
        rule = null!;
        var mark = c.Position;
        c.Accept("the");
        if (WeekdayOfNextMonthFollows(c, 0))
        {
            rule = new DayRule(DayKind.Date, WeekdayOfNextMonth(c, today));
            return true;
        }
        if (!OfNextMonthFollows(c, 0) || ReadDayOfMonth(c, requireSuffix: false) is not { } day)
        {
            c.Position = mark;
            return false;
        }
        c.Accept("of");
        c.Position += 2; // "next month", as OfNextMonthFollows saw
        rule = new DayRule(DayKind.Date, DayOfNextMonth(c, today, day));
        return true;
    }

    // "1st of next month", "first day of next month", "15th next month": a day of next month, a one-shot, where "1st
    // of every month" repeats.
    private static bool OfNextMonthFollows(SpecCursor c, int offset)
    {
        var after = offset + (c.Peek(offset + 1) == "day" ? 2 : 1);
        if (c.Peek(after) == "of") after++;
        return (c.Peek(after), c.Peek(after + 1)) is ("next", "month");
    }

    // "first monday of next month", "last friday of next month": a weekday of next month, a one-shot, where "first
    // monday of the month" repeats.
    private static bool WeekdayOfNextMonthFollows(SpecCursor c, int offset) =>
        CalendarRule.WeekOrdinal(c.Peek(offset)) is not null && SpecWords.TryWeekday(c.Peek(offset + 1), out _)
        && (c.Peek(offset + 2), c.Peek(offset + 3), c.Peek(offset + 4)) is ("of", "next", "month");

    // After WeekdayOfNextMonthFollows: the date, or a refusal for a fifth weekday next month does not have.
    private static DateOnly WeekdayOfNextMonth(SpecCursor c, DateOnly today)
    {
        var (ordinal, name) = (CalendarRule.WeekOrdinal(c.Peek())!.Value, c.Peek(1)!);
        SpecWords.TryWeekday(name, out var weekday);
        c.Position += 5;
        var first = today.AddDays(1 - today.Day).AddMonths(1);
        var last = first.AddMonths(1).AddDays(-1);
        var date = ordinal > 0
            ? first.AddDays(((int)weekday - (int)first.DayOfWeek + 7) % 7 + 7 * (ordinal - 1))
            : last.AddDays(-(((int)last.DayOfWeek - (int)weekday + 7) % 7));
        if (date.Month != first.Month)
            throw c.Error($"next month, {SpecWords.MonthName(first.Month)} {first.Year}, has no fifth {SpecWords.WeekdayName(weekday)} (\"{c.Spec}\"); expected first to fourth, or \"last {name} of next month\"");
        return date;
    }

    /// <summary>"1st", "15th", "first".."fifth", "last day" (0), each with an optional "day"; null, the cursor unmoved, for anything else.</summary>
    private static int? ReadDayOfMonth(SpecCursor c, bool requireSuffix)
    {
        var token = c.Peek();
        int? day = token == "last" && c.Peek(1) == "day" ? 0
            : CalendarRule.WeekOrdinal(token) is { } word and > 0 ? word
            : SpecWords.TryOrdinal(token, requireSuffix, c, out var digits) ? digits
            : null;
        if (day is null) return null;
        c.Position++;
        c.Accept("day");
        return day;
    }

    // Day 0 is the last day; a day next month does not have is refused, not moved to its last.
    private static DateOnly DayOfNextMonth(SpecCursor c, DateOnly today, int day)
    {
        var month = today.AddDays(1 - today.Day).AddMonths(1);
        var length = DateTime.DaysInMonth(month.Year, month.Month);
        if (day > length)
            throw c.Error($"next month, {SpecWords.MonthName(month.Month)} {month.Year}, has no {SpecWords.Ordinal(day)} (\"{c.Spec}\"); expected 1st-{SpecWords.Ordinal(length)}, or \"next month on the last day\"");
        return month.AddDays((day == 0 ? length : day) - 1);
    }
}
