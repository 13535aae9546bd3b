using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Beat.Hosting;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Hosting;
using Scheduler.Runtime.Redis;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.Beat.Recovery;

/// <summary>
/// Repairs runs that live workers no longer finish: a run in the in-flight ledger whose Hangfire job is no longer
/// processing (it failed, succeeded, expired or vanished, e.g. because a worker's write failed while Redis
/// was away), or whose live worker advertises that it does not hold it. Each such run is re-queued exactly once: the
/// ledger entry is taken by compare-and-set (as the watchdog does), so racing beats and the worker's own late write
/// settle it once; one whose job was deleted is recorded stopped instead (a delete stops a run). A run its worker
/// still holds (an outcome waiting for Redis) is left to that worker, and so is one whose worker's advertisement says
/// nothing (see <see cref="InFlightCheck"/>). Then, one Beat at a time (a lock that
/// lapses after <see cref="BeatOptions.StuckRunningCheckInterval"/>): fired runs no worker will run
/// (<see cref="FiredRunReconciler"/>) and schedules left "running" with no run in flight, read from the running index.
/// </summary>
internal sealed partial class RunReconciler(
    IConnectionMultiplexer redis,
    ScheduleStore store,
    RunRequeuer requeuer,
    FiredRunReconciler fired,
    RedisHealth health,
    ProcessIdentity identity,
    IOptions<SchedulerRedisOptions> redisOptions,
    IOptions<BeatOptions> options,
    ILogger<RunReconciler> logger)
{
    private readonly HangfireKeys _keys = new(redisOptions.Value.HangfirePrefix);

    /// <summary>One pass over <paramref name="inFlight"/> (read by the caller with <paramref name="alive"/>); returns how many runs it repaired.</summary>
    public async Task<int> SweepAsync(IReadOnlyList<InFlightRun> inFlight, IReadOnlySet<string> alive, DateTimeOffset now)
    {
        var repaired = 0;
        var grace = options.Value.ReconcileAfter;
        // After Redis failed or came back (a restart can lose or roll back advertisements and the writes they follow),
        // judge only once every live worker has re-published what it holds and written what it had in memory: a whole
        // WorkerDeadAfter plus one advertisement period of Redis answering.
        var judge = !health.TroubledWithin(options.Value.WorkerDeadAfter + WorkerHolding.Period);
        var candidates = judge ? inFlight.Where(r => alive.Contains(r.WorkerId) && now - r.StartedAt >= grace).ToList() : [];
        if (candidates.Count > 0)
        {
            var db = redis.GetDatabase();
            var states = await Task.WhenAll(candidates.Select(r => db.HashGetAsync(_keys.Job(r.JobId), "State")));
            var holdings = await store.ReadHoldingsAsync([.. candidates.Select(r => r.WorkerId).Distinct()]);
            for (var i = 0; i < candidates.Count; i++)
            {
                var run = candidates[i];
                var check = new InFlightCheck(run, (string?)states[i], holdings.GetValueOrDefault(run.WorkerId));
                var verdict = check.Judge(now, grace, alive);
                if (verdict is RunVerdict.Release or RunVerdict.Requeue && await RepairAsync(check, verdict)) repaired++;
            }
        }
        if (judge) repaired += await SweepParkedAsync(inFlight);
        if (judge && await store.TryTakeReconcilePassAsync(identity.Id, options.Value.StuckRunningCheckInterval))
        {
            repaired += await fired.SweepAsync(inFlight.Select(r => r.RunId).ToHashSet(StringComparer.Ordinal), now);
            foreach (var id in await store.SettleStuckRunningAsync()) LogStuckSettled(id);
        }
        return repaired;
    }

    private async Task<bool> RepairAsync(InFlightCheck check, RunVerdict verdict)
    {
        var run = check.Run;
        var taken = await store.TakeOrphanAsync(run);
        if (taken == OrphanTake.NotTaken) return false;
        var why = check.JobState is null ? "its Hangfire job is gone"
            : verdict == RunVerdict.Requeue && check.JobState == Hangfire.States.ProcessingState.StateName ? $"worker {run.WorkerId} no longer holds it"
            : $"its Hangfire job is {check.JobState}";
        try
        {
            // An attempt that never started (it waited behind another run of its task) lost nothing: its claim was
            // withdrawn with the entry, and no record says it ran.
            var started = taken == OrphanTake.Started;
            if (verdict == RunVerdict.Release)
            {
                if (started) await requeuer.RecordLostAsync(run, $"attempt {run.Attempt} never finished ({why}); its job is queued again", final: false);
                LogReleased(run.TaskId, run.RunId, run.WorkerId, why);
                return true;
            }
            if (check.JobState == Hangfire.States.DeletedState.StateName && await store.GetAsync(run.TaskId) is { } deletedJobTask)
            {
                // Deleted (on Hangfire's dashboard or by anyone's BackgroundJob.Delete): a stop, not a loss to make good.
                await requeuer.RecordStoppedAsync(deletedJobTask, run.RunId, run.JobId, run.Attempt, ScheduleStoreRuns.DeletedJobStopper,
                    $"attempt {run.Attempt} did not finish ({why})", $"stopped:{run.Entry}");
                LogStopped(run.TaskId, run.RunId, run.WorkerId);
                return true;
            }
            var error = started ? $"attempt {run.Attempt} never finished ({why}); re-queued" : $"attempt {run.Attempt} never started ({why}); re-queued";
            var task = started ? await requeuer.RecordLostAsync(run, error, final: false) : await store.GetAsync(run.TaskId);
            var replaced = await requeuer.RequeueAsync(run, task, error);
            LogRequeued(run.TaskId, run.RunId, run.WorkerId, why, replaced);
            return true;
        }
        catch
        {
            // Put it back so the next sweep tries again: a run must never be dropped by a failed repair.
            await store.RestoreInFlightAsync(run);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} run {RunId} was in flight on live worker {WorkerId} but {Why}; re-queued (new job: {Replaced})")]
    private partial void LogRequeued(string taskId, string runId, string workerId, string why, bool replaced);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} run {RunId} was in flight on live worker {WorkerId} but its Hangfire job was deleted; recorded cancelled")]
    private partial void LogStopped(string taskId, string runId, string workerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} run {RunId} was in flight on live worker {WorkerId} but {Why}; entry dropped, the queued job runs it")]
    private partial void LogReleased(string taskId, string runId, string workerId, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} was left running with no run in flight; set back to scheduled")]
    private partial void LogStuckSettled(string taskId);
}
