using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// The spec a refused part of the day points to: the one written, with the part-of-day word taken out and each listed
/// time outside the part written as meant, so the days it named stay ("every sunday night at 11" → "every sunday at
/// 11pm", not "every day at 11pm", which would run on every day) and it still repeats ("sunday evenings at 7" → "every
/// sunday at 7pm": the plural said "every"). Only a candidate: the caller parses it and shows it only when it means
/// what the spec did with the times so written.
/// </summary>
internal static partial class PartOfDayRewrite
{
    /// <param name="spec">The spec as written.</param>
    /// <param name="meant">For each time outside the part, the time to write instead ("7pm"); a time mapped to null is kept as written.</param>
    public static string Rewrite(string spec, IReadOnlyDictionary<TimeOnly, string?> meant)
    {
        var lower = spec.Trim().ToLowerInvariant();
        // "every evening at 7": the part of the day stood for the days; "nightly at 11" likewise.
        lower = EveryPartPattern().Replace(lower, "every day");
        lower = NightlyPattern().Replace(lower, "daily");
        // "sunday evenings", "weekday evenings", "on monday mornings": the plural made it repeat, so the day takes "every".
        if (!RepeatsPattern().IsMatch(lower))
            lower = PluralPartPattern().Replace(lower, m => $"every {m.Groups["day"].Value} ");
        lower = PartPattern().Replace(lower, "");
        lower = TimeListPattern().Replace(lower, list =>
        {
            var text = new StringBuilder(list.Value);
            foreach (var time in list.Groups["t"].Captures.Reverse())
            {
                var m = OneTimePattern().Match(time.Value);
                if (!m.Success || m.Groups["half"].Success) continue;
                var at = new TimeOnly(int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture) % 24,
                    m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) % 60 : 0);
                if (!meant.TryGetValue(at, out var write) || write is null) continue;
                text.Remove(time.Index - list.Index, time.Length).Insert(time.Index - list.Index, write);
            }
            return text.ToString();
        });
        return MultipleSpaces().Replace(lower, " ").Trim();
    }

    [GeneratedRegex(@"\bevery (?:morning|afternoon|evening|night)s?\b", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex EveryPartPattern();

    [GeneratedRegex(@"\bnightly\b", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex NightlyPattern();

    [GeneratedRegex(@"\b(?:every|each|daily|weekly)\b", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex RepeatsPattern();

    [GeneratedRegex(@"(?:\bon )?\b(?<day>(?:mon|tues|wednes|thurs|fri|satur|sun|week|business |work|working )day|weekend)s? (?=(?:morning|afternoon|evening|night)s\b)", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex PluralPartPattern();

    [GeneratedRegex(@"\s+(?:in the |at )?(?:morning|afternoon|evening|night)s?\b", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex PartPattern();

    // "at 6 and 7", "at 9, 10 and 11 o'clock": the times listed after "at".
    [GeneratedRegex(@"\bat (?<t>\d{1,2}(?::\d{2})?(?: ?o'?clock)?(?: ?(?:am|pm))?)(?:(?:,? and |, ?)(?<t>\d{1,2}(?::\d{2})?(?: ?o'?clock)?(?: ?(?:am|pm))?))*(?![\d:a-z])", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex TimeListPattern();

    [GeneratedRegex(@"^(?<h>\d{1,2})(?::(?<m>\d{2}))?(?: ?o'?clock)?(?<half> ?(?:am|pm))?$", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex OneTimePattern();

    [GeneratedRegex(@"\s{2,}", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex MultipleSpaces();
}
