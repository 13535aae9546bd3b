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

    [GeneratedRegex(@"^p[0-9ymwdthms]*[0-9]*[.,][0-9]+[ymwdhs]$", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex FractionalDuration();
}
