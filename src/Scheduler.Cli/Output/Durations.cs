using System.Globalization;
using System.Text.RegularExpressions;
using Scheduler.Contracts.Flow;

namespace Scheduler.Cli.Output;

/// <summary>Durations on the command line: "500ms", "30s", "5m", "1h", "2d", "06:00:00", or plain seconds.</summary>
internal static partial class Durations
{
    /// <summary>
    /// The longest duration any option takes: ten years is beyond every wait, window and look-back the CLI has a use
    /// for, and keeps "now ± duration" far inside the instants .NET and Redis can hold.
    /// </summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(3650);

    private const string Forms = "500ms, 30s, 5m, 1h, 2d or 06:00:00";

    public static TimeSpan? ParseOption(string? text, string option)
    {
        if (text is null) return null;
        // hh:mm:ss (or d.hh:mm:ss), as the REST API and the JSON bodies take a duration.
        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (!TimeSpan.TryParseExact(text.Trim(), "c", CultureInfo.InvariantCulture, out var clock) || clock < TimeSpan.Zero)
                throw new CliException(ExitCodes.BadInput, $"{option} \"{text}\" is not a duration; expected e.g. {Forms}");
            return clock <= Max ? clock
                : throw new CliException(ExitCodes.BadInput, $"{option} \"{text}\" is out of range; expected a duration from 0 to 3650d (10 years)");
        }
        var match = Pattern().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            throw new CliException(ExitCodes.BadInput, $"{option} \"{text}\" is not a duration; expected e.g. {Forms}");
        var unit = match.Groups["u"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(1),
            "m" or "min" => TimeSpan.FromMinutes(1),
            "h" => TimeSpan.FromHours(1),
            "d" => TimeSpan.FromDays(1),
            _ => TimeSpan.FromSeconds(1),
        };
        // Compared in milliseconds first: TimeSpan itself overflows long before a number of this pattern does.
        if (n * unit.TotalMilliseconds > Max.TotalMilliseconds)
            throw new CliException(ExitCodes.BadInput, $"{option} \"{text}\" is out of range; expected a duration from 0 to 3650d (10 years)");
        return TimeSpan.FromMilliseconds(n * unit.TotalMilliseconds);
    }

    /// <summary>
    /// A duration the client takes only within a range (a timeout, a jitter): refused here with what was given and the
    /// range, in the command line's words, rather than the client's field and a .NET time span ("00:00:00").
    /// </summary>
    public static TimeSpan? ParseWithin(string? text, string option, TimeSpan max, bool zeroAllowed)
    {
        var accepted = zeroAllowed ? $"a duration from 0 to {FlowDuration.Format(max)}" : $"a duration above 0, at most {FlowDuration.Format(max)}";
        TimeSpan? duration;
        try
        {
            duration = ParseOption(text, option);
        }
        catch (CliException)
        {
            throw new CliException(ExitCodes.BadInput, $"{option} \"{text}\" is not accepted; expected {accepted}, e.g. 30s, 5m or 00:05:00");
        }
        return duration is not { } d || (d <= max && (zeroAllowed || d > TimeSpan.Zero)) ? duration
            : throw new CliException(ExitCodes.BadInput, $"{option} \"{text}\" is not accepted; expected {accepted}, e.g. 30s, 5m or 00:05:00");
    }

    /// <summary>Whether <paramref name="text"/> is a duration with its unit ("2h", "30m"): a bare number is not.</summary>
    public static bool HasUnit(string text) => Pattern().Match(text.Trim()) is { Success: true } match && match.Groups["u"].Success;

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s*(?<u>ms|s|m|min|h|d)?$")]
    private static partial Regex Pattern();
}
