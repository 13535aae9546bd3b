using System.CommandLine;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Cli.Commands;

/// <summary><c>scheduler schedule &lt;type&gt; "&lt;spec&gt;" [options]</c>: one subcommand per task type.</summary>
internal static class ScheduleCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("schedule", "Schedule a task");
        command.Subcommands.Add(Notification(context));
        foreach (var kind in ScheduleTaskKinds.Create(context)) command.Subcommands.Add(kind);
        return command;
    }

    /// <summary>A spec argument plus the common options; <paramref name="build"/> turns the parsed command into the task.</summary>
    internal static Command Kind(CliContext context, string name, string description, IEnumerable<Symbol> symbols, Func<ParseResult, TaskDefinition> build)
    {
        var spec = new Argument<string>("spec") { Description = "When to run: \"in 5 minutes\", \"every weekday at 9am\", \"cron:*/5 * * * *\", ..." };
        var command = new Command(name, description) { spec };
        foreach (var symbol in symbols)
        {
            if (symbol is Argument argument) command.Arguments.Add(argument);
            else if (symbol is Option option) command.Options.Add(option);
        }
        var common = new CommonScheduleOptions(context.DefaultTimeZone);
        common.AddTo(command);
        var metadata = new ScheduleMetadataOptions();
        metadata.AddTo(command);
        ScheduleOptions Options(ParseResult parse) => metadata.Apply(common.Read(parse, context.Time), common.ZoneOf(parse), parse, context.Time);
        command.SetAction(context.Connected(
            parse =>
            {
                var task = common.ApplyExecution(build(parse), parse);
                // Before connecting: a bad value or a spec the parser refuses is exit 2 whether or not Redis answers. The
                // spec is read as the client will read it (zone, start, run-if-past); triggers need no server to parse.
                SchedulerClient.CheckInput(task, parse.GetValue(spec)!, Options(parse), context.DefaultTimeZone, context.Time.GetUtcNow());
                return task;
            },
            async (parse, task, client, ct) =>
        {
            // Read again once connected: "--start-at in 10 minutes" or "--until 2h" counts from Redis's clock, as the spec does.
            var result = await client.ScheduleWithResultAsync(task, parse.GetValue(spec)!, Options(parse), ct);
            var scheduled = result.Task;
            await context.PrintAsync(parse, ScheduleOutcomeText.WithOutcome(result), async o =>
            {
                await o.WriteLineAsync($"{ScheduleOutcomeText.Verb(result.Outcome)} {scheduled.Id}: {scheduled.Schedule.Description}");
                await o.WriteLineAsync(scheduled.Schedule.Kind == Scheduler.Contracts.Scheduling.ScheduleKind.Trigger
                    ? "runs once each time its trigger happens (no clock)"
                    : $"next run {Formatting.Instant(scheduled.NextRunAt)} ({Formatting.Relative(scheduled.NextRunAt, context.Time.GetUtcNow())})");
                // Created paused (--paused): the next run above is held, which the line must say, not leave to be read as due.
                if (scheduled.Status == ScheduleStatus.Paused && scheduled.Pause is { } pause)
                    await o.WriteLineAsync($"{pause}; nothing runs until it is resumed{(pause.Until is null ? "" : " or the pause ends")}");
            });
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Notification(CliContext context)
    {
        var message = new Option<string>("--message", "-m") { Description = "The notification text", Required = true };
        var level = new Option<NotificationLevel>("--level") { Description = "info, warning or error", DefaultValueFactory = _ => NotificationLevel.Info };
        var title = new Option<string?>("--title") { Description = "Optional title" };
        var channels = new Option<string[]>("--channel") { Description = "Extra channel by configured name, e.g. a webhook (repeatable)" };
        return Kind(context, "notification", "Publish a message to the event stream, the log and optional channels",
            [message, level, title, channels],
            parse => new NotificationTask(parse.GetValue(message)!, parse.GetValue(level), parse.GetValue(title),
                parse.GetValue(channels) is { Length: > 0 } c ? c : null));
    }
}
