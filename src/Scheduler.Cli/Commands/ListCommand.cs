using System.CommandLine;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Cli.Commands;

/// <summary><c>scheduler list [--status S] [--type T] [--json]</c></summary>
internal static class ListCommand
{
    public static Command Create(CliContext context)
    {
        var status = new Option<ScheduleStatus?>("--status") { Description = "Only this status (scheduled, paused, running, completed, failed, cancelled, expired)" };
        var type = new Option<string?>("--type") { Description = "Only this task type" };
        var limit = new Option<int>("--limit") { Description = "At most this many (1..10000)", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "List schedules, newest first") { status, type, limit };
        command.SetAction(SchedulerCli.Action(context, async (parse, ct) =>
        {
            if (parse.GetValue(limit) is < 1 or > 10_000) throw new CliException(ExitCodes.BadInput, "--limit must be 1..10000");
            await using var client = await context.ConnectAsync(parse);
            var tasks = await client.ListAsync(new ScheduleFilter { Status = parse.GetValue(status), TaskType = parse.GetValue(type) },
                parse.GetValue(limit), 0, ct);
            var now = context.Time.GetUtcNow();
            await context.PrintAsync(parse, tasks, o => o.WriteAsync(Formatting.Table(
                ["ID", "NAME", "TYPE", "STATUS", "NEXT RUN", "RUNS", "SCHEDULE"],
                tasks.Select(t => (IReadOnlyList<string>)
                [
                    t.Id, t.Name, t.Task.TypeName, t.Status.ToString().ToLowerInvariant(), Formatting.Relative(t.NextRunAt, now),
                    t.RunCount.ToString(), t.Schedule.Description,
                ]))));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
