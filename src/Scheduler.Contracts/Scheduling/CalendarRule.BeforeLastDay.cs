namespace Scheduler.Contracts.Scheduling;

internal sealed partial class CalendarRule
{
    /// <summary>"last day", or "2nd to last day" for <paramref name="offset"/> 1, as descriptions say them.</summary>
    public static string LastDayName(int offset) => offset == 0 ? "last day" : $"{SpecWords.Ordinal(offset + 1)} to last day";

    /// <summary>
    /// "second to last", "2nd-to-last", "third last", "penultimate": a day counted back from the month's last, read as
    /// one item of a list of days ("the 1st and 2nd to last day", "the 3rd to last and last day"). Before "day", a day
    /// of the month (cron's L-1, RFC 5545's BYMONTHDAY=-2); before a weekday ("second to last friday", "2nd last
    /// friday"), that weekday counted back from the month's end (RFC 5545's BYDAY=-2FR; cron has no word for it). The
    /// count back (2 for "second to last"), the cursor past it; null, the cursor unmoved, for anything else ("last" and
    /// "last friday" themselves are read with the other days of the month).
    /// </summary>
    private static int? TryReadCountedBack(SpecCursor c)
    {
        var token = c.Peek();
        var n = WeekOrdinal(token) is { } w and > 0 ? w
            : token is { Length: > 2 } && SpecWords.IsDigits(token[..^2]) && token[^2..] is "st" or "nd" or "rd" or "th" && int.TryParse(token[..^2], out var d) ? d : (int?)null;
        if (n is null) return null;
        // "penultimate" and "2nd-to-last" arrive as "second to last" and "2nd to last" (ScheduleParser.MoveLeadingClauses).
        // "2nd last" only before what may follow a day: "2nd last day", "2nd last friday", "2nd last and last day".
        if (c.Peek(1) == "to" && c.Peek(2) == "last") c.Position += 3;
        else if (c.Peek(1) == "last" && (c.Peek(2) is "day" or "and" or "," || SpecWords.TryWeekday(c.Peek(2), out _))) c.Position += 2;
        else return null;
        return n;
    }

    /// <summary>
    /// The days read after a list of days of the month: numbered (1..31), the last (-1, "last") and counted back
    /// (each value's Back: "second to last" is 2, its value -2). Checked here, where the words are known: a day
    /// counted back reaches the 28th to last at most, which every month has.
    /// </summary>
    private void AddMonthDays(SpecCursor c, List<(int Value, string Written, int Back)> values)
    {
        foreach (var (_, written, back) in values)
            if (back is not 0 and (< 2 or > 28))
                throw c.Error($"\"{c.Spec}\" counts {written} back from the month's last day; expected second to 28th to last, which every month has");
        if (values.Any(v => v.Back > 0) && !c.Accept("day"))
            throw c.Unexpected("\"day\" or a weekday, e.g. \"every month on the second to last day\", \"every month on the 1st and 2nd to last day\" or \"every second to last friday of the month\"");
        c.Accept("day");
        foreach (var (value, _, back) in values)
        {
            if (back > 0 || value == -1) AddLastDay(c, back > 0 ? back - 1 : 0);
            else MonthDays.Add(value);
        }
    }

    private void AddLastDay(SpecCursor c, int offset)
    {
        CheckOneKindOfDay(c, MonthDaySpecial.LastDay);
        Special = MonthDaySpecial.LastDay;
        LastDayOffsets.Add(offset);
    }

    /// <summary>
    /// Days of the month read in more than one group ("on the 2nd to last day and last weekday") must be of one kind:
    /// numbered days and days counted back are one RFC 5545 list (BYMONTHDAY=1,-2); the first or last weekday is a set
    /// position over weekdays, which those days cannot join. Refused, not overwritten: the other days would be lost.
    /// </summary>
    private void CheckOneKindOfDay(SpecCursor c, MonthDaySpecial adding)
    {
        if (Special == MonthDaySpecial.None || Special == adding) return;
        static string Name(MonthDaySpecial s) => s switch
        {
            MonthDaySpecial.LastWeekday => "the last weekday", MonthDaySpecial.FirstWeekday => "the first weekday", _ => "a day counted from the month's last",
        };
        throw c.Error($"\"{c.Spec}\" combines {Name(Special)} with {Name(adding)}; one schedule runs on numbered days and days counted back from the last " +
            "(\"the 1st, 15th and last day\", \"the 2nd to last and last day\"), or on the first or last weekday alone; write a separate schedule for each");
    }
}
