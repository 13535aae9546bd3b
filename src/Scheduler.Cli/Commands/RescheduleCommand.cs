using System.CommandLine;
using Scheduler.Cli.Output;

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
        command.SetAction(context.Connected(async (parse, client, ct) =>
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
}
