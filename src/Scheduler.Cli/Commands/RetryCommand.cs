using System.CommandLine;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Client;

namespace Scheduler.Cli.Commands;

/// <summary><c>scheduler retry &lt;runId&gt; [--wait 30s]</c>: run a failed occurrence again as a new attempt of it.</summary>
internal static class RetryCommand
{
    public static Command Create(CliContext context)
    {
        var runId = new Argument<string>("runId") { Description = "The failed run's id, as 'scheduler failed' lists it (taskId:instant)" };
        var wait = new Option<string?>("--wait") { Description = "Wait this long for the retry's result, e.g. 30s" };
        var command = new Command("retry", "Run a failed or timed-out occurrence again: a new, recorded attempt of the same occurrence") { runId, wait };
        command.SetAction(context.Connected(parse =>
        {
            // A malformed run id is exit 2 before Redis is asked; a well-formed one whose task does not exist is exit 3.
            var run = parse.GetValue(runId)!;
            return (Run: run, TaskId: RunIds.TaskOf(run, "run id"), Timeout: Durations.ParseOption(parse.GetValue(wait), "--wait"));
        }, async (parse, input, client, ct) =>
        {
            var (run, taskId, timeout) = input;
            if (await client.GetAsync(taskId, ct) is null) throw await CliContext.NoTaskAsync(client, taskId, ct);
            var request = await client.RetryRunAsync(run, ct);
            if (timeout is null)
            {
                await context.Out.WriteLineAsync(parse.GetValue(context.Json)
                    ? Formatting.Json(new { runId = run, taskId, request })
                    : $"retry of run {run} queued (asked by {request.By ?? "anonymous"})");
                return ExitCodes.Ok;
            }
            // The client's wait for a retried run: the retry's outcome, or the failure it retried when the task's cancel or
            // delete dropped the retry before it started (nothing would ever end it: waiting out --wait would say nothing).
            var outcome = await client.WaitForResultAsync(taskId, timeout.Value, run, ct);
            if (outcome is not null && outcome.Request != request)
                await context.Error.WriteLineAsync($"error: the retry of run {run} did not run: task {taskId} was cancelled or deleted before it started; the run's last attempt follows");
            return await WaitCommand.ReportAsync(context, parse, outcome, taskId, timeout.Value);
        }));
        return command;
    }
}
