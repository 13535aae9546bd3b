using System.CommandLine;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;

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
            return await WaitCommand.ReportAsync(context, parse, await WaitForRetryAsync(client, taskId, run, request, context.Time.GetUtcNow() + timeout.Value, context.Time, ct), taskId, timeout.Value);
        }));
        return command;
    }

    // The run's earlier final attempt is in the history too: the retry's outcome is the final attempt carrying this request.
    private static async Task<TaskRun?> WaitForRetryAsync(SchedulerClient client, string taskId, string runId, RunRequest request,
        DateTimeOffset deadline, TimeProvider time, CancellationToken ct)
    {
        while (true)
        {
            var runs = await client.GetRunsAsync(taskId, 50, ct);
            if (runs.FirstOrDefault(r => r.RunId == runId && r.IsFinal && r.Request == request) is { } done) return done;
            if (time.GetUtcNow() >= deadline) return null;
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct);
        }
    }
}
