using System.Globalization;
using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// A duration written in a spec: a fixed length ("1h30m", "90 minutes", "2 hours and 15 minutes") or a number of
/// calendar months ("3 months", "1 year"), which have no fixed length and are kept apart.
/// </summary>
internal readonly partial record struct SpecDuration(TimeSpan Fixed, int Months)
{
    public const string Units = "seconds, minutes, hours, days or weeks (s, m, h, d, w)";
    public static readonly TimeSpan Max = TimeSpan.FromDays(36525);
    private const int MaxMonths = 1200;

    /// <summary>
    /// Reads consecutive duration parts at the cursor. Returns false (cursor unmoved) when the next word does not
    /// start a duration; throws when it starts one that is malformed or out of range.
    /// </summary>
    public static bool TryRead(SpecCursor cursor, out SpecDuration duration)
    {
        duration = default;
        long ticks = 0, months = 0;
        var parts = 0;
        var last = TimeSpan.Zero;
        while (cursor.Peek() is { } token)
        {
            var mark = cursor.Position;
            // "an hour and a half", "2 days and a half": half of the unit just read.
            if (parts > 0 && last > TimeSpan.Zero && token == "and" && cursor.Peek(1) == "a" && cursor.Peek(2) == "half")
            {
                cursor.Position += 3;
                ticks += last.Ticks / 2;
                if (ticks > Max.Ticks) throw cursor.Error($"\"{cursor.Spec}\" is longer than 100 years; expected a shorter duration");
                last = TimeSpan.Zero;
                parts++;
                continue;
            }
            if (parts > 0 && cursor.AcceptSeparator() && !StartsPart(cursor.Peek()))
            {
                cursor.Position = mark;
                break;
            }
            token = cursor.Peek()!;
            if (IsoPattern().Match(token) is { Success: true } iso && parts == 0)
            {
                cursor.Position++;
                duration = Iso(iso, cursor, token);
                return true;
            }
            if (CompactPattern().Match(token) is { Success: true } compact)
            {
                cursor.Position++;
                for (var i = 0; i < compact.Groups["n"].Captures.Count; i++)
                    Add(compact.Groups["n"].Captures[i].Value, compact.Groups["u"].Captures[i].Value, cursor, ref ticks, ref months);
            }
            // "two hours", "fifteen minutes": a number in words counts as its digits.
            else if ((SpecWords.IsDigits(token) || token is "a" or "an" || SpecWords.NumberWord(token) is not null) && cursor.Peek(1) is { } unit && UnitOf(unit) is not null)
            {
                cursor.Position += 2;
                Add(SpecWords.IsDigits(token) ? token : SpecWords.NumberWord(token) ?? "1", unit, cursor, ref ticks, ref months);
                last = UnitOf(unit)!.Value;
                parts++;
                continue;
            }
            else if (Fraction(cursor) is (var fraction, > 0 and var words))
            {
                cursor.Position += words;
                ticks += fraction.Ticks;
            }
            else if (SpecWords.IsDigits(token) && parts == 0)
            {
                throw cursor.Error(cursor.Peek(1) is { } bad
                    ? $"unknown unit \"{bad}\" in \"{cursor.Spec}\"{SpecWords.DidYouMeanNote(bad)}; expected {Units}"
                    : $"missing unit after \"{token}\" in \"{cursor.Spec}\"; expected {Units}");
            }
            else
            {
                cursor.Position = mark;
                break;
            }
            parts++;
        }
        if (parts == 0) return false;
        if (ticks > 0 && months > 0)
            throw cursor.Error($"\"{cursor.Spec}\" mixes months or years with fixed units; expected one or the other");
        duration = new SpecDuration(TimeSpan.FromTicks(ticks), (int)months);
        return true;
    }

    /// <summary>"every second day", "every 3rd week": <paramref name="n"/> of one unit, as "every 2 days" reads it.</summary>
    public static SpecDuration Of(long n, string unit, SpecCursor cursor)
    {
        long ticks = 0, months = 0;
        Add(n.ToString(CultureInfo.InvariantCulture), unit, cursor, ref ticks, ref months);
        return new SpecDuration(TimeSpan.FromTicks(ticks), (int)months);
    }

    private static bool StartsPart(string? token) => token is not null
        && (SpecWords.IsDigits(token) || CompactPattern().IsMatch(token) || token is "a" or "an" or "half" or "quarter" || SpecWords.NumberWord(token) is not null);

    // "half an hour", "half a day", "a quarter of an hour", "quarter of an hour", "a quarter hour": a part of one fixed unit.
    private static (TimeSpan Part, int Words) Fraction(SpecCursor cursor)
    {
        var at = cursor.Peek() == "a" && cursor.Peek(1) == "quarter" ? 1 : 0;
        var divisor = cursor.Peek(at) switch { "half" => 2, "quarter" => 4, _ => 0 };
        if (divisor == 0) return (TimeSpan.Zero, 0);
        var words = at + 1;
        if (cursor.Peek(words) == "of") words++;
        if (cursor.Peek(words) is "a" or "an") words++;
        if (cursor.Peek(words) is not { } unit || UnitOf(unit) is not { } size || size == TimeSpan.Zero || unit.EndsWith('s')) return (TimeSpan.Zero, 0);
        return (size / divisor, words + 1);
    }

    private static void Add(string number, string unit, SpecCursor cursor, ref long ticks, ref long months)
    {
        var n = SpecWords.Number(number, cursor);
        var size = UnitOf(unit) ?? throw cursor.Error($"unknown unit \"{unit}\" in \"{cursor.Spec}\"{SpecWords.DidYouMeanNote(unit)}; expected {Units}");
        if (size == TimeSpan.Zero)
        {
            months += n * (unit.StartsWith('y') ? 12 : 1);
            if (months > MaxMonths) throw cursor.Error($"\"{cursor.Spec}\" is longer than 100 years; expected a shorter duration");
            return;
        }
        ticks += n * size.Ticks; // n ≤ 10^6 and a week ≈ 6·10^12 ticks: no overflow before the check below.
        if (ticks > Max.Ticks) throw cursor.Error($"\"{cursor.Spec}\" is longer than 100 years; expected a shorter duration");
    }

    // TimeSpan.Zero marks the calendar units (months, years).
    private static TimeSpan? UnitOf(string unit) => unit switch
    {
        "s" or "sec" or "secs" or "second" or "seconds" => TimeSpan.FromSeconds(1),
        "m" or "min" or "mins" or "minute" or "minutes" => TimeSpan.FromMinutes(1),
        "h" or "hr" or "hrs" or "hour" or "hours" => TimeSpan.FromHours(1),
        "d" or "day" or "days" => TimeSpan.FromDays(1),
        "w" or "wk" or "wks" or "week" or "weeks" => TimeSpan.FromDays(7),
        "fortnight" or "fortnights" => TimeSpan.FromDays(14),
        "month" or "months" or "y" or "yr" or "yrs" or "year" or "years" => TimeSpan.Zero,
        _ => null,
    };

    // ISO-8601 (the interval canonical form): only weeks/days before T and hours/minutes/seconds after, since
    // ISO "M" before T would mean months.
    private static SpecDuration Iso(Match match, SpecCursor cursor, string token)
    {
        long ticks = 0;
        string[] groups = ["w", "d", "h", "m"];
        long[] sizes = [TimeSpan.TicksPerDay * 7, TimeSpan.TicksPerDay, TimeSpan.TicksPerHour, TimeSpan.TicksPerMinute];
        for (var i = 0; i < groups.Length; i++)
            if (match.Groups[groups[i]].Success) ticks += Checked(match.Groups[groups[i]].Value, cursor) * sizes[i];
        if (match.Groups["s"].Success)
        {
            if (!decimal.TryParse(match.Groups["s"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds > 1_000_000)
                throw cursor.Error($"seconds \"{match.Groups["s"].Value}\" in \"{cursor.Spec}\" are out of range; expected at most {SpecWords.MaxNumberText}");
            ticks += (long)(seconds * TimeSpan.TicksPerSecond);
        }
        if (ticks <= 0 || ticks > Max.Ticks)
            throw cursor.Error($"invalid ISO-8601 duration \"{token}\" in \"{cursor.Spec}\"; expected a positive duration up to 100 years such as PT1H30M");
        return new SpecDuration(TimeSpan.FromTicks(ticks), 0);
    }

    private static long Checked(string digits, SpecCursor cursor) =>
        digits.Length > 7 || long.Parse(digits, CultureInfo.InvariantCulture) > 1_000_000
            ? throw cursor.Error($"number \"{digits}\" in \"{cursor.Spec}\" is too large; expected at most {SpecWords.MaxNumberText}")
            : long.Parse(digits, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?:(?<n>\d+)(?<u>secs?|mins?|hrs?|[smhdw]))+$", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex CompactPattern();

    [GeneratedRegex(@"^p(?:(?<w>\d+)w)?(?:(?<d>\d+)d)?(?:t(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+(?:\.\d+)?)s)?)?$", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex IsoPattern();
}
