using System.Globalization;
using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Scheduling;

/// <summary>Reads times of day ("9am", "14:30", "2:30 pm", "noon") and calendar dates ("2026-12-24", "dec 24").</summary>
internal static partial class SpecTime
{
    public const string Accepted = "HH:MM, 9am, 2:30pm, noon, midnight or half past 9";

    /// <summary>
    /// Reads a time of day at the cursor. A bare number ("at 9") and a phrase ("half past 9") only count when
    /// <paramref name="afterAt"/>, so "every 15th" or "dec 24" never read as times. <paramref name="bareTo"/> false
    /// where "to" may open a window's end: "from 10 to 5pm" is 10:00 to 17:00, not "10 to 5pm".
    /// </summary>
    public static bool TryRead(SpecCursor cursor, bool afterAt, out TimeOnly time, bool bareTo = true) =>
        TryRead(cursor, afterAt, out time, bareTo, phrases: true);

    // phrases false: a plain hour or time only, as the hour of "half past 9" is ("half past 9 to 5" is no time).
    private static bool TryRead(SpecCursor cursor, bool afterAt, out TimeOnly time, bool bareTo, bool phrases)
    {
        time = default;
        var token = cursor.Peek();
        if (token is null) return false;
        if (afterAt && phrases && TryReadPhrase(cursor, bareTo, out time)) return true;
        // "at nine", "at nine pm": an hour in words reads as its digits (minutes in words are not taken).
        if (afterAt && SpecWords.NumberWord(token) is { Length: <= 2 } spelled && int.Parse(spelled, CultureInfo.InvariantCulture) <= 23) token = spelled;
        // "12 midnight", "12 noon": one time said twice, not 12:00 and then 00:00.
        if (token is "12" or "12:00" or "twelve" && cursor.Peek(1) is "noon" or "midday" or "midnight")
        {
            time = cursor.Peek(1) == "midnight" ? TimeOnly.MinValue : new TimeOnly(12, 0);
            cursor.Position += 2;
            return true;
        }
        if (token is "noon" or "midday") { cursor.Position++; time = new TimeOnly(12, 0); return true; }
        if (token == "midnight") { cursor.Position++; time = TimeOnly.MinValue; return true; }
        var match = TimePattern().Match(token);
        if (!match.Success)
        {
            if (afterAt) throw cursor.Error($"invalid time \"{token}\" in \"{cursor.Spec}\"{SpecWords.DidYouMeanNote(token)}; expected {Accepted}{SameTime(token)}{EndOfDay(cursor)}{ZoneInTime(token)}");
            return false;
        }
        var meridiem = match.Groups["ap"].Value;
        var consumed = 1;
        if (meridiem.Length == 0 && cursor.Peek(1) is "am" or "pm" or "a.m." or "p.m.")
        {
            meridiem = cursor.Peek(1)!;
            consumed = 2;
        }
        if (meridiem.Length == 0 && !match.Groups["m"].Success && !afterAt) return false;
        // "at 9 o'clock", "at nine o'clock pm".
        if (!match.Groups["m"].Success && cursor.Peek(consumed) is "o'clock" or "oclock" or "o’clock")
        {
            consumed++;
            if (meridiem.Length == 0 && cursor.Peek(consumed) is "am" or "pm" or "a.m." or "p.m.") meridiem = cursor.Peek(consumed++)!;
        }
        var hourText = match.Groups["h"].Value;
        var hour = int.Parse(hourText, CultureInfo.InvariantCulture);
        var minute = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        var second = match.Groups["s"].Success ? int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
        if (meridiem.Length > 0)
        {
            if (hour is < 1 or > 12)
                throw cursor.Error($"invalid hour \"{hourText}\" in \"{cursor.Spec}\"; expected 1-12 with am/pm");
            hour = hour % 12 + (meridiem[0] == 'p' ? 12 : 0);
        }
        else if (hour > 23)
            throw cursor.Error($"invalid hour \"{hourText}\" in \"{cursor.Spec}\"; expected 0-23{(hour == 24 && minute == 0 ? "; for the end of a day write \"23:59\", for the start of the next \"midnight\" (00:00)" : "")}");
        if (minute > 59) throw cursor.Error($"invalid minute \"{match.Groups["m"].Value}\" in \"{cursor.Spec}\"; expected 00-59");
        if (second > 59) throw cursor.Error($"invalid second \"{match.Groups["s"].Value}\" in \"{cursor.Spec}\"; expected 00-59");
        cursor.Position += consumed;
        time = new TimeOnly(hour, minute, second);
        return true;
    }

    /// <summary>
    /// Reads "2026-12-24", "dec 24[th][,] [2026]", "24[th] [of] dec [2026]", or an ISO week or ordinal date ("2026-W52-4",
    /// "2026-358"). Year is null when not written.
    /// </summary>
    public static bool TryReadDate(SpecCursor cursor, out int? year, out int month, out int day)
    {
        year = null; month = 0; day = 0;
        var start = cursor.Position;
        var token = cursor.Peek();
        if (token is null) return false;
        // "the 24th of december", as "24th of december".
        if (token == "the")
        {
            cursor.Position++;
            if (cursor.Peek() is { } day0 && char.IsAsciiDigit(day0[0]) && TryReadDate(cursor, out year, out month, out day)) return true;
            cursor.Position = start;
            return false;
        }
        if (IsoDatePattern().Match(token) is { Success: true } iso)
        {
            cursor.Position++;
            year = int.Parse(iso.Groups["y"].Value, CultureInfo.InvariantCulture);
            month = int.Parse(iso.Groups["m"].Value, CultureInfo.InvariantCulture);
            day = int.Parse(iso.Groups["d"].Value, CultureInfo.InvariantCulture);
            Validate(cursor, token, year, month, day);
            return true;
        }
        if (IsoDateTime.CalendarDateAlone(token, cursor.Spec) is { } named)
        {
            cursor.Position++;
            (year, month, day) = (named.Year, named.Month, named.Day);
            return true;
        }
        if (SpecWords.TryMonth(token, out month))
        {
            cursor.Position++;
            if (!SpecWords.TryOrdinal(cursor.Peek(), false, cursor, out day))
                throw cursor.Unexpected($"a day of the month after \"{token}\", e.g. \"{token} 24\"");
            cursor.Position++;
        }
        else if (SpecWords.TryOrdinal(token, false, cursor, out day) && (SpecWords.TryMonth(cursor.Peek(1), out month)
                 || (cursor.Peek(1) == "of" && SpecWords.TryMonth(cursor.Peek(2), out month))))
        {
            cursor.Position += cursor.Peek(1) == "of" ? 3 : 2;
        }
        else
        {
            cursor.Position = start;
            return false;
        }
        // "february 29th, 2028", as American English writes a date: the comma belongs to the date only before a year.
        var comma = cursor.Peek() == "," ? 1 : 0;
        if (cursor.Peek(comma) is { Length: 4 } yearText && SpecWords.IsDigits(yearText))
        {
            year = int.Parse(yearText, CultureInfo.InvariantCulture);
            cursor.Position += comma + 1;
        }
        Validate(cursor, cursor.Spec, year, month, day);
        return true;
    }

    // "9.30", "0900": the same time written as the grammar reads it, so the error says what to write.
    private static string SameTime(string token)
    {
        var match = OtherTimePattern().Match(token);
        var (hour, minute) = match.Success ? (int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture))
            : (-1, -1);
        var half = match.Success ? match.Groups["ap"].Value : "";
        if (half.Length > 0 && hour is < 1 or > 12) return "";
        return hour is >= 0 and <= 23 && minute is >= 0 and <= 59 ? $"; for that time write \"{hour}:{minute:00}{half}\"" : "";
    }

    // "09:00z", "9am+01:00": a time with a zone or offset on it, which a spec does not carry.
    private static string ZoneInTime(string token) =>
        ZonedTimePattern().Match(token) is { Success: true } zoned
            ? $"; a spec carries no time zone or offset: set the schedule's time zone (CLI --tz, API \"timeZone\") and write \"{zoned.Groups["t"].Value}\""
            : "";

    [GeneratedRegex(@"^(?<t>\d{1,2}(?::\d{2}){0,2}(?:am|pm)?)(?:z|[+-]\d{1,2}(?::?\d{2})?)$", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex ZonedTimePattern();

    // "at the end of teh day": a misspelt end of the day gets the times that the spelt one is refused with.
    private static string EndOfDay(SpecCursor cursor) =>
        cursor.Peek() == "end" || (cursor.Peek() == "the" && cursor.Peek(1) == "end")
            ? "; for the end of the day write the time meant, \"at 23:59\" or \"at 5pm\" (close of business)" : "";

    public static string Format(TimeOnly time) =>
        time.ToString(time.Second == 0 ? "HH:mm" : "HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A time as a suggestion writes it with its half of the day: "7pm", "5:30am".</summary>
    public static string FormatWithHalf(TimeOnly time) =>
        time.ToString(time.Minute == 0 ? "%h" : "h:mm", CultureInfo.InvariantCulture) + (time.Hour < 12 ? "am" : "pm");

    private static void Validate(SpecCursor cursor, string token, int? year, int month, int day)
    {
        if (year is < 1 or > 9998) throw cursor.Error($"invalid year in \"{token}\"; expected 0001-9998");
        if (month is < 1 or > 12) throw cursor.Error($"invalid month in \"{token}\"; expected 01-12 or jan..dec");
        // Without a year, Feb 29 is valid: it resolves to the next leap year.
        var days = year is { } y ? DateTime.DaysInMonth(y, month) : DateTime.DaysInMonth(2028, month);
        if (day < 1 || day > days)
            throw cursor.Error($"invalid day {day} for {SpecWords.MonthName(month)} in \"{token}\"; expected 1-{days}");
    }

    [GeneratedRegex(@"^(?<h>\d{1,2})(?::(?<m>\d{2}))?(?::(?<s>\d{2}))?(?<ap>am|pm|a\.m\.|p\.m\.)?$", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex TimePattern();

    // "9.30", "9h30", "0900", "930am": a time written without the colon the grammar reads.
    [GeneratedRegex(@"^(?<h>\d{1,2})[.h](?<m>\d{2})(?<ap>am|pm)?$|^(?<h>\d{1,2})(?<m>\d{2})(?<ap>am|pm)?$", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex OtherTimePattern();

    [GeneratedRegex(@"^(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})$", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex IsoDatePattern();
}
