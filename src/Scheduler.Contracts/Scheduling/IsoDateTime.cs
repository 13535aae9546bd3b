using System.Globalization;
using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// ISO-8601 date-times ("2025-07-27T14:30:00Z", "…+02:00", or no offset, meaning wall-clock in the schedule zone), in
/// the extended format or the basic one ("20250727T143000Z").
/// Hand-parsed so every range problem becomes a <see cref="ScheduleSpecException"/> naming the bad part.
/// </summary>
internal static partial class IsoDateTime
{
    private const string Accepted = "ISO-8601 such as 2025-07-27T14:30:00Z, 2025-07-27T14:30:00+02:00, 2025-07-27T14:30 or 20250727T143000Z";

    /// <summary>True when <paramref name="token"/> opens like an ISO date-time, in either format ("2026-12-10t…", "20261210t…").</summary>
    public static bool LooksLike(string token) => StartsLikeIso().IsMatch(token);

    /// <summary>
    /// <see cref="TryParse"/> for the start of a repetition or an exact interval, whose minute every later run keeps: a
    /// wall time without an offset that a spring-forward skips is read as RFC 5545 reads it, with the offset before the
    /// gap (New York 02:30 on the change day is 03:30 EDT), not as the first instant after the gap (03:00), which a
    /// one-shot at that time takes.
    /// </summary>
    public static bool TryParseAsStart(string lower, TimeZoneInfo zone, string spec, out DateTimeOffset instant)
    {
        if (!TryParse(lower, zone, spec, out instant)) return false;
        var t = lower.IndexOfAny(['t', 'T']);
        var offsetGiven = t >= 0 && lower.AsSpan(t + 1).IndexOfAny(['z', 'Z', '+', '-']) >= 0;
        if (!offsetGiven && TryParse(lower, TimeZoneInfo.Utc, spec, out var wall)) instant = Rules.RuleClock.ToInstant(wall.UtcDateTime, zone);
        return true;
    }

    /// <summary>
    /// False when <paramref name="lower"/> is not shaped like an ISO date-time; throws when it is but a part is out
    /// of range.
    /// </summary>
    public static bool TryParse(string lower, TimeZoneInfo zone, string spec, out DateTimeOffset instant)
    {
        instant = default;
        var match = Pattern().Match(lower);
        if (!match.Success)
        {
            if (StartsLikeIso().IsMatch(lower) && !lower.Contains(' '))
                throw new ScheduleSpecException($"invalid date-time \"{lower}\" in \"{spec}\"; expected {Accepted}", spec);
            return false;
        }
        int Part(string name) => match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        var (year, month, day, hour, minute, second) = (Part("y"), Part("mo"), Part("d"), Part("h"), Part("mi"), Part("s"));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), Math.Clamp(month, 1, 12)))
            throw new ScheduleSpecException($"invalid date \"{match.Groups["date"].Value}\" in \"{spec}\"; expected {Accepted}", spec);
        if (hour > 23) throw new ScheduleSpecException($"invalid hour \"{match.Groups["h"].Value}\" in \"{spec}\"; expected 0-23", spec);
        if (minute > 59) throw new ScheduleSpecException($"invalid minute \"{match.Groups["mi"].Value}\" in \"{spec}\"; expected 00-59", spec);
        if (second > 59) throw new ScheduleSpecException($"invalid second \"{match.Groups["s"].Value}\" in \"{spec}\"; expected 00-59", spec);
        var fraction = match.Groups["f"].Success ? long.Parse(match.Groups["f"].Value.PadRight(7, '0'), CultureInfo.InvariantCulture) : 0;
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fraction);
        var offset = match.Groups["z"].Value;
        if (offset.Length == 0)
        {
            instant = ZonedClock.ToInstant(local, zone);
            return true;
        }
        // Minutes past 59 would carry into the hours ("+05:75" read as +06:15), so the offset is refused instead.
        if (offset != "z" && Part("om") > 59)
            throw new ScheduleSpecException($"invalid offset \"{offset}\" in \"{spec}\"; expected minutes 00-59, between -14:00 and +14:00", spec);
        var minutes = offset == "z" ? 0 : (Part("oh") * 60 + Part("om")) * (offset[0] == '-' ? -1 : 1);
        if (Math.Abs(minutes) > 14 * 60)
            throw new ScheduleSpecException($"invalid offset \"{offset}\" in \"{spec}\"; expected between -14:00 and +14:00", spec);
        try
        {
            instant = new DateTimeOffset(local, TimeSpan.FromMinutes(minutes)).ToUniversalTime();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ScheduleSpecException($"date-time \"{lower}\" in \"{spec}\" is outside years 0001-9999; expected {Accepted}", spec, e);
        }
        return true;
    }

    // The extended format, or the basic one of iCalendar files and RFC 5545's DTSTART ("20261210T090000Z").
    [GeneratedRegex(@"^(?:(?<date>(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2}))[t ](?<h>\d{2}):(?<mi>\d{2})(?::(?<s>\d{2})(?:\.(?<f>\d{1,7}))?)?(?<z>z|[+-](?<oh>\d{2}):?(?<om>\d{2}))?"
        + @"|(?<date>(?<y>\d{4})(?<mo>\d{2})(?<d>\d{2}))t(?<h>\d{2})(?<mi>\d{2})(?:(?<s>\d{2})(?:\.(?<f>\d{1,7}))?)?(?<z>z|[+-](?<oh>\d{2})(?<om>\d{2})?)?)$",
        RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^(?:\d{4}-\d{2}-\d{2}|\d{8})t", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex StartsLikeIso();
}
