using System.CommandLine;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler wait &lt;id&gt; [--run-id R] --timeout 30s</c>: the next (or given) run's final result. A task that had
/// already ended reports its last run at once (a one-shot that ran before the wait began), or, when it never ran,
/// "already ended" with <see cref="ExitCodes.AlreadyEnded"/>.
/// </summary>
internal static class WaitCommand
{
    public static Command Create(CliContext context)
    {
        var id = IdSymbols.TaskId();
        var runId = new Option<string?>("--run-id") { Description = "Wait for this run of the task, <id>:<instant> as 'scheduler runs' lists it (default: the next one to finish)" };
        var timeout = new Option<string>("--timeout") { Description = "How long to wait, e.g. 30s; 0 looks once without waiting: at the --run-id run, or at the last run of a task that has ended (a live task's next run cannot have finished at that look: exit 2)", DefaultValueFactory = _ => "30s" };
        var command = new Command("wait", "Wait for a task's next (or a given) run to finish and print its result") { id, runId, timeout };
        command.SetAction(context.ConnectedToRead(parse =>
        {
            // A run id of no shape a run has, or of another task, would only be waited for until the timeout.
            if (parse.GetValue(runId) is { } run) RunIds.CheckOf(run, parse.GetValue(id)!, "--run-id");
            return Durations.ParseOption(parse.GetValue(timeout), "--timeout")!.Value;
        }, async (parse, limit, client, ct) =>
        {
            var taskId = parse.GetValue(id)!;
            var current = await client.GetAsync(taskId, ct) ?? throw await CliContext.NoTaskAsync(client, taskId, ct);
            // The wait is for a run finishing from now on: with no time to wait, a live task's next run can never be seen,
            // so the certain exit 5 is named as the input it is. One look still answers for a given run or an ended task.
            if (limit == TimeSpan.Zero && parse.GetValue(runId) is null && !ScheduleStatusNames.HasEnded(current.Status))
                throw new CliException(ExitCodes.BadInput,
                    $"--timeout 0 looks once, and task {taskId} is {ScheduleStatusNames.Name(current.Status)}: its next run cannot have finished at that look; " +
                    "give a wait such as 30s, or --run-id <id>:<instant> (as 'scheduler runs' lists it) to look once at that run");
            var run = await client.WaitForResultAsync(taskId, limit, parse.GetValue(runId), ct);
            if (run is null && parse.GetValue(runId) is { } waited)
            {
                // The client returns at once for a run whose task was deleted (and maybe created anew): said, not "timed out".
                var now = await client.GetAsync(taskId, ct);
                if (now is null || now.CreatedAt != current.CreatedAt)
                    throw new CliException(ExitCodes.NotFound, now is null
                        ? $"task {taskId} was deleted during the wait: run {waited} will never be recorded"
                        : $"task {taskId} was deleted and created again during the wait: run {waited} was the earlier task's and will never be recorded");
            }
            if (run is null && parse.GetValue(runId) is null)
            {
                // The client returns at once for a task that ended with no run to report: say so, not "timed out".
                var task = await client.GetAsync(taskId, ct) ?? throw await CliContext.NoTaskAsync(client, taskId, ct);
                if (ScheduleStatusNames.HasEnded(task.Status))
                {
                    var status = ScheduleStatusNames.Name(task.Status);
                    await context.PrintAsync(parse, new { id = taskId, status, reason = "ended with no run to wait for" },
                        o => o.WriteLineAsync($"already ended: task {taskId} is {status} with no run to wait for"));
                    return ExitCodes.AlreadyEnded;
                }
            }
            return await ReportAsync(context, parse, run, taskId, limit);
        }));
        return command;
    }

    /// <summary>Prints a final run (exit 0 if it succeeded, 1 if not) or a timeout line (exit 5).</summary>
    public static async Task<int> ReportAsync(CliContext context, ParseResult parse, TaskRun? run, string taskId, TimeSpan limit)
    {
        if (run is null)
        {
            await context.Error.WriteLineAsync(limit == TimeSpan.Zero
                ? $"error: no result for task {taskId} at the one look of --timeout 0 (the run had not finished)"
                : $"error: no result for task {taskId} within {limit.TotalSeconds:0.###} s");
            return ExitCodes.TimedOut;
        }
        await context.PrintAsync(parse, run, async o =>
        {
            await o.WriteLineAsync($"{run.RunId}: {Formatting.Outcome(run.Outcome)} after {run.Attempt} attempt(s), {run.Duration.TotalMilliseconds:0} ms");
            if (run.Result is { Length: > 0 } result) await o.WriteLineAsync(result);
            if (run.Error is { Length: > 0 } error) await o.WriteLineAsync($"error: {Contracts.Runs.RunErrorText.Words(error)}");
        });
        return run.Outcome == RunOutcome.Succeeded ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
