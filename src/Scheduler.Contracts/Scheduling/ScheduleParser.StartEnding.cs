namespace Scheduler.Contracts.Scheduling;

public static partial class ScheduleParser
{
    /// <summary>
    /// "every 2 hours starting at 08:00 ending at 18:00", "… starting at 8am until 6pm": a start and an end that are
    /// both times of day are a daily window, "from 08:00 to 18:00", ends included as in every window. False, with the
    /// cursor where it was, when either is not a time of day (then "starting" is read as a start).
    /// </summary>
    private static bool ReadStartEndingWindow(SpecCursor c, CalendarRule rule)
    {
        var mark = c.Position;
        var opener = c.Next();
        c.Accept("at");
        var fromWritten = c.Peek();
        if (rule.Step is not null && !rule.HasWindow && fromWritten is not null && !IsoDateTime.LooksLike(fromWritten)
            && TryTimeOfDay(c, out var from, bareTo: false) && c.Peek() is "ending" or "until" or "till")
        {
            var closer = c.Next();
            c.Accept("at");
            var toWritten = c.Peek();
            if (toWritten is not null && !IsoDateTime.LooksLike(toWritten) && TryTimeOfDay(c, out var to))
            {
                rule.WindowFrom = from;
                rule.WindowTo = to;
                CheckWindowHalf(c, "from", fromWritten, toWritten, rule);
                rule.HasWindow = true;
                return true;
            }
            if (closer == "ending") throw c.Unexpected($"a time of day after \"{opener} at {fromWritten} ending at\", e.g. \"every 2 hours starting at 8am ending at 6pm\"");
        }
        c.Position = mark;
        return false;
    }

    // A time of day, or false with the cursor unmoved when the words are something else ("friday", "tomorrow"), which
    // the time grammar would refuse after "at".
    private static bool TryTimeOfDay(SpecCursor c, out TimeOnly time, bool bareTo = true)
    {
        var mark = c.Position;
        try
        {
            return SpecTime.TryRead(c, true, out time, bareTo);
        }
        catch (ScheduleSpecException)
        {
            c.Position = mark;
            time = default;
            return false;
        }
    }
}
