using Hangfire.States;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.Beat.Recovery;

/// <summary>
/// A fired run whose Hangfire job is "Processing" while no worker runs it: the run is in flight nowhere, and the job is in
/// no queue and no fetched list. A worker's delivery keeps its job in a fetched list from its fetch until its final state
/// is written, and a stopping worker's hand-back puts it in its queue, so nothing will ever fetch such a job. It is left
/// by a worker that took its run out of flight and then could not re-queue the job (a fenced hand-back whose re-queue
/// Redis refused), or by writes Redis lost. Found so on two looks a reconcile period apart (its start unchanged, and no
/// live worker saying it holds it), it is re-queued through Hangfire.
/// </summary>
internal sealed partial class FiredRunReconciler
{
    // Runs found stranded on one look: the job's StartedAt then, and when. Looked at again a reconcile period later.
    private readonly Dictionary<string, (string? StartedAt, DateTimeOffset Seen)> _stranded = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether fired run <paramref name="ledger"/>'s "Processing" job has been stranded since the previous look (true: it
    /// is to be re-queued). A first finding is remembered and answers false.
    /// </summary>
    private async Task<bool> StrandedAsync(IDatabase db, FiredRun ledger, DateTimeOffset now)
    {
        var jobId = ledger.OwnerJobId!;
        var queues = (await db.SetMembersAsync(_keys.Queues)).Select(q => q.ToString()).ToList();
        // The fetched lists first: a "Processing" job is normally in one, and the search stops there, not after every backlog.
        RedisKey[] keys = [_keys.Job(jobId), .. queues.Select(q => (RedisKey)_keys.Fetched(q)), .. queues.Select(q => (RedisKey)_keys.Queue(q))];
        var started = (string?)await db.HashGetAsync(_keys.JobState(jobId), "StartedAt");
        // One script, so a job moving from a queue to a fetched list is never seen in neither.
        var inNoList = (int)await db.ScriptEvaluateAsync(PushUnqueued, keys, [jobId, _keys.FetchChannel, "check", ProcessingState.StateName]) == 1;
        var held = inNoList && await HeldByLiveWorkerAsync(jobId, now);
        lock (_stranded)
        {
            if (!inNoList || held)
            {
                _stranded.Remove(ledger.RunId);
                return false;
            }
            if (_stranded.TryGetValue(ledger.RunId, out var before) && before.StartedAt == started)
            {
                if (now - before.Seen < options.Value.ReconcileAfter) return false;
                _stranded.Remove(ledger.RunId);
                return true;
            }
            _stranded[ledger.RunId] = (started, now);
            ForgetOldFindings(now);
            return false;
        }
    }

    // A worker holding a job Redis lost from its fetched list (a failover) still says so: it is that worker's.
    private async Task<bool> HeldByLiveWorkerAsync(string jobId, DateTimeOffset now)
    {
        var alive = await store.AliveProcessesAsync(now - options.Value.WorkerDeadAfter);
        var holdings = await store.ReadHoldingsAsync(alive);
        return holdings.Values.Any(h => h.JobIds?.Contains(jobId) == true);
    }

    // A run whose job moved on between looks (or was looked at by another beat) is not looked at here again.
    private void ForgetOldFindings(DateTimeOffset now)
    {
        var stale = now - 10 * options.Value.ReconcileAfter;
        foreach (var runId in _stranded.Where(s => s.Value.Seen < stale).Select(s => s.Key).ToList()) _stranded.Remove(runId);
    }
}
