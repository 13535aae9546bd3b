using System.CommandLine;
using Scheduler.Contracts.Client;

namespace Scheduler.Cli.Commands;

/// <summary><c>scheduler pause|resume &lt;id&gt;</c>: one lifecycle change each (cancel: <see cref="CancelCommand"/>).</summary>
internal static class TransitionCommand
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return Build(context, "pause", "Pause a schedule until it is resumed", "paused", (c, id, ct) => c.PauseAsync(id, ct));
        yield return Build(context, "resume", "Resume a paused schedule (missed runs follow its misfire policy)", "resumed", (c, id, ct) => c.ResumeAsync(id, ct));
    }

    private static Command Build(CliContext context, string name, string description, string done,
        Func<SchedulerClient, string, CancellationToken, Task<bool>> change)
    {
        var id = new Argument<string>("id") { Description = "Task id" };
        var command = new Command(name, description) { id };
        command.SetAction(context.Connected(async (parse, client, ct) =>
        {
            var taskId = parse.GetValue(id)!;
            if (!await change(client, taskId, ct)) throw CliContext.NoTask(taskId);
            await context.Out.WriteLineAsync(parse.GetValue(context.Json) ? $"{{\"{done}\":\"{taskId}\"}}" : $"{done} {taskId}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
