using Scheduler.Contracts.Scheduling;

namespace Scheduler.Cli.Commands;

/// <summary>
/// An instant given on the command line (<c>--end-at</c>): an ISO-8601 date-time (read in the task's time zone when it
/// has no offset) or any one-shot spec such as "tomorrow at 6pm"; a past instant is read as written.
/// </summary>
internal static class InstantOption
{
    public static DateTimeOffset? Read(string? text, string option, string? timeZone, TimeProvider time)
    {
        if (text is null) return null;
        var now = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        ParsedSchedule parsed;
        try
        {
            parsed = ScheduleParser.Parse(text, new ScheduleParseOptions { TimeZone = timeZone ?? "UTC", Now = now, AllowPast = true });
        }
        catch (ScheduleSpecException e)
        {
            throw new CliException(ExitCodes.BadInput, $"{option}: {e.Message}");
        }
        return parsed.Kind == ScheduleKind.Once && parsed.Anchor is { } at
            ? at
            : throw new CliException(ExitCodes.BadInput, $"{option} \"{text}\" is not one instant; expected e.g. 2026-12-31T18:00 or \"tomorrow at 6pm\"");
    }
}
