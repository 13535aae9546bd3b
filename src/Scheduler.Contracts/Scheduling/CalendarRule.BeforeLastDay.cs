namespace Scheduler.Contracts.Scheduling;

internal sealed partial class CalendarRule
{
    /// <summary>"last day", or "2nd to last day" for <paramref name="offset"/> 1, as descriptions say them.</summary>
    public static string LastDayName(int offset) => offset == 0 ? "last day" : $"{SpecWords.Ordinal(offset + 1)} to last day";

    /// <summary>
    /// "second to last day", "2nd-to-last day", "third last day", "penultimate day": a day counted back from the month's
    /// last (cron's L-1, RFC 5545's BYMONTHDAY=-2), up to the 28th to last, which every month has. False, the cursor
    /// unmoved, for anything else ("last day" itself is read with the other days of the month).
    /// </summary>
    private bool TryReadBeforeLastDay(SpecCursor c)
    {
        int? n = null;
        var words = 0;
        var token = c.Peek();
        // "penultimate" and "2nd-to-last" arrive as "second to last" and "2nd to last" (ScheduleParser.MoveLeadingClauses).
        if (c.Peek(1) == "to" && c.Peek(2) == "last") (n, words) = (Counted(token), 3);
        else if (c.Peek(1) == "last" && c.Peek(2) == "day") (n, words) = (Counted(token), 2);
        if (n is null) return false;
        if (n is < 2 or > 28)
            throw c.Error($"\"{c.Spec}\" counts {token} back from the month's last day; expected second to 28th to last, which every month has");
        c.Position += words;
        if (!c.Accept("day")) throw c.Unexpected("\"day\", e.g. \"every month on the second to last day\"");
        Special = MonthDaySpecial.LastDay;
        LastDayOffset = n.Value - 1;
        return true;

        int? Counted(string? word) => WeekOrdinal(word) is { } w and > 0 ? w
            : word is { Length: > 2 } && SpecWords.IsDigits(word[..^2]) && word[^2..] is "st" or "nd" or "rd" or "th" && int.TryParse(word[..^2], out var d) ? d : null;
    }
}
