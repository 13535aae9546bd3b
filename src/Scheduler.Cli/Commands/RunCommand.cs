using System.CommandLine;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Runs;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler run &lt;runId&gt; [--full]</c>: one run by its id (as the history, the failed list, the events and
/// <c>trigger --json</c> name it): its task, state now, job and every attempt. Exit 3 when no such run is known.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var runId = new Argument<string>("runId") { Description = "The run's id (taskId:instant), as 'scheduler runs' and 'scheduler failed' list it" };
        var full = Formatting.FullOption();
        var command = new Command("run", "Show one run by its id: its task, state, Hangfire job and every attempt") { runId, full };
        command.SetAction(context.ConnectedToRead(parse =>
        {
            // A malformed run id is exit 2 before Redis is asked.
            var run = parse.GetValue(runId)!;
            RunIds.TaskOf(run, "run id");
            return run;
        }, async (parse, id, client, ct) =>
        {
            var run = await client.GetRunAsync(id, ct)
                ?? throw new CliException(ExitCodes.NotFound, $"no run {id} is known (never run, or forgotten a week after it ended); 'scheduler runs <taskId>' lists a task's runs");
            await context.PrintAsync(parse, run, async o =>
            {
                await o.WriteLineAsync($"run:       {run.RunId}");
                await o.WriteLineAsync($"task:      {run.TaskId}{(run.TaskName is { } name ? $" ({name}, {run.TaskType})" : " (deleted)")}");
                await o.WriteLineAsync($"due:       {Formatting.Instant(run.DueAt)}");
                await o.WriteLineAsync($"made by:   {RunDetailText.Origin(run, Formatting.Instant)}");
                await o.WriteLineAsync($"state:     {RunDetailText.State(run, Formatting.Instant, Formatting.Outcome)}");
                if (run.StoppedBy is { } by) await o.WriteLineAsync($"stopped:   by {by}");
                await o.WriteLineAsync($"job:       {run.HangfireJobId ?? "—"}");
                await o.WriteLineAsync($"failed:    {(run.InFailedList ? "listed ('scheduler retry' or 'scheduler dismiss' it)" : "not listed")}");
                if (run.EarlierAttemptsTrimmed) await o.WriteLineAsync("(earlier attempts are no longer kept: the task's history holds its newest 1,000 records)");
                await o.WriteLineAsync();
                await o.WriteAsync(run.Attempts.Count == 0 ? "No attempt has ended yet.\n"
                    : Formatting.RunsTable(run.Attempts, context.Time.GetUtcNow(), clip: !parse.GetValue(full)));
            });
            return ExitCodes.Ok;
        }));
        return command;
    }
}
