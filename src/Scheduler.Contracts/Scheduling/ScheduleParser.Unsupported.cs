namespace Scheduler.Contracts.Scheduling;

public static partial class ScheduleParser
{
    private static readonly HashSet<string> ZoneWords = new(StringComparer.Ordinal)
    {
        "utc", "gmt", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "et", "pt", "cet", "cest", "bst", "ist", "jst", "aest", "local",
    };

    /// <summary>
    /// Words people write that the grammar knows but does not take, refused with the reason and the accepted form
    /// instead of "unknown word": a time zone in the text ("at 9am UTC"), "during business hours", "except holidays".
    /// Null for any other word.
    /// </summary>
    private static ScheduleSpecException? UnsupportedWord(SpecCursor c, string word)
    {
        var without = (c.Slice(0, c.Position) + " " + c.Slice(c.Position + 1, c.Count)).Trim();
        if (ZoneWords.Contains(word) || (word.Contains('/') && char.IsAsciiLetter(word[0])))
        {
            if (word == "local" && c.Peek(1) == "time") without = (c.Slice(0, c.Position) + " " + c.Slice(c.Position + 2, c.Count)).Trim();
            return c.Error($"\"{word}\" in \"{c.Spec}\" looks like a time zone, which a spec does not carry; set the schedule's time zone " +
                $"(CLI --tz, API \"timeZone\", ScheduleParseOptions.TimeZone) and write \"{without}\"");
        }
        if (word == "during")
            return c.Error($"\"during\" in \"{c.Spec}\" is not understood: business or office hours are not defined here; write the window and days, e.g. \"every 15 minutes from 9am to 5pm on weekdays\"");
        if (word.TrimEnd('s') is "holiday" || (word is "public" or "bank" or "national" && c.Peek(1)?.TrimEnd('s') == "holiday"))
            return c.Error($"\"{word}\" in \"{c.Spec}\" is not understood: the scheduler knows no holiday calendar; leave out the days by name, e.g. \"every weekday at 9am except friday\" or \"except december\", or pause the task on those days");
        return null;
    }
}
