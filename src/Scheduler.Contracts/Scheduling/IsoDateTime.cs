using System.Globalization;
using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// ISO-8601 date-times ("2025-07-27T14:30:00Z", "…+02:00", or no offset, meaning wall-clock in the schedule zone), in
/// the extended format or the basic one ("20250727T143000Z"), the date also as a week date ("2027-W05-3T…") or an
/// ordinal date ("2027-032T…").
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
        var written = lower;
        lower = WithCalendarDate(lower, spec);
        var match = Pattern().Match(lower);
        if (!match.Success)
        {
            if (StartsLikeIso().IsMatch(lower) && !lower.Contains(' '))
                throw new ScheduleSpecException($"invalid date-time \"{Quoted(written, spec)}\" in \"{spec}\"; expected {Accepted}", spec);
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
            throw new ScheduleSpecException($"date-time \"{Quoted(written, spec)}\" in \"{spec}\" is outside years 0001-9999; expected {Accepted}", spec, e);
        }
        return true;
    }

    /// <summary>
    /// <paramref name="lower"/> with a leading ISO week date ("2027-w05-3t…", "2027w053t…") or ordinal date ("2027-032t…",
    /// "2027032t…") written as the calendar date it names ("2027-02-03t…"); anything else as given.
    /// </summary>
    private static string WithCalendarDate(string lower, string spec)
    {
        if (WeekDate().Match(lower) is { Success: true } week)
        {
            var (year, number, weekday) = (Number(week, "y"), Number(week, "w"), Number(week, "d"));
            if (year < 1 || year > 9998 || number < 1 || number > ISOWeek.GetWeeksInYear(year))
            {
                throw new ScheduleSpecException($"invalid week date \"{week.Groups["date"].Value}\" in \"{spec}\"; year {week.Groups["y"].Value} has weeks 01 to " +
                    $"{(year is >= 1 and <= 9998 ? ISOWeek.GetWeeksInYear(year) : 52)}, e.g. {week.Groups["y"].Value}-W05-3 (Wednesday of week 5)", spec);
            }
            var date = ISOWeek.ToDateTime(year, number, weekday == 7 ? DayOfWeek.Sunday : (DayOfWeek)weekday);
            return Written(date, week) + lower[week.Groups["date"].Length..];
        }
        if (OrdinalDate().Match(lower) is { Success: true } ordinal)
        {
            var (year, day) = (Number(ordinal, "y"), Number(ordinal, "n"));
            var days = year is >= 1 and <= 9998 ? (DateTime.IsLeapYear(year) ? 366 : 365) : 365;
            if (year < 1 || year > 9998 || day < 1 || day > days)
                throw new ScheduleSpecException($"invalid ordinal date \"{ordinal.Groups["date"].Value}\" in \"{spec}\"; year {ordinal.Groups["y"].Value} has days 001 to {days}", spec);
            return Written(new DateTime(year, 1, 1).AddDays(day - 1), ordinal) + lower[ordinal.Groups["date"].Length..];
        }
        return lower;
    }

    /// <summary>
    /// A week date ("2027-W05-3") or an ordinal date ("2027-032") standing alone, as the calendar date it names, so it
    /// is read wherever "2027-02-03" is; null for any other token. Only the extended forms: "2027032" alone is a number.
    /// </summary>
    internal static DateOnly? CalendarDateAlone(string token, string spec)
    {
        if (!DateAlone().IsMatch(token))
        {
            // "2027-W05-8", "2027-W5-3", "2027-W05": a week date in the making, not an unknown word or a time.
            return WeekDateLike().IsMatch(token)
                ? throw new ScheduleSpecException($"invalid week date \"{Quoted(token.ToLowerInvariant(), spec)}\" in \"{spec}\"; expected YYYY-Www-D: the week 01 to 52 (53 in "
                    + "some years) and the day 1 (Monday) to 7 (Sunday), e.g. 2027-W05-3 (Wednesday of week 5)", spec)
                : null;
        }
        var date = WithCalendarDate(token.ToLowerInvariant() + "t", spec);
        return DateOnly.ParseExact(date[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    // As the person wrote it: the spec holds the text in its own case ("2027-W05-3T10Z", not "2027-02-03t10z").
    private static string Quoted(string lower, string spec) =>
        spec.IndexOf(lower, StringComparison.OrdinalIgnoreCase) is >= 0 and var at ? spec.Substring(at, lower.Length) : lower;

    // In the format the date was written in, so its time (extended "10:00", basic "1000") still reads with it.
    private static string Written(DateTime date, Match match) =>
        date.ToString(match.Groups["date"].Value.Contains('-') ? "yyyy-MM-dd" : "yyyyMMdd", CultureInfo.InvariantCulture);

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<date>(?<y>\d{4})-?w(?<w>\d{2})-?(?<d>[1-7]))t", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex WeekDate();

    [GeneratedRegex(@"^(?<date>(?<y>\d{4})-?(?<n>\d{3}))t", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex OrdinalDate();

    // The extended format, or the basic one of iCalendar files and RFC 5545's DTSTART ("20261210T090000Z").
    [GeneratedRegex(@"^(?:(?<date>(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2}))[t ](?<h>\d{2}):(?<mi>\d{2})(?::(?<s>\d{2})(?:\.(?<f>\d{1,7}))?)?(?<z>z|[+-](?<oh>\d{2}):?(?<om>\d{2}))?"
        + @"|(?<date>(?<y>\d{4})(?<mo>\d{2})(?<d>\d{2}))t(?<h>\d{2})(?<mi>\d{2})(?:(?<s>\d{2})(?:\.(?<f>\d{1,7}))?)?(?<z>z|[+-](?<oh>\d{2})(?<om>\d{2})?)?)$",
        RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^\d{4}-(?:w\d{2}-[1-7]|\d{3})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex DateAlone();

    [GeneratedRegex(@"^\d{4}-w\d{1,3}(?:-\d*)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex WeekDateLike();

    [GeneratedRegex(@"^(?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4}-?w\d{2}-?\d|\d{4}-?\d{3})t", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex StartsLikeIso();
}
