using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// A job's state lock taken behind the worker's last write of the job. Once the job method returns, Hangfire's worker
/// takes the job's state lock and reads the job (<see cref="SchedulerRedisConnection.AcquireDistributedLock"/>, one round
/// trip) before it commits the final state. The worker's outcome write is the job's last wait on Redis, and a lock request
/// sent right behind it is answered in the same read: <see cref="TakeBehind"/> sends the lock's <c>SET NX</c> and the
/// job's read then, and the state change adopts both (<see cref="TryAdopt"/>) instead of asking again. Only a job this
/// process fetched and has not settled yet is locked ahead, and a lock no state change adopted is given back when the
/// fetched job is settled (<see cref="Settled"/>): a live worker never leaves one to its expiry.
/// </summary>
internal sealed partial class StateLocksAhead(IDatabase db, HangfireKeys keys, TimeSpan? freshness = null)
{
    private readonly ConcurrentDictionary<string, int> _fetched = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Ahead> _ahead = new(StringComparer.Ordinal);

    // Well inside the lock's 30 s hold, which is not slid before adoption: a lock taken longer ago than this (its job's
    // state change was held up, by a Redis outage for instance) may have expired and been taken by someone else.
    private readonly long _freshMs = (long)(freshness ?? TimeSpan.FromSeconds(10)).TotalMilliseconds;

    // Thread: the only thread that may adopt it (a fetch's lock, for its thread's change to Processing); null for any.
    // HoldMs: the hold it was taken with, when not a state change's own 30 s.
    private sealed record Ahead(Task<bool> Taken, string Owner, Task<HashEntry[]> Read, long SentAt, int? Thread = null, long? HoldMs = null);

    /// <summary>A worker of this process took <paramref name="jobId"/> from its queue.</summary>
    internal void Fetched(string jobId) => _fetched.AddOrUpdate(jobId, 1, static (_, count) => count + 1);

    /// <summary>
    /// Sends the state lock of <paramref name="jobId"/> and the job's read behind the commands already sent, without
    /// waiting: for a write after which the job ends (its next step on Redis is its final state change). Does nothing
    /// for a job this process does not hold fetched, or one already locked ahead.
    /// </summary>
    public void TakeBehind(string jobId)
    {
        if (!_fetched.ContainsKey(jobId) || _ahead.ContainsKey(jobId)) return;
        // A release still deferred goes first, so this take finds the key free.
        FlushRelease(jobId);
        var key = keys.StateLock(jobId);
        var taking = HangfireRedisLock.TakeAhead(db, key, out var owner);
        var ahead = new Ahead(taking, owner, db.HashGetAllAsync(keys.Job(jobId)), Environment.TickCount64);
        TaskFaults.Observe(ahead.Read);
        if (!_ahead.TryAdd(jobId, ahead)) GiveBack(ahead, key);
    }

    /// <summary>
    /// The state lock of <paramref name="jobId"/> that its fetch took, with the job as read under it
    /// (<see cref="JobPrefetches.FetchedLock"/>): the job's change to Processing adopts both (<see cref="TryAdopt"/>). Given
    /// back at once when the job is not one this process holds fetched or a lock is already waiting for it. Only the
    /// calling thread, the fetching worker's, adopts it: any other taker of the job's lock here waits for its release, as
    /// for another holder's (a batch of deferred completions, for one, must not take a later delivery's lock and read).
    /// </summary>
    internal void TakenWithFetch(string jobId, JobPrefetches.FetchedLock locked)
    {
        var ahead = new Ahead(Task.FromResult(true), locked.Owner, Task.FromResult(locked.Read), locked.SentAt,
            Environment.CurrentManagedThreadId, (long)JobPrefetches.FetchLockHold.TotalMilliseconds);
        if (!_fetched.ContainsKey(jobId) || !_ahead.TryAdd(jobId, ahead)) GiveBack(ahead, keys.StateLock(jobId));
    }

    /// <summary>
    /// The lock <see cref="TakeBehind"/> took for <paramref name="jobId"/>, now held by the calling thread, with the job
    /// as read right after it was taken (<paramref name="read"/>; null if the read failed). Null when nothing was taken
    /// ahead or the lock was not free then: the caller takes it as usual. A take that never answered, and a lock taken
    /// more than 10 s ago, are given back (ahead of the caller's own take, on the same connection), not adopted.
    /// </summary>
    internal IDisposable? TryAdopt(string jobId, out HashEntry[]? read)
    {
        read = null;
        if (!_ahead.TryGetValue(jobId, out var ahead) || ahead.Thread is { } thread && thread != Environment.CurrentManagedThreadId) return null;
        if (!_ahead.TryRemove(KeyValuePair.Create(jobId, ahead))) return null;
        // A lock with a shorter hold than a state change's is adopted within half of it, and first extended by then.
        var age = Environment.TickCount64 - ahead.SentAt;
        if (age > (ahead.HoldMs is { } hold ? hold / 2 : _freshMs))
        {
            GiveBack(ahead, keys.StateLock(jobId));
            return null;
        }
        bool taken;
        try { taken = ahead.Taken.GetAwaiter().GetResult(); }
        catch (Exception)
        {
            // No answer (Redis stalled or the connection dropped): the request may still have taken the lock once Redis
            // ran it. Given back under its own owner value, ahead of the caller's own take on the same connection.
            GiveBack(ahead, keys.StateLock(jobId));
            return null;
        }
        if (!taken) return null;
        var held = HangfireRedisLock.Adopt(db, keys.StateLock(jobId), ahead.Owner,
            ahead.HoldMs is { } heldFor ? TimeSpan.FromMilliseconds(Math.Max(0, (heldFor - age) / 2)) : null);
        try { read = ahead.Read.GetAwaiter().GetResult(); }
        catch (Exception) { read = null; }
        return held;
    }

    /// <summary>A fetched job of this process was acknowledged or handed back: a lock taken for it and not adopted goes back.</summary>
    internal void Settled(string jobId)
    {
        FlushRelease(jobId);
        // Two deliveries of one job in this process (queued again while a worker here still ran it, e.g. its writes lost in a failover)
        // share one entry: the lock waits for the later one, whose state change may still adopt it.
        if (_fetched.AddOrUpdate(jobId, 0, static (_, count) => count - 1) > 0) return;
        _fetched.TryRemove(KeyValuePair.Create(jobId, 0));
        if (_ahead.TryRemove(jobId, out var ahead)) GiveBack(ahead, keys.StateLock(jobId));
    }

    // Whatever became of the take, unless Redis answered that the lock was not free: a take that never answered may have
    // landed. Sent at once when the take has ended (so it precedes any later take on the connection), else when it ends.
    private void GiveBack(Ahead ahead, string key) =>
        ahead.Taken.ContinueWith(taking =>
        {
            if (taking.IsCompletedSuccessfully && !taking.Result) return;
            try { HangfireRedisLock.ReleaseTakenAhead(db, key, ahead.Owner); }
            catch (Exception e) when (e is RedisException or ObjectDisposedException) { }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
