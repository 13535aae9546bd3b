using System.Globalization;
using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Flow;

/// <summary>The durations flow options are written in: <c>500ms</c>, <c>30s</c>, <c>1m</c>, <c>2h</c>, <c>1d</c>, or <c>hh:mm:ss</c>.</summary>
internal static partial class FlowDuration
{
    public const string Accepted = "a number with ms, s, m, h or d (e.g. 500ms, 30s, 1m, 1.5h) or hh:mm:ss";

    /// <summary>The JSON value <paramref name="reader"/> is on, as a person would write it: "5m" quoted, 5, true, an object.</summary>
    public static string Given(ref System.Text.Json.Utf8JsonReader reader) => reader.TokenType switch
    {
        System.Text.Json.JsonTokenType.String => $"\"{reader.GetString()}\"",
        System.Text.Json.JsonTokenType.Number => $"the number {System.Text.Encoding.UTF8.GetString(reader.ValueSpan)}",
        System.Text.Json.JsonTokenType.True => "true",
        System.Text.Json.JsonTokenType.False => "false",
        System.Text.Json.JsonTokenType.StartObject => "an object",
        System.Text.Json.JsonTokenType.StartArray => "an array",
        _ => "this value",
    };

    /// <summary>The largest number a compact duration takes before its unit.</summary>
    public const long MaxCount = 10_000_000;

    /// <summary>
    /// Why <paramref name="text"/>, which <see cref="TryParse"/> did not read, is refused: a number with a unit too large
    /// to read is out of range (it is a duration, so "not a duration" would send a person looking for a typo), one that
    /// is not whole milliseconds says so, a bare number is missing its unit; anything else is not a duration.
    /// <paramref name="given"/> is the value as <see cref="Given"/> words it.
    /// </summary>
    public static string Refusal(string given, string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (Compact().Match(trimmed) is { Success: true } m)
        {
            return decimal.TryParse(m.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) && n <= MaxCount
                ? $"{given} is not whole milliseconds; expected {Accepted}"
                : $"{given} is out of range; expected a number of at most {MaxCount} with ms, s, m, h or d, or hh:mm:ss";
        }
        return BareNumber().IsMatch(trimmed)
            ? $"{given} has no unit; write it with one ({trimmed}s, {trimmed}m, {trimmed}h or {trimmed}d) or as hh:mm:ss"
            : $"{given} is not a duration; expected {Accepted}";
    }

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (Compact().Match(text.Trim()) is { Success: true } m)
        {
            if (!decimal.TryParse(m.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) || n > MaxCount) return false;
            var ms = n * m.Groups[2].Value switch { "ms" => 1, "s" => 1_000, "m" => 60_000, "h" => 3_600_000, _ => 86_400_000 };
            if (ms != decimal.Truncate(ms)) return false;
            duration = TimeSpan.FromMilliseconds((long)ms);
            return true;
        }
        // A bare number is days to .NET's "c" form ("30" is 30 days) but seconds to the command line: refused, not guessed.
        return text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParseExact(text.Trim(), "c", CultureInfo.InvariantCulture, out duration);
    }

    /// <summary>
    /// <paramref name="duration"/> cut to whole milliseconds, the precision instants are stored in (Unix ms): a window
    /// given with sub-millisecond ticks (a <see cref="TimeSpan"/>, or <c>hh:mm:ss.fffffff</c>) applies as cut, as jitter
    /// and rate-limit windows are cut where they apply.
    /// </summary>
    public static TimeSpan WholeMilliseconds(TimeSpan duration) => TimeSpan.FromTicks(duration.Ticks - duration.Ticks % TimeSpan.TicksPerMillisecond);

    /// <summary><paramref name="at"/> cut to whole milliseconds, its offset kept: the precision instants are stored in.</summary>
    public static DateTimeOffset WholeMilliseconds(DateTimeOffset at) => at.AddTicks(-(at.UtcTicks % TimeSpan.TicksPerMillisecond));

    /// <summary>The shortest exact compact form (<c>1m</c> rather than <c>60s</c>), so a stored option reads back equal.</summary>
    public static string Format(TimeSpan duration)
    {
        var ms = (long)duration.TotalMilliseconds;
        if (ms <= 0 || duration.Ticks % TimeSpan.TicksPerMillisecond != 0) return duration.ToString("c", CultureInfo.InvariantCulture);
        foreach (var (unit, size) in Units)
            if (ms % size == 0) return Counted(ms / size, unit, duration);
        return Counted(ms, "ms", duration);
    }

    // A count past MaxCount would not read back ("10000001ms"): hh:mm:ss.fff does.
    private static string Counted(long count, string unit, TimeSpan duration) =>
        count <= MaxCount ? count.ToString(CultureInfo.InvariantCulture) + unit : duration.ToString("c", CultureInfo.InvariantCulture);

    private static readonly (string Unit, long Ms)[] Units = [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)];

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)$")]
    private static partial Regex Compact();

    [GeneratedRegex(@"^[0-9]+(?:\.[0-9]+)?$")]
    private static partial Regex BareNumber();
}
