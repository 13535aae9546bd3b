namespace Scheduler.Contracts.Scheduling;

internal sealed partial class CalendarRule
{
    /// <summary>"last day", or "2nd to last day" for <paramref name="offset"/> 1, as descriptions say them.</summary>
    public static string LastDayName(int offset) => offset == 0 ? "last day" : $"{SpecWords.Ordinal(offset + 1)} to last day";

    /// <summary>
    /// "second to last day", "2nd-to-last day", "third last day", "penultimate day": a day counted back from the month's
    /// last (cron's L-1, RFC 5545's BYMONTHDAY=-2), up to the 28th to last, which every month has. With a weekday
    /// instead of "day" ("second to last friday", "2nd last friday"), that weekday counted back from the month's end
    /// (RFC 5545's BYDAY=-2FR; cron has no word for it), up to the fifth to last, which months without one skip as they
    /// skip a 5th monday. False, the cursor unmoved, for anything else ("last day" and "last friday" themselves are read
    /// with the other days of the month).
    /// </summary>
    private bool TryReadBeforeLastDay(SpecCursor c)
    {
        int? n = null;
        var words = 0;
        var token = c.Peek();
        // "penultimate" and "2nd-to-last" arrive as "second to last" and "2nd to last" (ScheduleParser.MoveLeadingClauses).
        if (c.Peek(1) == "to" && c.Peek(2) == "last") (n, words) = (Counted(token), 3);
        else if (c.Peek(1) == "last" && (c.Peek(2) == "day" || SpecWords.TryWeekday(c.Peek(2), out _))) (n, words) = (Counted(token), 2);
        if (n is null) return false;
        c.Position += words;
        var next = c.Peek();
        if (next is "weekday" or "weekdays" or "weekend" or "weekends")
            throw c.Error($"\"{c.Spec}\" names a weekday of the month other than the first or last; expected \"first weekday\" or \"last weekday\", or a day, e.g. \"every second to last friday of the month\"");
        if (SpecWords.TryWeekday(next, out _) || (next is not null and not "day" && SpecWords.LooksLikeWeekday(next)))
        {
            if (n is < 2 or > 5)
                throw c.Error($"there is no {token} to last {next} in a month (\"{c.Spec}\"); expected second to fifth to last, or \"last {next}\"");
            // ReadDays names a misspelt weekday ("second to last fryday") with the weekday list.
            AddWeekdays(ReadDays(c), [-n.Value]);
            Ordinals.Add(-n.Value);
            return true;
        }
        if (n is < 2 or > 28)
            throw c.Error($"\"{c.Spec}\" counts {token} back from the month's last day; expected second to 28th to last, which every month has");
        if (!c.Accept("day")) throw c.Unexpected("\"day\" or a weekday, e.g. \"every month on the second to last day\" or \"every second to last friday of the month\"");
        Special = MonthDaySpecial.LastDay;
        LastDayOffset = n.Value - 1;
        return true;

        int? Counted(string? word) => WeekOrdinal(word) is { } w and > 0 ? w
            : word is { Length: > 2 } && SpecWords.IsDigits(word[..^2]) && word[^2..] is "st" or "nd" or "rd" or "th" && int.TryParse(word[..^2], out var d) ? d : null;
    }
}
