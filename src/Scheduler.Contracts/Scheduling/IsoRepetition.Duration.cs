using System.Globalization;
using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Scheduling;

internal static partial class IsoRepetition
{
    private static IsoPeriod ReadDuration(string lower, string spec)
    {
        var m = Duration().Match(lower);
        long Part(string name)
        {
            var g = m.Groups[name];
            if (!g.Success) return 0;
            if (!long.TryParse(g.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v > 1_000_000)
                throw Error($"\"{g.Value}\" in duration \"{lower.ToUpperInvariant()}\" is too large; expected at most 1000000", spec);
            return v;
        }
        if (!m.Groups.Values.Skip(1).Any(g => g.Success && g.Length > 0 && char.IsAsciiDigit(g.Value[0])))
            throw Error($"duration \"{lower.ToUpperInvariant()}\" has no amount; expected e.g. PT15M, P1D or P1W", spec);
        var months = Part("y") * 12 + Part("mo");
        var days = Part("w") * 7 + Part("d");
        var seconds = Part("h") * 3600 + Part("mi") * 60 + Part("s");
        if (months + days + seconds == 0) throw Error($"duration \"{lower.ToUpperInvariant()}\" is zero; expected a positive duration", spec);
        if (months > 12 * 1000 || days > 366 * 1000) throw Error($"duration \"{lower.ToUpperInvariant()}\" is longer than 1000 years", spec);
        return new IsoPeriod((int)months, (int)days, seconds);
    }

    [GeneratedRegex(@"^p(?:(?<y>\d+)y)?(?:(?<mo>\d+)m)?(?:(?<w>\d+)w)?(?:(?<d>\d+)d)?(?:t(?:(?<h>\d+)h)?(?:(?<mi>\d+)m)?(?:(?<s>\d+)s)?)?$",
        RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex Duration();

    /// <summary>
    /// A duration with a fraction in its last part, as ISO 8601 allows (PT1.5H), written in whole seconds (PT5400S) when
    /// it is a clock duration of whole seconds; refused, saying why, when it is not, or is a fraction of a calendar unit.
    /// </summary>
    private static string WholeSecondsOf(string part, string spec)
    {
        if (FractionalClockDuration().Match(part) is not { Success: true } m)
            throw Error($"duration \"{part.ToUpperInvariant()}\" has a fraction of a day, week, month or year, which is no calendar step (a day may have 23 or 25 " +
                "hours); expected whole calendar units, or clock units, e.g. PT12H for half a day", spec);
        var fraction = decimal.Parse(m.Groups["f"].Value.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var unit = m.Groups["u"].Value switch { "h" => 3600m, "m" => 60m, _ => 1m };
        var hours = m.Groups["h"].Success ? decimal.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture) : 0;
        var minutes = m.Groups["mi"].Success ? decimal.Parse(m.Groups["mi"].Value, CultureInfo.InvariantCulture) : 0;
        var seconds = hours * 3600 + minutes * 60 + fraction * unit;
        if (seconds != decimal.Truncate(seconds) || seconds > 1_000_000m * 3600)
            throw Error($"duration \"{part.ToUpperInvariant()}\" is {seconds.ToString(CultureInfo.InvariantCulture)} seconds, and a schedule steps in whole " +
                "seconds; expected a duration of whole seconds, e.g. PT1.5H (5400 s) or PT2S", spec);
        return $"pt{seconds.ToString("0", CultureInfo.InvariantCulture)}s";
    }

    [GeneratedRegex(@"^p[0-9ymwdthms]*[0-9]*[.,][0-9]+[ymwdhs]$", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex FractionalDuration();

    [GeneratedRegex(@"^pt(?:(?<h>\d{1,7})h)?(?:(?<mi>\d{1,9})m)?(?<f>\d{1,10}[.,]\d{1,9})(?<u>[hms])$", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex FractionalClockDuration();
}
