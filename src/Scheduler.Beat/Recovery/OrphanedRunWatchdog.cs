using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Beat.Hosting;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Redis;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.Beat.Recovery;

/// <summary>
/// Finds occurrences left running by a worker that stopped heart-beating (killed, crashed, cut off) and re-queues
/// their Hangfire job, recording the lost attempt; an occurrence that has taken down
/// <see cref="BeatOptions.MaxWorkerLosses"/> workers is quarantined instead. Nothing else re-queues them: the storage
/// runs no fetched-jobs watcher of Hangfire.Redis.StackExchange (see <see cref="StrandedFetchSweeper"/>).
/// </summary>
internal sealed partial class OrphanedRunWatchdog(
    ScheduleStore store,
    EventStream events,
    IBackgroundJobClient jobs,
    StrandedFetchSweeper stranded,
    RunRequeuer requeuer,
    RunReconciler reconciler,
    RedisHealth health,
    IOptions<BeatOptions> options,
    TimeProvider time,
    ILogger<OrphanedRunWatchdog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Hangfire wraps storage failures in its own exception types; any failure only delays the next sweep.
                health.ReportTrouble();
                LogSweepFailed(e.Message);
            }
            try { await Task.Delay(options.Value.OrphanCheckInterval, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    internal async Task SweepAsync()
    {
        // Heartbeats missed while Redis was failing say nothing about the workers: wait until Redis has answered for a
        // whole WorkerDeadAfter before taking silence for death (else a live worker's runs would run twice).
        var judgeSilence = !health.TroubledWithin(options.Value.WorkerDeadAfter);
        if (judgeSilence) await stranded.SweepAsync();
        var inFlight = await store.InFlightAsync();
        var now = time.GetUtcNow();
        var alive = await store.AliveProcessesAsync(now - options.Value.WorkerDeadAfter);
        await reconciler.SweepAsync(inFlight, alive, now);
        if (!judgeSilence) return;
        // A parked retry has no worker: its job waits in Hangfire's Scheduled set (the reconciler checks it has one).
        foreach (var run in inFlight.Where(r => !r.Parked && !alive.Contains(r.WorkerId) && now - r.StartedAt > options.Value.WorkerDeadAfter))
        {
            var taken = await store.TakeOrphanAsync(run);
            if (taken == OrphanTake.NotTaken) continue;
            try
            {
                if (taken == OrphanTake.NotStarted) await RequeueUnstartedAsync(run);
                else await RecoverAsync(run, now);
            }
            catch
            {
                // Put it back so the next sweep tries again: an orphan must never be dropped by a failed recovery.
                await store.RestoreInFlightAsync(run);
                throw;
            }
        }
    }

    private async Task RecoverAsync(InFlightRun run, DateTimeOffset now)
    {
        var losses = await store.CountWorkerLossAsync(run.RunId);
        var quarantine = losses >= options.Value.MaxWorkerLosses;
        var error = quarantine
            ? $"quarantined: {losses} workers died while running it; not re-queued"
            : $"worker {run.WorkerId} stopped heart-beating during attempt {run.Attempt}; re-queued";
        var task = await requeuer.RecordLostAsync(run, error, final: quarantine);
        if (quarantine)
        {
            jobs.ChangeState(run.JobId, new FailedState(new InvalidOperationException(error)), null);
            await events.PublishAsync(SchedulerEvents.Failure, run.TaskId, [new("runId", run.RunId), new("error", error)]);
            LogQuarantined(run.TaskId, run.RunId, losses);
        }
        else
        {
            await requeuer.RequeueAsync(run, task, error);
            LogRequeued(run.TaskId, run.RunId, run.WorkerId, (now - run.StartedAt).TotalSeconds);
        }
    }

    // Its worker died while the run waited behind another run of its task (overlap queue): no attempt began, so none is
    // recorded lost, none counts towards quarantine, and its claim was withdrawn with the entry (the next claim runs the
    // same attempt number). The run simply waits again, on whichever worker takes its job.
    private async Task RequeueUnstartedAsync(InFlightRun run)
    {
        var task = await store.GetAsync(run.TaskId);
        await requeuer.RequeueAsync(run, task, $"worker {run.WorkerId} stopped heart-beating while the run waited to start (attempt {run.Attempt} not started); re-queued");
        LogRequeuedUnstarted(run.TaskId, run.RunId, run.WorkerId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} run {RunId} waited to start on dead worker {WorkerId}; re-queued, no attempt lost")]
    private partial void LogRequeuedUnstarted(string taskId, string runId, string workerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} run {RunId} was left running by dead worker {WorkerId} ({Seconds:0} s); re-queued")]
    private partial void LogRequeued(string taskId, string runId, string workerId, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId} run {RunId} quarantined after {Losses} worker deaths")]
    private partial void LogQuarantined(string taskId, string runId, long losses);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Orphaned-run sweep failed, retrying: {Reason}")]
    private partial void LogSweepFailed(string reason);
}
