using System.Text.RegularExpressions;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.Cli.Commands;

/// <summary>
/// An instant given on the command line (<c>--end-at</c>, <c>--until</c>, <c>--from</c>, <c>--since</c>): an ISO-8601
/// date-time (read in the task's time zone when it has no offset), any one-shot spec such as "tomorrow at 6pm", or
/// "yesterday" with a time; a past instant is read as written.
/// </summary>
internal static partial class InstantOption
{
    public static DateTimeOffset? Read(string? text, string option, string? timeZone, TimeProvider time)
    {
        if (text is null) return null;
        var now = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        var zone = timeZone ?? "UTC";
        Zone(zone, option);
        var spec = text;
        ParsedSchedule parsed;
        try
        {
            // The spec grammar looks ahead and has no word for the day before, which a look back (--since, --from)
            // wants most: "yesterday at 6pm" is read as "today at 6pm" from the same wall-clock time a day earlier.
            var from = now;
            if (Yesterday().IsMatch(text))
            {
                spec = Yesterday().Replace(text, "today", 1);
                from = DayEarlier(now, ScheduleTimeZones.Find(zone));
            }
            parsed = ScheduleParser.Parse(spec, new ScheduleParseOptions { TimeZone = zone, Now = from, AllowPast = true });
        }
        catch (ScheduleSpecException e) when (text.Any(char.IsDigit))
        {
            // A misspelt date or time: the parser's words say where ("invalid date \"2026-13-45\"").
            throw new CliException(ExitCodes.BadInput, $"{option}: {e.Message.Replace($"\"{spec}\"", $"\"{text}\"", StringComparison.Ordinal)}");
        }
        catch (ScheduleSpecException)
        {
            // The parser's own message lists what a schedule may say ("every …", cron), not what an instant may.
            throw new CliException(ExitCodes.BadInput, $"{option} \"{text}\" is not an instant; {InstantForms}");
        }
        return parsed.Kind == ScheduleKind.Once && parsed.Anchor is { } at
            ? at
            : throw new CliException(ExitCodes.BadInput, $"{option} \"{text}\" is not one instant; {InstantForms}");
    }

    // An unknown zone (a mistyped --tz) is named as such, not taken for a misspelt instant ("monday" is one).
    private static TimeZoneInfo Zone(string zone, string option)
    {
        try { return ScheduleTimeZones.Find(zone); }
        catch (ScheduleSpecException e) { throw new CliException(ExitCodes.BadInput, $"{option}: {e.Message}", e); }
    }

    private const string InstantForms = "expected e.g. 2026-12-31T18:00, \"tomorrow at 6pm\" or \"yesterday at 6pm\"";

    /// <summary>
    /// An end (<c>--end-at</c>): an instant as <see cref="Read"/> reads it, except that a day named without a time
    /// ("dec 31", "2026-12-31", "tomorrow") ends after that day, as the spec's "until dec 31" does: read as its midnight,
    /// it would have dropped that day's runs.
    /// </summary>
    public static DateTimeOffset? ReadEnd(string? text, string option, string? timeZone, TimeProvider time)
    {
        if (Read(text, option, timeZone, time) is not { } at) return null;
        var zone = ScheduleTimeZones.Find(timeZone ?? "UTC");
        var local = ZonedClock.ToLocal(at, zone);
        if (local.TimeOfDay != TimeSpan.Zero || NamesATime().IsMatch(text!)) return at;
        return ZonedClock.ToInstant(local.Date.AddDays(1), zone).AddMilliseconds(-1);
    }

    /// <summary>
    /// A time ahead (<c>pause --until</c>): a duration from now (2h, 30m, 1d: "pause it for two hours", the look back's
    /// mirror), or an instant as <see cref="Read"/> reads it.
    /// </summary>
    public static DateTimeOffset? ReadAhead(string? text, string option, string? timeZone, TimeProvider time)
    {
        if (text is not null && Output.Durations.HasUnit(text))
            return DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds()) + Output.Durations.ParseOption(text, option)!.Value;
        if (text is not null) Zone(timeZone ?? "UTC", option);
        try
        {
            return Read(text, option, timeZone, time);
        }
        catch (CliException e) when (e.ExitCode == ExitCodes.BadInput && !text!.Any(char.IsDigit))
        {
            // As a look back's: a text without a digit is no misspelt date, so both forms a time ahead takes are named.
            throw new CliException(ExitCodes.BadInput, $"{option} \"{text}\" is neither a duration from now nor an instant; {LookAheadForms}");
        }
    }

    private const string LookAheadForms =
        "expected a duration from now such as 30m, 2h or 1d, or an instant such as 2026-12-01T09:00Z, \"tomorrow at 9am\" or \"in 2 hours\"";

    /// <summary>
    /// A look back (<c>--since</c>, <c>backfill --from</c>/<c>--to</c>): a duration before now (30m, 2h, 2d, "5 hours ago",
    /// "-5h"), as <c>audit --since</c> always took, or an instant as <see cref="Read"/> reads it.
    /// </summary>
    public static DateTimeOffset? ReadBack(string? text, string option, TimeProvider time)
    {
        if (text is null) return null;
        if (string.IsNullOrWhiteSpace(text))
            throw new CliException(ExitCodes.BadInput, $"{option} is empty; {LookBackForms}");
        if (Back().Match(text.Trim()) is { Success: true } back)
        {
            var unit = back.Groups["u"].Value switch
            {
                "" => "", ['m', 's', ..] or ['m', 'i', 'l', ..] => "ms", ['s', ..] => "s", ['m', ..] => "m", ['h', ..] => "h", _ => "d",
            };
            var days = back.Groups["u"].Value.StartsWith('w') ? 7 : 1;
            var duration = Output.Durations.ParseOption(back.Groups["n"].Value + unit, option)!.Value * days;
            return time.GetUtcNow() - duration;
        }
        try
        {
            return Read(text, option, null, time);
        }
        catch (CliException e) when (e.ExitCode == ExitCodes.BadInput && !text.Any(char.IsDigit))
        {
            // The spec grammar's own message lists what a schedule may say ("every …", "<n> times"), not what a look
            // back accepts; a text without a digit is no misspelt date, so both look-back forms are named instead.
            throw new CliException(ExitCodes.BadInput, $"{option} \"{text}\" is neither a duration back nor an instant; {LookBackForms}");
        }
    }

    private const string LookBackForms =
        "expected a duration back such as 30m, 2h, 2d or \"5 hours ago\", or an instant such as 2026-11-30T09:00Z, \"yesterday at 6pm\" or \"today at 8am\"";

    // "30m", "2 h", "5 hours ago", "-5h", "1 week ago": a leading minus or a trailing "ago" says the same as the bare form.
    [GeneratedRegex(@"^(?:-\s*)?(?<n>\d+(?:\.\d+)?)\s*(?<u>ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?)?(?:\s+ago)?$")]
    private static partial Regex Back();

    // The same wall-clock time on the day before, in the zone (24 hours back may be another day across a DST change).
    private static DateTimeOffset DayEarlier(DateTimeOffset now, TimeZoneInfo zone) =>
        ZonedClock.ToInstant(ZonedClock.ToLocal(now, zone).AddDays(-1), zone);

    // "18:00", "6pm", "6 am", "noon", "midnight", "2026-12-31T00:00", "in 3 days" (an instant from now): a time said.
    [GeneratedRegex(@"\d:\d|\d\s*[ap]\.?m\b|\b(noon|midnight|in|ago|now)\b|\dT\d", RegexOptions.IgnoreCase)]
    private static partial Regex NamesATime();

    [GeneratedRegex(@"\byesterday\b", RegexOptions.IgnoreCase)]
    private static partial Regex Yesterday();
}
