using System.Globalization;
using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// The spec a refused part of the day points to: the one written, with the part-of-day word taken out and the time
/// written as meant, so the days it named stay ("every sunday night at 11" → "every sunday at 11pm", not "every day at
/// 11pm", which would run on every day). Null when the time cannot be found as written: the caller says it otherwise.
/// </summary>
internal static partial class PartOfDayRewrite
{
    public static string? Rewrite(string spec, TimeOnly time, string meant)
    {
        var lower = spec.Trim().ToLowerInvariant();
        // "every evening at 7": the part of the day stood for the days; "nightly at 11" likewise.
        lower = EveryPartPattern().Replace(lower, "every day");
        lower = NightlyPattern().Replace(lower, "daily");
        lower = PartPattern().Replace(lower, "");
        var replaced = false;
        lower = TimePattern().Replace(lower, m =>
        {
            if (replaced || !Same(m, time)) return m.Value;
            replaced = true;
            return "at " + meant;
        });
        return replaced ? MultipleSpaces().Replace(lower, " ").Trim() : null;
    }

    // "at 11", "at 11:00", "at 7 o'clock": a bare time (one with am or pm is not in this refusal's reach).
    private static bool Same(Match m, TimeOnly time) =>
        int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture) == time.Hour
        && (m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) : 0) == time.Minute;

    [GeneratedRegex(@"\bevery (?:morning|afternoon|evening|night)s?\b", RegexOptions.CultureInvariant, 200)]
    private static partial Regex EveryPartPattern();

    [GeneratedRegex(@"\bnightly\b", RegexOptions.CultureInvariant, 200)]
    private static partial Regex NightlyPattern();

    [GeneratedRegex(@"\s+(?:in the |at )?(?:morning|afternoon|evening|night)s?\b", RegexOptions.CultureInvariant, 200)]
    private static partial Regex PartPattern();

    [GeneratedRegex(@"\bat (?<h>\d{1,2})(?::(?<m>\d{2}))?(?: ?o'?clock)?(?![\d:apm])", RegexOptions.CultureInvariant, 200)]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"\s{2,}", RegexOptions.CultureInvariant, 200)]
    private static partial Regex MultipleSpaces();
}
