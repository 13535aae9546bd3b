using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Worker.Execution;

internal sealed partial class TaskExecutor
{
    /// <summary>
    /// What ends an attempt whose job's token fired before its handler came to an outcome. The worker stopping hands the
    /// run back: the attempt's record goes with the exception, for the hand-back to write in the same step as it leaves
    /// the run (<see cref="AttemptHandedBackException"/>), so the history shows every attempt that started, as it does
    /// when a dead worker's run is recovered (Beat's RunRequeuer). With the host going on, Hangfire found the job no
    /// longer this worker's (re-queued, or lost with writes Redis dropped, as in a planned failover): recorded here, as
    /// nothing else would say it, and the run is left to the delivery that has it.
    /// </summary>
    private async Task<OperationCanceledException> CutShortAsync(ScheduledTask task, string runId, string jobId, DateTimeOffset? due, int attempt,
        DateTimeOffset started, Contracts.Runs.RunRequest? request, TimeSpan? flowDelay, Activity? activity, CancellationToken jobToken)
    {
        if (lifetime is null || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            LogHandedBack(task.Id, runId, jobId, attempt);
            // The shape of a dead worker's lost attempt: failed, not final, so it counts as no failure anywhere (task
            // status, failed list, events); the run's outcome is its next attempt's.
            return new AttemptHandedBackException(new TaskRun
            {
                RunId = runId, TaskId = task.Id, Attempt = attempt, WorkerId = identity.Id, DueAt = due, StartedAt = started,
                FinishedAt = time.GetUtcNow(), Outcome = RunOutcome.Failed, IsFinal = false, Error = HandedBackError(identity.Id, attempt),
            }, jobToken);
        }
        LogJobAborted(task.Id, runId, jobId, attempt);
        // The command may have done part of its work, and the run may run again under the delivery that has it now.
        await RecordAsync(task, new TaskRun
        {
            RunId = runId, TaskId = task.Id, Attempt = attempt, WorkerId = identity.Id, DueAt = due, StartedAt = started,
            FinishedAt = time.GetUtcNow(), Outcome = RunOutcome.Failed, IsFinal = false, Request = request, FlowDelay = flowDelay,
            Error = $"aborted: Hangfire took job {jobId} from this worker while the attempt ran (re-queued, or its state lost with writes a Redis failover dropped); the run is left to the delivery that has it",
        }, jobId, activity);
        return new OperationCanceledException(jobToken);
    }

    /// <summary>The error of attempt <paramref name="attempt"/> that worker <paramref name="workerId"/> cut short as it stopped.</summary>
    internal static string HandedBackError(string workerId, int attempt) => $"worker {workerId} stopped (shut down) during attempt {attempt}; handed back";

    /// <summary>The claim of attempt <paramref name="attempt"/>, on this worker, whose handler has not started yet.</summary>
    internal Runtime.Storage.UnstartedAttempt Unstarted(int attempt, bool announced, string? claimToken) =>
        new(attempt, announced, claimToken ?? "", $"worker {identity.Id} stopped before attempt {attempt} started; handed back, the attempt not counted");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} run {RunId}: Hangfire aborted job {JobId} during attempt {Attempt}, which was stopped "
        + "and is recorded aborted (not final): the job is no longer this worker's to process (requeued elsewhere, or lost with writes Redis dropped, "
        + "e.g. in a planned Sentinel failover without min-replicas-to-write)")]
    private partial void LogJobAborted(string taskId, string runId, string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} run {RunId}: attempt {Attempt} was cut short as this worker stops; job {JobId} goes back to its queue, "
        + "the attempt recorded as handed back, and the next worker to take it runs the run again as the next attempt")]
    private partial void LogHandedBack(string taskId, string runId, string jobId, int attempt);

    // An abandoned handler (hard timeout, or no return within the stop grace) may still end some day: noted then.
    private void ObserveAbandoned(Task handling) =>
        handling.ContinueWith(t => LogAbandonedEnded(t.Status.ToString()), TaskScheduler.Default);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An abandoned attempt finally ended ({Status})")]
    private partial void LogAbandonedEnded(string status);
}
