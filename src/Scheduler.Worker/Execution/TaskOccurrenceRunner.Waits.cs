using Scheduler.Contracts.Schedules;
using Scheduler.Runtime.Storage;

namespace Scheduler.Worker.Execution;

/// <summary>The waits a run makes behind the other runs of its task (overlap queue and cancelPrevious).</summary>
internal sealed partial class TaskOccurrenceRunner
{
    // Overlap "queue": this occurrence was fired while another ran; it starts when that one has been recorded. The
    // status flag alone is not enough: a run released by the reconciler or watchdog leaves it "running", and the
    // re-delivery would then wait for itself forever; so it waits only while a run of the task for an earlier instant
    // is in flight. Nor is "running" the only status to wait under: a task paused (or expired at its end) while the run
    // before goes on still has this run, fired before, to run after it; only a task cancelled or deleted ends the wait
    // (its cancel stops this run). A stop of this run by hand ends the wait too: it is then recorded cancelled at once.
    private async Task WaitForPreviousRunAsync(string taskId, string runId, RunningAttempts.Registration cancel, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancel.IsCancelled && await bookkeeping.WriteAsync($"task {taskId}: wait for the previous run", () => store.MarkRunningAsync(taskId), cancellationToken)
                   is not (null or ScheduleStatus.Cancelled)
                   && await bookkeeping.WriteAsync($"task {taskId}: runs in flight", () => store.EarlierRunInFlightAsync(taskId, runId), cancellationToken))
                await Task.Delay(QueuePollInterval, time, cancellationToken);
        }
        finally
        {
            await bookkeeping.WriteAsync($"task {taskId}: end of a queued wait", () => store.ReleaseQueuedRunAsync(taskId, runId));
        }
    }

    private static readonly TimeSpan QueuePollInterval = TimeSpan.FromMilliseconds(200);

    // Runs waiting behind this one (claimed, handler not started) are not waited for: they wait for it in turn.
    private async Task WaitForStartedRunsAsync(string taskId, string runId, RunningAttempts.Registration cancel, CancellationToken cancellationToken)
    {
        while (!cancel.IsCancelled
               && await bookkeeping.WriteAsync($"task {taskId}: runs started", () => store.StartedRunInFlightAsync(taskId, runId), cancellationToken))
            await Task.Delay(QueuePollInterval, time, cancellationToken);
    }
}
