using System.CommandLine;
using System.Globalization;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.Cli.Commands;

/// <summary><c>scheduler parse "&lt;spec&gt;" [--tz Z] [--now T] [--next N] [--json]</c>: preview a spec without Redis.</summary>
internal static class ParseCommand
{
    public static Command Create(CliContext context)
    {
        var spec = new Argument<string>("spec") { Description = "The schedule spec to preview, e.g. \"every weekday at 9am\", \"at 9am on weekdays\", \"on the 1st of every month at 9am\", \"every hour on the hour\", \"every 15 minutes\", \"cron:0 9 * * 1-5\" (README: Schedule language)" };
        // The zone schedule would read the spec in, so that the preview is what gets stored.
        var zone = new Option<string>("--tz") { Description = $"IANA time zone (default: {context.DefaultTimeZone}; $SCHEDULER_TIMEZONE sets the default)", DefaultValueFactory = _ => context.DefaultTimeZone };
        var now = new Option<string?>("--now") { Description = "Reference instant, ISO-8601 (default: now)" };
        // The same bound as the REST preview's count and a task's occurrences (info --next): one limit wherever occurrences are listed.
        var next = new Option<int>("--next")
        {
            Description = $"How many occurrences to list (1..{SchedulerClient.MaxOccurrences})", DefaultValueFactory = _ => 5,
        }.Within(1, SchedulerClient.MaxOccurrences);
        var command = new Command("parse", "Describe a schedule spec and list its next occurrences") { spec, zone, now, next };
        command.SetAction(SchedulerCli.Action(context, async (parse, _) =>
        {
            var reference = parse.GetValue(now) is { } nowText ? Reference(nowText, parse.GetValue(zone)!) : context.Time.GetUtcNow();
            var parsed = ScheduleParser.Parse(parse.GetValue(spec), new ScheduleParseOptions { TimeZone = parse.GetValue(zone)!, Now = reference });
            var occurrences = parsed.NextInZone(parse.GetValue(next), reference);
            if (parse.GetValue(context.Json))
            {
                await context.Out.WriteLineAsync(Formatting.Json(new
                {
                    kind = parsed.Kind.ToString().ToLowerInvariant(),
                    canonical = parsed.Canonical,
                    timeZone = parsed.TimeZone,
                    description = parsed.Description,
                    next = occurrences,
                }));
                return ExitCodes.Ok;
            }
            await context.Out.WriteLineAsync(parsed.Description);
            // The canonical form is what is stored and evaluated, so a person can check what they asked for.
            await context.Out.WriteLineAsync($"  {parsed.Kind.ToString().ToLowerInvariant()}: {parsed.Canonical}");
            foreach (var occurrence in occurrences)
                await context.Out.WriteLineAsync($"  {Formatting.Instant(occurrence)}  ({Formatting.Relative(occurrence, reference)})");
            return ExitCodes.Ok;
        }));
        return command;
    }

    // Without an offset, the wall-clock time of --tz, as --start-at and --end-at read theirs (and REST's "now").
    private static DateTimeOffset Reference(string text, string zone)
    {
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var written))
            throw new CliException(ExitCodes.BadInput, $"--now \"{text}\" is not an ISO-8601 date-time such as 2026-03-07T12:00:00Z");
        if (written.Kind != DateTimeKind.Unspecified)
            return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        try { return Contracts.Scheduling.ZonedClock.ToInstant(written, Contracts.Scheduling.ScheduleTimeZones.Find(zone)); }
        catch (Contracts.Scheduling.ScheduleSpecException e) { throw new CliException(ExitCodes.BadInput, $"--tz: {e.Message}"); }
    }
}
