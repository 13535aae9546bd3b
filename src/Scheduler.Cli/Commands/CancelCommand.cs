using System.CommandLine;

namespace Scheduler.Cli.Commands;

/// <summary><c>scheduler cancel &lt;id&gt;</c></summary>
internal static class CancelCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "Task id" };
        var command = new Command("cancel", "Cancel a schedule: it never fires again") { id };
        command.SetAction(SchedulerCli.Action(context, async (parse, ct) =>
        {
            await using var client = await context.ConnectAsync(parse);
            var taskId = parse.GetValue(id)!;
            if (!await client.CancelAsync(taskId, ct)) throw new CliException(ExitCodes.NotFound, $"no task with id \"{taskId}\"");
            await context.Out.WriteLineAsync(parse.GetValue(context.Json) ? $"{{\"cancelled\":\"{taskId}\"}}" : $"cancelled {taskId}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
