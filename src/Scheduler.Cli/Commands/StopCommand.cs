using System.CommandLine;
using Scheduler.Cli.Output;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler stop &lt;id&gt; [--run &lt;runId&gt;]</c>: stop a task's runs in progress (or one of them) and keep its
/// schedule, where <c>cancel</c> ends the task.
/// </summary>
internal static class StopCommand
{
    public static Command Create(CliContext context)
    {
        var id = IdSymbols.TaskId();
        var run = new Option<string?>("--run") { Description = "Only this run (taskId:instant, as 'scheduler info' lists the runs in progress); every run in progress when left out" };
        var command = new Command("stop",
            "Stop a task's runs in progress, recorded cancelled and not retried; its schedule goes on (cancel ends the task)") { id, run };
        command.SetAction(context.Connected(parse =>
        {
            // A malformed run id, or one of another task, is exit 2 before Redis is asked.
            if (parse.GetValue(run) is { } runId) RunIds.CheckOf(runId, parse.GetValue(id)!, "--run");
            return parse.GetValue(run);
        }, async (parse, runId, client, ct) =>
        {
            var taskId = parse.GetValue(id)!;
            var stopped = await client.StopRunsAsync(taskId, runId, ct) ?? throw await CliContext.NoTaskAsync(client, taskId, ct);
            await context.Out.WriteLineAsync(parse.GetValue(context.Json)
                ? Formatting.Json(new { taskId, stopped })
                : stopped.Count == 0
                    ? $"no run of {taskId} is in progress; nothing stopped"
                    : $"stopped {string.Join(", ", stopped)}; the schedule of {taskId} goes on");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
