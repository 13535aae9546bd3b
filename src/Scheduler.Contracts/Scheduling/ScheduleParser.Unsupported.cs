namespace Scheduler.Contracts.Scheduling;

public static partial class ScheduleParser
{
    private static readonly HashSet<string> ZoneWords = new(StringComparer.Ordinal)
    {
        "utc", "gmt", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "et", "pt", "cet", "cest", "bst", "ist", "jst", "aest", "local",
        "aedt", "acst", "acdt", "awst", "nzst", "nzdt", "msk", "hst", "akst", "akdt", "wet", "west", "eet", "eest", "sgt", "hkt", "kst", "z",
        // "at 4:30pm pacific", "9am eastern time": North America's zones by name.
        "pacific", "eastern", "central", "mountain", "zulu",
    };

    /// <summary>
    /// Words people write that the grammar knows but does not take, refused with the reason and the accepted form
    /// instead of "unknown word": a time zone in the text ("at 9am UTC"), "during business hours", "except holidays".
    /// Null for any other word.
    /// </summary>
    private static ScheduleSpecException? UnsupportedWord(SpecCursor c, string word)
    {
        // "(utc)": a zone in brackets is a zone all the same.
        if (word.Length > 2 && word[0] == '(' && word[^1] == ')') word = word[1..^1];
        // "every -5 minutes": a negative count, not an offset.
        if (word.Length > 1 && word[0] == '-' && word[1..].All(char.IsAsciiDigit) && c.Position > 0 && c.Slice(c.Position - 1, c.Position) == "every")
            return c.Error($"\"{word}\" in \"{c.Spec}\" is negative; an interval must be positive, e.g. \"every {word[1..]} minutes\"");
        // "utc+2", "gmt-5", "+01:00": an offset, which a spec does not carry either, and which does not follow DST.
        if (OffsetPattern().IsMatch(word))
            return c.Error($"\"{word}\" in \"{c.Spec}\" looks like a UTC offset, which a spec does not carry; set the schedule's time zone to the place's IANA zone, " +
                $"which also follows its DST (CLI --tz Europe/Berlin, API \"timeZone\", ScheduleParseOptions.TimeZone), and write the time alone, e.g. \"at 9am\"");
        // "berlin time", "in tokyo": a city whose IANA zone this machine knows.
        if ((c.Peek(1) == "time" || (c.Position > 0 && c.Slice(c.Position - 1, c.Position) == "in")) && CityZone(word) is { } city)
        {
            var before = c.Position > 0 && c.Slice(c.Position - 1, c.Position) == "in" ? c.Position - 1 : c.Position;
            var after = c.Peek(1) == "time" ? c.Position + 2 : c.Position + 1;
            var rest = (c.Slice(0, before) + " " + c.Slice(after, c.Count)).Trim();
            return c.Error($"\"{word}\" in \"{c.Spec}\" looks like a place's time zone, which a spec does not carry; set the schedule's time zone " +
                $"(CLI --tz {city}, API \"timeZone\", ScheduleParseOptions.TimeZone) and write \"{rest}\"");
        }
        if (ZoneWords.Contains(word) || IsZoneId(word))
        {
            // The spec without the zone, and without the "in" before it ("at 3am in europe/berlin").
            var before = c.Position > 0 && c.Slice(c.Position - 1, c.Position) == "in" ? c.Position - 1 : c.Position;
            var after = c.Peek(1) == "time" ? c.Position + 2 : c.Position + 1;
            var without = (c.Slice(0, before) + " " + c.Slice(after, c.Count)).Trim();
            var zone = IsZoneId(word) ? KnownZoneId(word) : ZoneIdOf(word);
            var tz = zone is null ? "" : $" {zone}";
            return c.Error($"\"{word}\" in \"{c.Spec}\" looks like a time zone, which a spec does not carry; set the schedule's time zone " +
                $"(CLI --tz{tz}, API \"timeZone\", ScheduleParseOptions.TimeZone) and write \"{without}\"");
        }
        // "during weekdays", "during december", "during the week", "during business days" name days or months: "on …", "in …".
        if (word == "during" && DuringDays(c) is ({ } replacement, var span))
        {
            var rewritten = (c.Slice(0, c.Position) + " " + replacement + " " + c.Slice(Math.Min(c.Position + span, c.Count), c.Count)).Trim();
            var example = Reads(rewritten, new ScheduleParseOptions()) is { } reads ? $", e.g. \"{reads}\"" : "";
            return c.Error($"\"{c.Slice(c.Position, Math.Min(c.Position + span, c.Count))}\" in \"{c.Spec}\" is not understood: it names days, not hours; write \"{replacement}\" instead{example}");
        }
        // "during business hours" has no hours here; nor has "during the day" or "during the night", which is refused alike.
        if (word == "during")
            return c.Error(c.Peek(1) is "business" or "office" or "working" or "work"
                ? $"\"during\" in \"{c.Spec}\" is not understood: business or office hours are not defined here; write the window and days, e.g. \"every 15 minutes from 9am to 5pm on weekdays\""
                : $"\"during\" in \"{c.Spec}\" is not understood: it names no hours; write the window, e.g. \"every hour from 8am to 8pm\"");
        // "weeknights": Monday to Friday to some, the nights before a workday (Sunday to Thursday) to others.
        if (word is "weeknight" or "weeknights")
            return c.Error($"\"{word}\" in \"{c.Spec}\" can mean Monday to Friday nights or the nights before a workday, Sunday to Thursday; name the days, e.g. \"every weekday at 10pm\" or \"every sun-thu at 10pm\"");
        if (word.TrimEnd('s') is "holiday" || (word is "public" or "bank" or "national" && c.Peek(1)?.TrimEnd('s') == "holiday"))
            return c.Error($"\"{word}\" in \"{c.Spec}\" is not understood: the scheduler knows no holiday calendar; leave out the days by name, e.g. \"every weekday at 9am except friday\" or \"except december\", or pause the task on those days");
        return null;
    }

