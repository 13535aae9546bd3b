using System.CommandLine;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Cli.Commands;

/// <summary><c>scheduler schedule &lt;type&gt; "&lt;spec&gt;" [options]</c>: one subcommand per task type.</summary>
internal static class ScheduleCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("schedule", "Schedule a task");
        command.Subcommands.Add(Notification(context));
        return command;
    }

    private static Command Notification(CliContext context)
    {
        var spec = new Argument<string>("spec") { Description = "When to run: \"in 5 minutes\", \"every 10s\", \"cron:*/5 * * * *\", ..." };
        var message = new Option<string>("--message", "-m") { Description = "The notification text", Required = true };
        var level = new Option<NotificationLevel>("--level") { Description = "info, warning or error", DefaultValueFactory = _ => NotificationLevel.Info };
        var title = new Option<string?>("--title") { Description = "Optional title" };
        var common = new CommonScheduleOptions();
        var command = new Command("notification", "Publish a message to the event stream and the log") { spec, message, level, title };
        common.AddTo(command);
        command.SetAction(SchedulerCli.Action(context, async (parse, ct) =>
        {
            var task = new NotificationTask(parse.GetValue(message)!, parse.GetValue(level), parse.GetValue(title));
            return await ScheduleAsync(context, parse, task, parse.GetValue(spec)!, common.Read(parse), ct);
        }));
        return command;
    }

    private static async Task<int> ScheduleAsync(CliContext context, ParseResult parse, TaskDefinition task, string spec, ScheduleOptions options, CancellationToken ct)
    {
        await using var client = await context.ConnectAsync(parse);
        var scheduled = await client.ScheduleAsync(task, spec, options, ct);
        if (parse.GetValue(context.Json)) await context.Out.WriteLineAsync(Formatting.Json(scheduled));
        else
        {
            await context.Out.WriteLineAsync($"scheduled {scheduled.Id}: {scheduled.Schedule.Description}");
            await context.Out.WriteLineAsync($"next run {Formatting.Instant(scheduled.NextRunAt)} ({Formatting.Relative(scheduled.NextRunAt, context.Time.GetUtcNow())})");
        }
        return ExitCodes.Ok;
    }
}
