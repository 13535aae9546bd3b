using Hangfire.States;
using Microsoft.Extensions.Logging;
using Scheduler.Runtime.Storage;

namespace Scheduler.Beat.Recovery;

internal sealed partial class RunReconciler
{
    // Where a parked retry's job is while all is well: waiting out its backoff, queued, or being delivered again (the
    // delivery takes the entry over when it claims the run).
    private static readonly HashSet<string?> ParkedOnTheirWay =
        [ScheduledState.StateName, EnqueuedState.StateName, ProcessingState.StateName, AwaitingState.StateName];

    /// <summary>
    /// Parked retries (<see cref="InFlightRun.Parked"/>) whose Hangfire job will not bring them back: a deleted job stops
    /// the run (recorded cancelled, as a delete of a running job does); a job that is gone, or ended without taking the
    /// run over, is queued again (a job fired in its place if need be). A parked run lost no attempt: none is recorded lost.
    /// </summary>
    private async Task<int> SweepParkedAsync(IReadOnlyList<InFlightRun> inFlight)
    {
        var parked = inFlight.Where(r => r.Parked).ToList();
        if (parked.Count == 0) return 0;
        var db = redis.GetDatabase();
        var states = await Task.WhenAll(parked.Select(r => db.HashGetAsync(_keys.Job(r.JobId), "State")));
        var repaired = 0;
        for (var i = 0; i < parked.Count; i++)
        {
            var (run, state) = (parked[i], (string?)states[i]);
            if (ParkedOnTheirWay.Contains(state) || !await store.ReleaseOrphanAsync(run)) continue;
            try
            {
                var task = await store.GetAsync(run.TaskId);
                if (state == DeletedState.StateName && task is not null)
                {
                    await requeuer.RecordStoppedAsync(task, run.RunId, run.JobId, run.Attempt, ScheduleStoreRuns.DeletedJobStopper,
                        $"its job was deleted while it waited for retry {run.Attempt - 1}", $"stopped:{run.Entry}");
                    LogParkedStopped(run.TaskId, run.RunId);
                }
                else if (task is not null)
                {
                    var why = state is null ? "its Hangfire job is gone" : $"its Hangfire job is {state}";
                    await requeuer.RequeueAsync(run, task, $"retry {run.Attempt - 1} was parked but {why}; re-queued");
                    LogParkedRequeued(run.TaskId, run.RunId, why);
                }
                repaired++;
            }
            catch
            {
                await store.RestoreInFlightAsync(run);
                throw;
            }
        }
        return repaired;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} run {RunId} waited for a retry but {Why}; re-queued")]
    private partial void LogParkedRequeued(string taskId, string runId, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} run {RunId} waited for a retry but its Hangfire job was deleted; recorded cancelled")]
    private partial void LogParkedStopped(string taskId, string runId);
}