    /// <summary>
    /// After "during": the days or months it names, as the grammar writes them ("on weekdays", "in december"), and how
    /// many tokens from "during" on they take; null for anything else ("during the day", "during business hours").
    /// </summary>
    private static (string Replacement, int Span)? DuringDays(SpecCursor c)
    {
        var at = c.Peek(1) == "the" ? 2 : 1;
        var next = c.Peek(at);
        if (at == 2 && next == "month" && c.Peek(3) == "of" && SpecWords.TryMonth(c.Peek(4), out _))
            return ($"in {c.Peek(4)}", 5);
        if (SpecWords.TryMonth(next, out _)) return ($"in {next}", at + 1);
        if (next is "weekdays" or "weekday" or "week" or "workweek") return ("on weekdays", at + 1);
        if (next is "weekend" or "weekends") return ("on weekends", at + 1);
        if (next is "business" or "working" or "work" or "office" && c.Peek(at + 1) is "day" or "days") return ("on weekdays", at + 2);
        if (next is "workday" or "workdays" or "businessdays") return ("on weekdays", at + 1);
        if (SpecWords.IsPluralWeekday(next)) return ($"on {next}", at + 1);
        return null;
    }

    // "berlin" → Europe/Berlin, "new_york" → America/New_York: the zone whose city part is the word, when exactly one is.
    private static string? CityZone(string word)
    {
        if (word.Length < 3 || !word.All(ch => char.IsAsciiLetter(ch) || ch == '_')) return null;
        var matches = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id)
            .Where(id => id.Contains('/') && id[(id.LastIndexOf('/') + 1)..].Equals(word, StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:utc|gmt)?[+-]\d{1,2}(?::?\d\d)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial System.Text.RegularExpressions.Regex OffsetPattern();

    // The IANA zone a name or abbreviation usually means, for the hint; "ist" (India, Ireland, Israel) and "local" name none.
    private static string? ZoneIdOf(string word) => word switch
    {
        "utc" or "gmt" or "zulu" => "UTC",
        "est" or "edt" or "et" or "eastern" => "America/New_York",
        "cst" or "cdt" or "central" => "America/Chicago",
        "mst" or "mdt" or "mountain" => "America/Denver",
        "pst" or "pdt" or "pt" or "pacific" => "America/Los_Angeles",
        "cet" or "cest" => "Europe/Berlin",
        "bst" => "Europe/London",
        "aedt" => "Australia/Sydney", "acst" or "acdt" => "Australia/Adelaide", "awst" => "Australia/Perth",
        "nzst" or "nzdt" => "Pacific/Auckland", "msk" => "Europe/Moscow", "hst" => "Pacific/Honolulu",
        "akst" or "akdt" => "America/Anchorage", "wet" or "west" => "Europe/Lisbon", "eet" or "eest" => "Europe/Athens",
        "sgt" => "Asia/Singapore", "hkt" => "Asia/Hong_Kong", "kst" => "Asia/Seoul", "z" => "UTC",
        "jst" => "Asia/Tokyo",
        "aest" => "Australia/Sydney",
        _ => null,
    };

    private static readonly HashSet<string> ZoneAreas = new(StringComparer.Ordinal)
    {
        "africa", "america", "antarctica", "arctic", "asia", "atlantic", "australia", "europe", "indian", "pacific", "etc", "us",
    };

    // The zone's own spelling ("Europe/Berlin" for "europe/berlin"); null for an id this machine does not know.
    private static string? KnownZoneId(string word) => ScheduleTimeZones.TryFind(word)?.Id;

    // "europe/berlin", "america/new_york", "etc/utc": an IANA zone id, by its area or because the machine knows it.
    private static bool IsZoneId(string word)
    {
        if (!word.Contains('/') || !char.IsAsciiLetter(word[0])) return false;
        if (ZoneAreas.Contains(word[..word.IndexOf('/')])) return true;
        try
        {
            _ = ScheduleTimeZones.Find(word);
            return true;
        }
        catch (ScheduleSpecException)
        {
            return false;
        }
    }
}
