using System.Globalization;
using System.Text.RegularExpressions;

namespace Scheduler.Cli.Output;

/// <summary>Durations on the command line: "500ms", "30s", "5m", "1h", or plain seconds.</summary>
internal static partial class Durations
{
    public static TimeSpan? ParseOption(string? text, string option)
    {
        if (text is null) return null;
        var match = Pattern().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0 || n > 1e7)
            throw new CliException(ExitCodes.BadInput, $"{option} \"{text}\" is not a duration; expected e.g. 500ms, 30s, 5m or 1h");
        return match.Groups["u"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "m" or "min" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            _ => TimeSpan.FromSeconds(n),
        };
    }

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s*(?<u>ms|s|m|min|h)?$")]
    private static partial Regex Pattern();
}
