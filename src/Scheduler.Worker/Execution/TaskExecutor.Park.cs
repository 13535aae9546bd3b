using Hangfire.States;
using Microsoft.Extensions.Logging;
using Polly;
using Scheduler.Runtime.Storage;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Worker.Execution;

internal sealed partial class TaskExecutor
{
    /// <summary>
    /// Runs <paramref name="attempt"/> through the policy's retries, the run's attempts before counted (<paramref name="lastAttempt"/>).
    /// Returns null when the run is over (recorded), or the backoff of a retry to be parked (<see cref="RetryParkedException"/>).
    /// </summary>
    private async Task<TimeSpan?> RetriesAsync(EffectivePolicy policy, int lastAttempt, bool mayPark, Func<ValueTask> attempt, CancellationToken token)
    {
        var context = ResilienceContextPool.Shared.Get(token);
        context.Properties.Set(AttemptPipelines.AttemptsBefore, lastAttempt);
        context.Properties.Set(AttemptPipelines.MayPark, mayPark);
        try
        {
            await pipelines.For(policy).ExecuteAsync(static (_, next) => next(), context, attempt);
            return null;
        }
        catch (RetryParkedException parked)
        {
            return parked.Backoff;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Parks the retry after attempt <paramref name="lastAttempt"/>: the run's in-flight entry becomes a parked one (the run
    /// stays in flight for overlap, stop and the reconcilers, no worker holding it), then its Hangfire job goes from
    /// Processing to Scheduled for <paramref name="backoff"/>. Its next delivery takes the entry over and runs the next
    /// attempt. False when it could not be parked (then the backoff is waited out here): the run was cancelled or
    /// stopped, is no longer this worker's, or its job is no longer Processing.
    /// </summary>
    private async Task<bool> ParkRetryAsync(ScheduledTask task, string runId, string jobId, int lastAttempt, TimeSpan backoff,
        RunningAttempts.Registration cancel)
    {
        if (cancel.IsCancelled) return false;
        var next = lastAttempt + 1;
        // A whole second over: Hangfire keeps whole seconds and may enqueue a job up to one early; the retry never runs
        // before its backoff is over.
        var retryAt = time.GetUtcNow() + backoff + ParkSlack;
        if (!await bookkeeping.WriteAsync($"run {runId}: park retry {lastAttempt}",
                () => store.ParkRunAsync(runId, jobId, identity.Id, task.Id, next, retryAt))) return false;
        bool parked;
        try
        {
            parked = jobs.ChangeState(jobId, new ScheduledState(backoff + ParkSlack) { Reason = $"Waiting for retry {lastAttempt} (attempt {next}) until {retryAt:u}" },
                ProcessingState.StateName);
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            LogParkFailed(task.Id, runId, jobId, e.Message);
            parked = false;
        }
        if (!parked)
        {
            await bookkeeping.WriteAsync($"run {runId}: take back the park of retry {lastAttempt}",
                () => store.UnparkRunAsync(runId, jobId, identity.Id, task.Id, lastAttempt));
            return false;
        }
        // A cancel or stop that came while the job moved found it not yet Scheduled, so no one woke it: woken here, its
        // next delivery records the run cancelled now rather than at the end of the backoff.
        if (cancel.IsCancelled) WakeParked(task, jobId, "cancelled or stopped as its retry was parked");
        LogParked(task.Id, runId, lastAttempt, next, retryAt);
        Publish(SchedulerEvents.Waiting, task.Id,
            [new("runId", runId), new("for", $"retry {lastAttempt}"), new("attempt", next.ToString(System.Globalization.CultureInfo.InvariantCulture)),
             new("retryAt", Contracts.Client.WireTimestampJsonConverter.Text(Contracts.Flow.FlowDuration.WholeMilliseconds(retryAt)))]);
        return true;
    }

    private void WakeParked(ScheduledTask task, string jobId, string reason)
    {
        var queue = Contracts.Flow.FlowQueues.For(task.Options.Queue ?? EnqueuedState.DefaultQueue, task.Options.Priority);
        try { jobs.ChangeState(jobId, new EnqueuedState(queue) { Reason = reason }, ScheduledState.StateName); }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException) { LogWakeFailed(task.Id, jobId, e.Message); }
    }

    private static readonly TimeSpan ParkSlack = TimeSpan.FromSeconds(1);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} run {RunId}: retry {Retry} parked, the worker thread freed; attempt {Attempt} runs at {RetryAt:u}")]
    private partial void LogParked(string taskId, string runId, int retry, int attempt, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} run {RunId}: job {JobId} not parked ({Reason}); its retry's backoff is waited out on the thread")]
    private partial void LogParkFailed(string taskId, string runId, string jobId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: parked job {JobId} not woken ({Reason}); it is recorded cancelled when its backoff ends")]
    private partial void LogWakeFailed(string taskId, string jobId, string reason);
}
