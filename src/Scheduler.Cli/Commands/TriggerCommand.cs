using System.CommandLine;
using Scheduler.Cli.Output;

namespace Scheduler.Cli.Commands;

/// <summary><c>scheduler trigger &lt;id&gt; [--wait 30s]</c>: run once now, schedule unchanged.</summary>
internal static class TriggerCommand
{
    public static Command Create(CliContext context)
    {
        var id = IdSymbols.TaskId();
        var wait = new Option<string?>("--wait") { Description = "Wait this long for the run's result, e.g. 30s" };
        var command = new Command("trigger", "Run a task once now; its schedule is unchanged") { id, wait };
        command.SetAction(context.Connected(parse => Durations.ParseOption(parse.GetValue(wait), "--wait"), async (parse, timeout, client, ct) =>
        {
            var taskId = parse.GetValue(id)!;
            var runId = await client.TriggerNowAsync(taskId, ct) ?? throw await CliContext.NoTaskAsync(client, taskId, ct);
            if (timeout is null)
            {
                await context.Out.WriteLineAsync(parse.GetValue(context.Json) ? Formatting.Json(new { taskId, runId }) : $"triggered {taskId}: run {runId}");
                return ExitCodes.Ok;
            }
            return await WaitCommand.ReportAsync(context, parse, await client.WaitForResultAsync(taskId, timeout.Value, runId, ct), taskId, timeout.Value);
        }));
        return command;
    }
}
