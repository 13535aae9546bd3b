using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;

namespace Scheduler.Worker.Execution;

/// <summary>
/// "Requeue" of a failed job (Hangfire's Failed page, or anyone's <c>BackgroundJob.Requeue</c>) is how a Hangfire user
/// runs a failed job again. The occurrence's run is done, so the requeued job does not run it itself; it asks for a
/// retry of the run, as <c>scheduler retry</c> does (a new attempt of the same occurrence, recorded as a retry by
/// <see cref="Actor"/>), rather than ending Succeeded with nothing run and the task still failed.
/// </summary>
internal sealed partial class FailedJobRequeue(JobStorage storage, ScheduleStore store, TimeProvider time, ILogger<FailedJobRequeue> logger)
{
    /// <summary>Who the retry is recorded as asked by.</summary>
    public const string Actor = "hangfire requeue";

    /// <summary>When job <paramref name="jobId"/> was requeued from Failed and run <paramref name="runId"/> failed, asks for its retry.</summary>
    public async Task RetryIfRequeuedAsync(string runId, string jobId)
    {
        try
        {
            if (!RequeuedFromFailed(jobId) || await store.FailedRunAsync(runId) is not { } last) return;
            var request = new RunRequest(RunRequestKind.Retry, DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds()), Actor);
            var answer = await store.ClaimRetryAsync(last, request, Runtime.Storage.ScheduleStoreRunLedger.RunLedgerTtl);
            LogRequeued(runId, jobId, answer);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogRequeueFailed(runId, jobId, e.Message);
        }
    }

    // The state before this delivery's Enqueued (history newest first: Processing, Enqueued, then the one requeued from).
    private bool RequeuedFromFailed(string jobId)
    {
        var history = storage.GetMonitoringApi().JobDetails(jobId)?.History?.ToList();
        if (history is null) return false;
        var enqueued = history.FindIndex(h => h.StateName == EnqueuedState.StateName);
        return enqueued >= 0 && enqueued + 1 < history.Count && history[enqueued + 1].StateName == FailedState.StateName;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: its failed job {JobId} was requeued in Hangfire; retry asked: {Answer}")]
    private partial void LogRequeued(string runId, string jobId, string answer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: its failed job {JobId} was requeued in Hangfire, and its retry could not be asked: {Reason}")]
    private partial void LogRequeueFailed(string runId, string jobId, string reason);
}
