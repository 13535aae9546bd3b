using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;
using Scheduler.Runtime.Hosting;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

namespace Scheduler.Beat.Recovery;

/// <summary>
/// Re-queues "Processing" jobs of dead workers that never reached the in-flight ledger, and those of live workers that no
/// longer hold them (<see cref="FetchVerdict.Unheld"/>). Unlike Hangfire's own
/// fetched-jobs watcher (not run here), which pushed such a job back still "Processing" on the dead server, this moves
/// it to "Enqueued" through Hangfire: left naming the dead server, between the next worker's fetch and its "Processing"
/// the job would look abandoned again.
/// </summary>
internal sealed partial class StrandedFetchSweeper
{
    // Drops the dead worker's fetched entry. A worker that fetched the re-queued job since (the job's Fetched is its own)
    // added an entry of its own, which its acknowledge removes: of two entries, one goes, and the job's fields stay.
    // KEYS: fetched list, job. ARGV: job id, Fetched as read ("" for none: the job was dated by a sweep).
    internal const string DropFetched = """
        if (redis.call('HGET', KEYS[2], 'Fetched') or '') ~= ARGV[2] then
          local entries = redis.call('LPOS', KEYS[1], ARGV[1], 'COUNT', 2)
          if #entries < 2 then return 0 end
          redis.call('LREM', KEYS[1], 1, ARGV[1])
          return 1
        end
        redis.call('LREM', KEYS[1], -1, ARGV[1])
        redis.call('HDEL', KEYS[2], 'Fetched', 'Checked')
        return 1
        """;

    private static readonly TimeSpan FetchedListLockTimeout = TimeSpan.FromSeconds(2);

    // Abandoned jobs found by the previous sweep, with the Fetched value they had then.
    private Dictionary<string, RedisValue> _suspects = [];

    /// <summary>
    /// True if this call re-queued the job; one not confirmed yet, or whose list was locked, goes in <paramref name="suspects"/>.
    /// <paramref name="workerAlive"/>: its worker lives but no longer holds it (<see cref="FetchVerdict.Unheld"/>).
    /// </summary>
    private bool RequeueAbandoned(IDatabase db, string queue, FetchedJob job, RedisValue fetched, DateTimeOffset now, Dictionary<string, RedisValue> suspects,
        bool workerAlive = false)
    {
        // Another beat's watchdog takes a run out of the ledger a few round trips before it re-queues the job through
        // its state; a sweep in between would see an abandoned job. The next sweep no longer does.
        if (!(_suspects.TryGetValue(job.Id, out var before) && before == fetched))
        {
            suspects[job.Id] = fetched;
            return false;
        }
        // No server named: handed back by a stopping worker, then fetched by one that died before its Processing.
        var process = ProcessIdentity.OfHangfireServer(job.ServerId) ?? "(the one that fetched it after a hand-back)";
        try
        {
            // Other beats hold this lock (the one Hangfire's fetched-jobs watcher took) over their re-queues. All of it
            // stays on this thread: Hangfire's lock remembers its holder per thread.
            using var connection = storage.GetConnection();
            using var fetchedListLock = connection.AcquireDistributedLock(HangfireKeys.FetchedListLock(queue), FetchedListLockTimeout);
            var seen = db.HashGet(_keys.Job(job.Id), ["State", "Fetched"]);
            if (seen[0] != ProcessingState.StateName || seen[1] != fetched || db.HashGet(_keys.JobState(job.Id), "ServerId") != job.ServerId) return false;
            var state = new EnqueuedState(queue)
            {
                Reason = workerAlive
                    ? $"Worker {process} no longer holds the job (its final state change or hand-back was lost); re-queued by Beat"
                    : $"Worker {process} stopped heart-beating before recording the run; re-queued by Beat",
            };
            if (!jobs.ChangeState(job.Id, state, ProcessingState.StateName)) return false;
            db.ScriptEvaluate(DropFetched, [_keys.Fetched(queue), _keys.Job(job.Id)], [job.Id, fetched.IsNull ? "" : fetched]);
        }
        catch (DistributedLockTimeoutException)
        {
            suspects[job.Id] = fetched;
            return false;
        }
        var seconds = (now - (job.FetchedAt ?? job.CheckedAt)!.Value).TotalSeconds;
        if (workerAlive) LogUnheldRequeued(job.Id, queue, process, seconds);
        else LogAbandonedRequeued(job.Id, queue, process, seconds);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Job {JobId} from queue {Queue} was left processing under worker {WorkerId} ({Seconds:0} s), which no longer holds it (its final state change or hand-back was lost, as in a Redis failover); re-queued")]
    private partial void LogUnheldRequeued(string jobId, string queue, string workerId, double seconds);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Job {JobId} from queue {Queue} was left processing by dead worker {WorkerId} ({Seconds:0} s) before its run was recorded; re-queued")]
    private partial void LogAbandonedRequeued(string jobId, string queue, string workerId, double seconds);
}
