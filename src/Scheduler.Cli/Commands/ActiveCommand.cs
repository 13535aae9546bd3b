using System.CommandLine;
using Scheduler.Cli.Output;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler active</c>: the runs executing now across all tasks, oldest first, with the worker running each: Celery's
/// <c>inspect active</c> and Flower's tasks page. <c>scheduler stop &lt;task&gt; --run &lt;run&gt;</c> takes the run ids it prints.
/// </summary>
internal static class ActiveCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("active", "List the runs executing now across all tasks, oldest first: task, run id, worker, started, attempt");
        command.SetAction(context.ConnectedToRead(async (parse, client, ct) =>
        {
            var runs = await client.GetAllRunsInProgressAsync(ct);
            var now = context.Time.GetUtcNow();
            await context.PrintAsync(parse, runs, async o =>
            {
                if (runs.Count == 0)
                {
                    await o.WriteLineAsync("No run is in progress.");
                    return;
                }
                await o.WriteAsync(Formatting.Table(["TASK", "RUN", "WORKER", "STARTED", "ATTEMPT"], runs.Select(r => (IReadOnlyList<string>)
                [
                    r.TaskId, r.Run.RunId, r.Run.WorkerId,
                    // Claimed but not started (behind the run before it): its time is the claim's, not a start. Parked for its
                    // retry (no worker): its time is when that retry is due.
                    r.Run.RetryDueAt is { } due ? $"waiting for retry (due {Formatting.Relative(due, now)})"
                    : r.Run.WaitingToStart ? $"waiting to start (claimed {Formatting.Relative(r.Run.StartedAt, now)})" : Formatting.Relative(r.Run.StartedAt, now),
                    (r.Run.RetryDueAt is null ? r.Run.Attempt.ToString() : $"{r.Run.Attempt} to come") + (r.Run.StoppedBy is { } by ? $" (stop asked by {by})" : ""),
                ]), clip: false));
            });
            return ExitCodes.Ok;
        }));
        return command;
    }
}
