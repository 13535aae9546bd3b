using Hangfire.Storage;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// A job a worker took from a queue (<see cref="SchedulerRedisConnection.FetchNextJob"/>), kept as
/// Hangfire.Redis.StackExchange's <c>RedisFetchedJob</c> keeps it (the id in the queue's fetched list, the job's
/// <c>Fetched</c> time) but settled in one script each way. The library's acknowledge reads <c>Fetched</c>, then in a
/// transaction removes the id and publishes a wake-up that sends every idle worker of every process to an empty queue;
/// a finished job adds no work, so this one does not publish. A hand-back (<see cref="Requeue"/>, or a job disposed
/// unacknowledged) pushes the job back to be fetched next and wakes the workers, as the library's does. Both touch only
/// what this fetch made: a job queued again and fetched by another delivery since (its worker judged dead while only
/// slow) is that delivery's, its fetched entry and <c>Fetched</c> time left alone, and a hand-back never queues it twice.
/// </summary>
internal sealed class SchedulerFetchedJob(IDatabase db, HangfireKeys keys, string queue, string jobId, string fetchedAt, StateLocksAhead locksAhead, JobPrefetches prefetches,
    HeldIds fetchesHeld, DeferredCompletions? completions = null)
    : IFetchedJob
{
    // KEYS: job hash, fetched list. ARGV: job id, the Fetched time this fetch wrote. Only this fetch's entry leaves the
    // list: if Beat handed the job back (its worker judged dead) and another worker took it since, Fetched is that worker's.
    // Optional KEYS[3], ARGV[3] owner, ARGV[4] hold ms: the final state change's lock, left held for this step
    // (StateLocksAhead.Release), released here rather than by a script of its own.
    private static readonly string AcknowledgeScript = RidingLockRelease.Lua("KEYS[3]", "ARGV[3]", "ARGV[4]") + """
        if (redis.call('HGET', KEYS[1], 'Fetched') or '') == ARGV[2] then
          redis.call('LREM', KEYS[2], -1, ARGV[1])
          redis.call('HDEL', KEYS[1], 'Fetched', 'Checked')
        end
        return 0
        """;

    // KEYS: job hash, fetched list, queue, job state hash. ARGV: job id, this fetch's Fetched time, fetch channel. The
    // library's Requeue in one script: out of the fetched list, back to the right end of the queue (fetched next), and a
    // wake-up; but only while this fetch still owns the job. The library pushed it back whatever became of it, so a
    // stopping worker whose job was re-queued meanwhile (its worker judged dead, its run released) queued it a second
    // time: fetched again while another delivery ran it, its new "Processing" had that delivery aborted mid-run. So a job
    // another fetch took since (its Fetched) is left to that one, and one already back in its queue (re-queued through
    // its state) keeps its one place there. The state ("Processing" here, when a stopping worker hands its job back) no
    // longer names this server: a job in a fetched list whose state names a server that is gone looks held by a dead
    // worker (the library's fetched-jobs watcher, no longer run, queued it a second time between the next worker's fetch
    // and its "Processing"). Beat's stranded-fetch sweep reads a "Processing" job naming no server as handed back. The
    // LPOS scans the queue: paid on a hand-back only, never on a job's normal path.
    private const string RequeueScript = """
        if (redis.call('HGET', KEYS[1], 'Fetched') or '') ~= ARGV[2] then return 0 end
        redis.call('LREM', KEYS[2], -1, ARGV[1])
        redis.call('HDEL', KEYS[1], 'Fetched', 'Checked')
        redis.call('HDEL', KEYS[4], 'ServerId')
        if redis.call('LPOS', KEYS[3], ARGV[1]) then return 2 end
        redis.call('RPUSH', KEYS[3], ARGV[1])
        redis.call('PUBLISH', ARGV[3], ARGV[1])
        return 1
        """;

    private bool _done, _settled, _released;

    public string JobId => jobId;

    public void RemoveFromQueue()
    {
        // A job whose Succeeded state was deferred is acknowledged with it, by the completion loop; until then it stays in
        // this process's fetched jobs (its state lock is taken there, and released with that acknowledge).
        if (!_done && completions?.TryHandOver(jobId, queue, fetchedAt) == true)
        {
            _done = _settled = true;
            prefetches.Settled(jobId);
            return;
        }
        completions?.Forget(jobId);
        Acknowledge(db, keys, locksAhead, queue, jobId, fetchedAt);
        _done = true;
        Settle();
        Release();
    }

    /// <summary>
    /// Removes <paramref name="jobId"/>, fetched at <paramref name="fetchedAt"/>, from <paramref name="queue"/>'s fetched
    /// list, carrying a state-lock release left for it. Not waited for: the job's final state is committed already, so an
    /// acknowledge lost with the connection leaves only a fetched entry, which Beat's stranded-fetch sweep drops (the
    /// state is final), and the lock it carries expires as a release lost so would.
    /// </summary>
    internal static void Acknowledge(IDatabase db, HangfireKeys keys, StateLocksAhead locksAhead, string queue, string jobId, string fetchedAt)
    {
        if (locksAhead.TakeRelease(jobId) is { } lockRelease)
            UnawaitedScript.Send(db, AcknowledgeScript, [keys.Job(jobId), keys.Fetched(queue), lockRelease.Key],
                [jobId, fetchedAt, lockRelease.Owner, RidingLockRelease.HoldMilliseconds]);
        else
            UnawaitedScript.Send(db, AcknowledgeScript, [keys.Job(jobId), keys.Fetched(queue)], [jobId, fetchedAt]);
    }

    public void Requeue()
    {
        completions?.Forget(jobId);
        Settle();
        // Released whether or not the script ran: a job it could not hand back is left Processing under this live worker,
        // which no longer holds it, and Beat's stranded-fetch sweep queues it again.
        try { db.ScriptEvaluate(RequeueScript, [keys.Job(jobId), keys.Fetched(queue), keys.Queue(queue), keys.JobState(jobId)], [jobId, fetchedAt, keys.FetchChannel]); }
        finally { Release(); }
        _done = true;
    }

    public void Dispose()
    {
        if (!_done) Requeue();
    }

    // Once per fetch, after its final state change or hand-back: a deferred Succeeded state keeps the job held until the
    // completion loop acknowledges it (CompletionBatcher).
    private void Release()
    {
        if (_released) return;
        _released = true;
        fetchesHeld.Drop(jobId);
    }

    // Once per fetch, before a hand-back can let another worker take the job: a state lock taken ahead for it goes back.
    private void Settle()
    {
        if (_settled) return;
        _settled = true;
        locksAhead.Settled(jobId);
        prefetches.Settled(jobId);
    }
}
