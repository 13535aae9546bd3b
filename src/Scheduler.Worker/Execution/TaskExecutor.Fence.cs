using Hangfire.States;
using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Schedules;
using Scheduler.Runtime.Storage;

namespace Scheduler.Worker.Execution;

internal sealed partial class TaskExecutor
{
    // Fenced while the handler ran, and not otherwise concluded: a handler that ended before the fence, or succeeded as it
    // stopped, did its work (its outcome waits for Redis like any other), a cancel or stop of the run is recorded as one,
    // and a worker stopping hands the run back anyway.
    private bool FencedOff(bool fencedMidRun, Task<string?> handling, bool abandoned, RunningAttempts.Registration cancel) =>
        fencedMidRun && !(handling.IsCompletedSuccessfully && !abandoned) && !cancel.IsCancelled
        && lifetime?.ApplicationStopping.IsCancellationRequested != true;

    private AttemptFencedException Fenced(ScheduledTask task, string runId, string jobId, DateTimeOffset? due, int attempt, DateTimeOffset started,
        Contracts.Runs.RunRequest? request, TimeSpan? flowDelay)
    {
        var silent = fence.SilentFor;
        LogFencedAttempt(task.Id, runId, jobId, attempt, silent.TotalSeconds);
        // The shape of a dead worker's lost attempt and of a shutdown's hand-back: failed, not final, so it counts as no
        // failure anywhere; the run's outcome is its next attempt's.
        return new AttemptFencedException(new TaskRun
        {
            RunId = runId, TaskId = task.Id, Attempt = attempt, WorkerId = identity.Id, DueAt = due, StartedAt = started,
            FinishedAt = time.GetUtcNow(), Outcome = RunOutcome.Failed, IsFinal = false, Request = request, FlowDelay = flowDelay,
            Error = FencedError(identity.Id, attempt, silent),
        });
    }

    /// <summary>The error of attempt <paramref name="attempt"/> that worker <paramref name="workerId"/> stopped when it fenced itself off.</summary>
    internal static string FencedError(string workerId, int attempt, TimeSpan silent) =>
        $"worker {workerId} was cut off from Redis for {silent.TotalSeconds:0.#} s (Scheduler:Execution:FenceAfter) and stopped attempt {attempt}, "
        + "whose run another worker could take over; handed back";

    /// <summary>
    /// Hands a fenced attempt's run back once Redis answers: its record and the run's leaving this worker in one step, then
    /// its job back to its queue. Neither when another worker took the run over meanwhile (Beat found this one silent):
    /// the run is that worker's, and Beat recorded this attempt lost.
    /// </summary>
    private async Task HandBackFencedAsync(ScheduledTask task, string jobId, TaskRun interrupted)
    {
        bool handedBack;
        // Not bound to the job's token (Hangfire aborts the job of a worker taken for dead once Redis answers again), but to
        // the worker's stop: a worker stopping while Redis is still away leaves the run to Beat, which records the attempt
        // lost once the worker's heartbeat is gone, as a kill's.
        try
        {
            handedBack = await bookkeeping.WriteAsync($"run {interrupted.RunId}: hand-back of fenced attempt {interrupted.Attempt}",
                () => store.HandBackRunAsync(interrupted, jobId), lifetime?.ApplicationStopping ?? default);
        }
        catch (Exception e) when (e is BookkeepingUnavailableException or OperationCanceledException)
        {
            // Beat's reconciler re-queues a run its worker no longer holds.
            return;
        }
        if (!handedBack)
        {
            LogFencedRunTakenOver(task.Id, interrupted.RunId, interrupted.Attempt);
            return;
        }
        LogFencedRunHandedBack(task.Id, interrupted.RunId, jobId, interrupted.Attempt);
        if (jobId == interrupted.RunId) return;
        var queue = Contracts.Flow.FlowQueues.For(task.Options.Queue ?? EnqueuedState.DefaultQueue, task.Options.Priority);
        try
        {
            if (!jobs.ChangeState(jobId, new EnqueuedState(queue) { Reason = $"Handed back: attempt {interrupted.Attempt} was fenced off" }, ProcessingState.StateName))
                LogFencedJobMoved(jobId);
        }
        catch (Exception e) when (Bookkeeping.IsTransient(e))
        {
            // Redis failed again right after the hand-back: the job stays Processing with no worker and in no queue, until
            // Beat's fired-run reconciler finds it so on two looks and re-queues it.
            LogFencedJobNotRequeued(jobId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} run {RunId}: attempt {Attempt} of job {JobId} stopped by the fence ({Seconds:0.#} s without a heartbeat)")]
    private partial void LogFencedAttempt(string taskId, string runId, string jobId, int attempt, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} run {RunId}: fenced attempt {Attempt} handed back; job {JobId} goes back to its queue")]
    private partial void LogFencedRunHandedBack(string taskId, string runId, string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} run {RunId}: another worker took the run over while this one was cut off; fenced attempt {Attempt} left to Beat's record")]
    private partial void LogFencedRunTakenOver(string taskId, string runId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} of a fenced attempt was no longer Processing (deleted or moved meanwhile); left as it is")]
    private partial void LogFencedJobMoved(string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} of a fenced attempt was handed back but not re-queued ({Reason}); Beat re-queues it within two reconcile periods (Scheduler:Beat:ReconcileAfter)")]
    private partial void LogFencedJobNotRequeued(string jobId, string reason);
}
