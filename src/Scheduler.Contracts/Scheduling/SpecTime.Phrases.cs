using System.Globalization;
using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Scheduling;

internal static partial class SpecTime
{
    /// <summary>
    /// True when <paramref name="token"/> names a whole hour of the day: "9", "17", "9am", "noon", "midnight". The word
    /// after "half past" or "20 to" that makes the phrase a time of day rather than a minute of every hour.
    /// </summary>
    public static bool IsHour(string? token) =>
        token is "noon" or "midday" or "midnight" || (token is not null && HourPattern().IsMatch(token))
        || (SpecWords.NumberWord(token) is { Length: <= 2 } spelled && int.Parse(spelled, CultureInfo.InvariantCulture) <= 23);

    /// <summary>
    /// "half past 9", "a quarter to 5pm", "20 past noon", "10 minutes to midnight", "5 after 9": minutes before or after
    /// a whole hour. Read only after "at" (or in a list of such times). A bare "10 to 5" is left alone where "to" opens a
    /// window's end (<paramref name="bareTo"/> false: "from 10 to 5pm").
    /// </summary>
    private static bool TryReadPhrase(SpecCursor cursor, bool bareTo, out TimeOnly time)
    {
        time = default;
        var at = cursor.Peek() == "a" && cursor.Peek(1) == "quarter" ? 1 : 0;
        var amount = cursor.Peek(at);
        // "ten past nine": minutes in words count as their digits.
        if (SpecWords.NumberWord(amount) is { Length: <= 2 } spelled) amount = spelled;
        var number = SpecWords.IsDigits(amount) && amount!.Length <= 2;
        if (!number && amount is not ("half" or "quarter")) return false;
        var length = number && cursor.Peek(at + 1) is "minute" or "minutes" ? 2 : 1;
        var direction = cursor.Peek(at + length);
        var before = direction is "to" or "till" or "til" or "before";
        if (!before && direction is not ("past" or "after")) return false;
        if (amount == "half" && before) return false;
        if (before && number && length == 1 && !bareTo) return false;
        var hourAt = at + length + 1;
        if (!IsHour(cursor.Peek(hourAt))) return false;
        var minutes = amount switch { "half" => 30, "quarter" => 15, _ => int.Parse(amount!, CultureInfo.InvariantCulture) };
        if (minutes > 59 || (before && minutes == 0))
            throw cursor.Error($"invalid minutes \"{amount}\" {direction} the hour in \"{cursor.Spec}\"; expected {(before ? 1 : 0)}-59, e.g. \"20 {direction} 9\"");
        // "at 10 to 5": 04:50, or 10:00 to 05:00 written with "at"? Only a number that cannot be an hour is plainly minutes.
        if (before && number && length == 1 && minutes <= 12)
            throw cursor.Error($"\"{cursor.Slice(cursor.Position, cursor.Position + hourAt + 1)}\" in \"{cursor.Spec}\" could be minutes to the hour or a range from one hour to another; " +
                $"write the time (e.g. \"{amount} minutes {direction} {cursor.Peek(hourAt)}\") or a window (\"from … to …\")");
        var start = cursor.Position;
        cursor.Position += hourAt;
        if (!TryRead(cursor, true, out var hour, bareTo: false, phrases: false))
        {
            cursor.Position = start;
            return false;
        }
        time = hour.AddMinutes(before ? -minutes : minutes);
        return true;
    }

    /// <summary>
    /// "15 and 45 past 9", "0, 20 and 40 minutes past 5pm": several minutes of one hour of the day. False, with the cursor
    /// where it was, when what is there is not such a list (then each time is read on its own).
    /// </summary>
    public static bool TryReadMinutesOfOneHour(SpecCursor cursor, List<TimeOnly> times)
    {
        var minutes = new List<int>();
        var words = 0;
        while (cursor.Peek(words) is { } amount && SpecWords.IsDigits(amount) && amount.Length <= 2)
        {
            minutes.Add(int.Parse(amount, CultureInfo.InvariantCulture));
            words++;
            if (cursor.Peek(words) is not ("and" or ",")) break;
            words += cursor.Peek(words) == "," && cursor.Peek(words + 1) == "and" ? 2 : 1;
        }
        if (minutes.Count < 2) return false;
        var spelled = cursor.Peek(words) is "minute" or "minutes";
        if (spelled) words++;
        var direction = cursor.Peek(words);
        var before = direction is "to" or "till" or "til" or "before";
        if ((!before && direction is not ("past" or "after")) || !IsHour(cursor.Peek(words + 1))) return false;
        var invalid = minutes.Where(m => m > 59 || (before && m == 0)).ToList();
        if (invalid.Count > 0)
            throw cursor.Error($"invalid minutes \"{invalid[0]}\" {direction} the hour in \"{cursor.Spec}\"; expected {(before ? 1 : 0)}-59, e.g. \"at 15 and 45 {direction} 9\"");
        // "at 9 and 45 past 10": the 9 could be 09:00. Said with "minutes", or all over 12, the list is minutes only.
        if (!spelled && minutes.Any(m => m <= 12))
            throw cursor.Error($"\"{cursor.Slice(cursor.Position, cursor.Position + words + 2)}\" in \"{cursor.Spec}\" could name an hour among the minutes; " +
                $"write each time (e.g. \"at 9:00 and 10:45\") or say \"minutes\" (\"at 5 and 35 minutes past 9\")");
        var start = cursor.Position;
        cursor.Position += words + 1;
        if (!TryRead(cursor, true, out var hour, bareTo: false, phrases: false))
        {
            cursor.Position = start;
            return false;
        }
        times.AddRange(minutes.Select(m => hour.AddMinutes(before ? -m : m)));
        return true;
    }

    [GeneratedRegex(@"^\d{1,2}(?:am|pm|a\.m\.|p\.m\.)?$", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex HourPattern();
}
