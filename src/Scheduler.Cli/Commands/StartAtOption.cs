using System.CommandLine;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>--start-at</c>: the first run of a recurring schedule. "now", an ISO-8601 date-time ("2026-12-01T09:00", read in
/// <c>--tz</c> without an offset), a duration from now ("10m", "2h") or any one-shot spec ("tomorrow at 9am", "in 10 minutes"); a past instant is
/// accepted (the first run is then due at once and the misfire policy applies).
/// </summary>
internal static class StartAtOption
{
    public static Option<string?> Create() => new("--start-at")
    {
        Description = "First run of a recurring schedule, then every interval from it: now, 10m (from now), 2026-12-01T09:00, \"tomorrow at 9am\"",
    };

    /// <exception cref="ScheduleSpecException">The text is not an instant.</exception>
    public static DateTimeOffset? Read(string? text, string? timeZone, TimeProvider time)
    {
        if (text is null) return null;
        var now = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        if (text.Trim().Equals("now", StringComparison.OrdinalIgnoreCase)) return now;
        // "10m", "2h": that long from now, as pause --until reads a duration.
        if (Output.Durations.HasUnit(text)) return now + Output.Durations.ParseOption(text, "--start-at")!.Value;
        ParsedSchedule parsed;
        try
        {
            parsed = ScheduleParser.Parse(text, new ScheduleParseOptions { TimeZone = timeZone ?? "UTC", Now = now, AllowPast = true });
        }
        catch (ScheduleSpecException e)
        {
            // The parser's reason stays; its list of every kind of spec (recurring ones, cron, RRULE) does not, as
            // --start-at takes one instant and "every weekday at 9am" there is refused in turn.
            var generic = e.Message.IndexOf(AnySpec, StringComparison.Ordinal);
            throw new ScheduleSpecException(generic < 0 ? $"--start-at: {e.Message}"
                : $"--start-at \"{text}\" is not an instant: {e.Message[..generic]}; expected {Instants}", text, e);
        }
        return parsed.Kind == ScheduleKind.Once
            ? parsed.Anchor
            : throw new ScheduleSpecException($"--start-at \"{text}\" is a recurring spec; expected one instant: now, 2026-12-01T09:00 or \"tomorrow at 9am\"", text);
    }

    private const string Instants = "one instant: now, 2026-12-01T09:00, \"tomorrow at 9am\" or \"in 30 minutes\"";

    // Where the parser's words for an unknown word turn to what any spec may be ("; expected a one-shot time (…), …
    // or "every …"; e.g. …").
    private const string AnySpec = "; expected a one-shot time (";
}
