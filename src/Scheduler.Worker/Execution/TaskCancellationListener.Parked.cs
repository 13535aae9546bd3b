using Hangfire.States;
using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Flow;
using Scheduler.Runtime.Storage;

namespace Scheduler.Worker.Execution;

internal sealed partial class TaskCancellationListener
{
    /// <summary>
    /// Moves the jobs of the parked retries that <paramref name="which"/> picks from Scheduled back to their queue: their
    /// next delivery finds the run stopped or its task cancelled and records it so, instead of at the end of the backoff.
    /// Every worker hears the message; the move is made from Scheduled only, so one of them makes it. Best effort: a job
    /// not woken comes back at the end of its backoff and is recorded cancelled then.
    /// </summary>
    private void WakeParked(Func<InFlightRun, bool> which, string reason) => _ = WakeParkedAsync(which, reason);

    private async Task WakeParkedAsync(Func<InFlightRun, bool> which, string reason)
    {
        try
        {
            foreach (var run in (await store.InFlightAsync()).Where(r => r.Parked && which(r)))
            {
                var task = await store.GetAsync(run.TaskId);
                var queue = FlowQueues.For(task?.Options.Queue ?? EnqueuedState.DefaultQueue, task?.Options.Priority ?? TaskPriority.Normal);
                if (jobs.ChangeState(run.JobId, new EnqueuedState(queue) { Reason = $"{reason} while it waited for a retry" }, ScheduledState.StateName))
                    LogParkedWoken(run.TaskId, run.RunId, reason);
            }
        }
        catch (Exception e)
        {
            // Run beside the message handler, awaited by no one: nothing may escape.
            LogParkedNotWoken(reason, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} run {RunId} waited for a retry: {Reason}; its job is queued to record it")]
    private partial void LogParkedWoken(string taskId, string runId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Parked retries not woken ({Why}): {Reason}; they are recorded when their backoff ends")]
    private partial void LogParkedNotWoken(string why, string reason);
}
