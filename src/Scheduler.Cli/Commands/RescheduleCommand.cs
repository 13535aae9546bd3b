using System.CommandLine;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler reschedule &lt;id&gt; "&lt;spec&gt;" [--tz Z]</c>: the same task (id, definition, options, history) on a
/// new spec, evaluated from now. A completed, failed or expired task comes back; a cancelled one is refused (exit 2).
/// </summary>
internal static class RescheduleCommand
{
    public static Command Create(CliContext context)
    {
        var id = IdSymbols.TaskId();
        var spec = new Argument<string>("spec") { Description = "The new spec: \"every day at 6am\", \"in 2 hours\", \"cron:0 */2 * * *\", ..." };
        var zone = new Option<string?>("--tz") { Description = "New IANA time zone for the spec (default: the task's)" };
        var command = new Command("reschedule", "Move a task to a new spec; its id, definition and history stay") { id, spec, zone };
        command.SetAction(context.Connected(parse =>
        {
            // The client reads the spec in the task's zone once connected; its words and --tz are checked now, so a bad one
            // is exit 2 with Redis down too. Whether a one-shot is past depends on the zone: that stays the client's to refuse.
            if (parse.GetValue(zone) is { } given)
            {
                try { ScheduleTimeZones.Find(given); }
                catch (ScheduleSpecException e) { throw new CliException(ExitCodes.BadInput, $"--tz: {e.Message}", e); }
            }
            var now = DateTimeOffset.FromUnixTimeMilliseconds(context.Time.GetUtcNow().ToUnixTimeMilliseconds());
            try
            {
                ScheduleParser.Parse(parse.GetValue(spec)!, new ScheduleParseOptions { TimeZone = parse.GetValue(zone) ?? "UTC", Now = now, AllowPast = true });
            }
            // Without --tz the task's zone, unknown before connecting, reads it: an end ("until today") may be over in UTC
            // and still ahead there. Refused now only when no zone reads it; else the client answers in the task's.
            catch (ScheduleSpecException) when (parse.GetValue(zone) is null && ReadsInSomeZone(parse.GetValue(spec)!, now))
            {
            }
            return true;
        }, async (parse, _, client, ct) =>
        {
            var taskId = parse.GetValue(id)!;
            var updated = await client.RescheduleAsync(taskId, parse.GetValue(spec)!, parse.GetValue(zone), ct)
                ?? throw await CliContext.NoTaskAsync(client, taskId, ct);
            await context.PrintAsync(parse, updated, async o =>
            {
                await o.WriteLineAsync($"rescheduled {updated.Id}: {updated.Schedule.Description}");
                await o.WriteLineAsync($"next run {Formatting.Instant(updated.NextRunAt)} ({Formatting.Relative(updated.NextRunAt, context.Time.GetUtcNow())})");
            });
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static bool ReadsInSomeZone(string spec, DateTimeOffset now)
    {
        foreach (var zone in TimeZoneInfo.GetSystemTimeZones())
        {
            try
            {
                ScheduleParser.Parse(spec, new ScheduleParseOptions { TimeZone = zone.Id, Now = now, AllowPast = true });
                return true;
            }
            catch (Exception e) when (e is ScheduleSpecException or ArgumentException or TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                // Not in this zone (a zone this host's data cannot use reads nothing either).
            }
        }
        return false;
    }
}
