using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.Storage;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// Hangfire.Redis.StackExchange's connection with cheaper steps on every job's path, the storage layout unchanged:
/// the fetch (woken by <see cref="FetchSignal"/>, which loses no announcement, and answered from the fetch that rode
/// the thread's last commit when there was one: <see cref="JobPrefetches"/>), locks (<see cref="HangfireRedisLock"/>:
/// one release script instead of a five-command transaction, not waited for), a job's state lock (the job read in the
/// same round trip, both taken with the job's fetch, or behind the job's last write: <see cref="StateLocksAhead"/>), the transaction (<see cref="SchedulerRedisTransaction"/>: no PERSIST on entering Processing,
/// statistics' expiry and list trims when due) and the acknowledge of a fetched job (<see cref="SchedulerFetchedJob"/>:
/// one script, not waited for, no wake-up of every idle worker). Everything else is the library's.
/// </summary>
internal sealed class SchedulerRedisConnection(
    JobStorageConnection inner, IDatabase db, HangfireKeys keys, StorageUpkeep upkeep, FetchWakeUps wakeUps, TimeSpan fetchTimeout,
    StateLocksAhead locksAhead, JobPrefetches prefetches, HeldIds fetchesHeld, TimeProvider time, DeferredCompletions? completions = null,
    FetchOutageLog? outages = null)
    : JobStorageConnection
{
    private const string StateLockPrefix = "job:", StateLockSuffix = ":state-lock";

    /// <summary>How long a fetch that found Redis away waits before it looks again.</summary>
    internal static readonly TimeSpan OutagePause = TimeSpan.FromMilliseconds(500);

    // The job hash read with its state lock, for the GetJobData that Hangfire's state changer calls next under it.
    private (string JobId, HashEntry[] Fields)? _readUnderLock;

    /// <summary>
    /// Takes a lock as Hangfire.Redis.StackExchange does (<see cref="HangfireRedisLock"/>). A job's state lock
    /// (<c>job:{id}:state-lock</c>, taken by Hangfire's state changer, which then reads the job) brings the job hash
    /// back in the same round trip (or was taken with the job's last write, <see cref="StateLocksAhead"/>);
    /// <see cref="GetJobData"/> answers from it once, while the lock is held.
    /// </summary>
    public override IDisposable AcquireDistributedLock(string resource, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (!resource.StartsWith(StateLockPrefix, StringComparison.Ordinal) || !resource.EndsWith(StateLockSuffix, StringComparison.Ordinal))
            return HangfireRedisLock.Acquire(db, keys.Lock(resource), timeout);
        var jobId = resource[StateLockPrefix.Length..^StateLockSuffix.Length];
        // This process's own deferred release of the lock goes first (on the same connection, so ahead of the take).
        locksAhead.FlushRelease(jobId);
        var held = locksAhead.TryAdopt(jobId, out var fields)
            ?? HangfireRedisLock.Acquire(db, keys.Lock(resource), timeout, keys.Job(jobId), out fields);
        if (fields is not null) _readUnderLock = (jobId, fields);
        return new StateLock(this, locksAhead, jobId, held);
    }

    /// <summary>
    /// <paramref name="field"/> of <paramref name="jobId"/>'s hash (null when it has none) as read with the state lock this
    /// connection holds, before <see cref="GetJobData"/> takes that read; false when the job was not read with its lock.
    /// </summary>
    internal bool TryReadWithLock(string jobId, string field, out string? value)
    {
        value = _readUnderLock is { } read && read.JobId == jobId ? (string?)read.Fields.FirstOrDefault(entry => entry.Name == field).Value : null;
        return _readUnderLock?.JobId == jobId;
    }

    public override JobData? GetJobData(string jobId)
    {
        if (_readUnderLock is { } read && read.JobId == jobId)
        {
            _readUnderLock = null;
            return StoredJob.Read(read.Fields);
        }
        return inner.GetJobData(jobId);
    }

    // A read not used while the lock was held is dropped with it: later, the job may have changed.
    private sealed class StateLock(SchedulerRedisConnection connection, StateLocksAhead locksAhead, string jobId, IDisposable held) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            if (connection._readUnderLock?.JobId == jobId) connection._readUnderLock = null;
            // A job fetched here leaves the release to its next step (StateLocksAhead.Release): the claim carries it.
            locksAhead.Release(jobId, held);
        }
    }

    public override IWriteOnlyTransaction CreateWriteTransaction()
    {
        var transaction = inner.CreateWriteTransaction();
        return transaction is JobStorageTransaction library ? new SchedulerRedisTransaction(library, upkeep, prefetches, keys) : transaction;
    }

    /// <summary>
    /// The library's fetch (each queue in turn, RPOPLPUSH into its fetched list, in one script with the job's state lock
    /// and read (<see cref="JobPrefetches.FetchNow"/>), then the job's <c>Fetched</c> time,
    /// which Beat's stranded-fetch sweep reads), waiting between empty looks on a wake-up taken before the look. The job the
    /// thread's last commit fetched ahead comes first; a stopping worker hands it back instead. When that fetch ahead found
    /// every queue empty, the fetch waits for an announcement since that look before it looks again.
    /// </summary>
    public override IFetchedJob FetchNextJob(string[] queues, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queues);
        if (cancellationToken.IsCancellationRequested) prefetches.HandBackOwn();
        cancellationToken.ThrowIfCancellationRequested();
        var signal = wakeUps.Signal;
        if (prefetches.TryAdopt(queues, out var aheadFrom, out var seen, out var aheadLock) is { } fetchedAhead) return Taken(fetchedAhead, aheadFrom, queues, aheadLock);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (seen is null)
            {
                seen = signal.Generation;
                try
                {
                    var found = prefetches.FetchNow(queues);
                    outages?.Answered();
                    if (found is { } job) return Taken(job.JobId, job.Queue, queues, job.Locked);
                }
                catch (Exception e) when (TransientRedisFailure.Is(e))
                {
                    outages?.Failed(e);
                    // Hangfire rests a worker whose fetch threw for n² to (n+1)² seconds after its n-th failure in a row, so
                    // after an outage of a dozen seconds some threads took work again 20 s after Redis answered. Looked
                    // again here every pause instead: work is taken within a pause of Redis's return.
                    cancellationToken.WaitHandle.WaitOne(OutagePause);
                    seen = null;
                    continue;
                }
            }
            // Nothing waits to start: completions held back while jobs were starting may go now.
            completions?.QueuesEmpty();
            signal.Wait(seen.Value, fetchTimeout, cancellationToken);
            seen = null;
        }
    }

    private SchedulerFetchedJob Taken(string jobId, string queue, string[] queues, JobPrefetches.FetchedLock? locked)
    {
        // Held before its fetch time is taken: an advertisement of what this process holds (WorkerHolding) stamped later
        // names the job until it is settled.
        fetchesHeld.Add(jobId);
        try
        {
            // Milliseconds, as the library writes it: what the watcher reads back must compare equal. On the process's clock
            // (Redis's), the one the Beat's stranded-fetch sweep dates it against: a host clock behind Redis's by more than
            // the worker-dead threshold would make a fetch just taken look stranded and be queued a second time.
            var now = time.GetUtcNow().UtcDateTime;
            var fetchedAt = JobHelper.SerializeDateTime(new DateTime(now.Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc));
            // Not waited for: the job's next commands follow it on the same connection, and a job left without the
            // field is one Beat's stranded-fetch sweep dates and judges by that date.
            db.HashSet(keys.Job(jobId), "Fetched", fetchedAt, flags: CommandFlags.FireAndForget);
            locksAhead.Fetched(jobId);
            if (locked is not null) locksAhead.TakenWithFetch(jobId, locked);
            completions?.JobTaken();
            if (queues.Length > 0) prefetches.Fetched(jobId, queues);
            return new SchedulerFetchedJob(db, keys, queue, jobId, fetchedAt, locksAhead, prefetches, fetchesHeld, completions);
        }
        catch
        {
            // No thread gets the job (it waits in the fetched list for Beat's sweep): nothing here will settle it.
            fetchesHeld.Drop(jobId);
            throw;
        }
    }

    public override void Dispose() => inner.Dispose();
    public override string CreateExpiredJob(Job job, IDictionary<string, string> parameters, DateTime createdAt, TimeSpan expireIn) =>
        inner.CreateExpiredJob(job, parameters, createdAt, expireIn);
    public override void SetJobParameter(string id, string name, string? value) => inner.SetJobParameter(id, name, value);
    public override string? GetJobParameter(string id, string name) => inner.GetJobParameter(id, name);
    public override StateData? GetStateData(string jobId) => inner.GetStateData(jobId);
    public override void AnnounceServer(string serverId, ServerContext context) => inner.AnnounceServer(serverId, context);
    public override void RemoveServer(string serverId) => inner.RemoveServer(serverId);
    public override void Heartbeat(string serverId) => inner.Heartbeat(serverId);
    public override int RemoveTimedOutServers(TimeSpan timeOut) => inner.RemoveTimedOutServers(timeOut);
    public override HashSet<string> GetAllItemsFromSet(string key) => inner.GetAllItemsFromSet(key);
    public override string? GetFirstByLowestScoreFromSet(string key, double fromScore, double toScore) => inner.GetFirstByLowestScoreFromSet(key, fromScore, toScore);
    public override List<string> GetFirstByLowestScoreFromSet(string key, double fromScore, double toScore, int count) =>
        inner.GetFirstByLowestScoreFromSet(key, fromScore, toScore, count);
    public override long GetSetCount(string key) => inner.GetSetCount(key);
    public override long GetSetCount(IEnumerable<string> keys, int limit) => inner.GetSetCount(keys, limit);
    public override bool GetSetContains(string key, string value) => inner.GetSetContains(key, value);
    public override List<string> GetRangeFromSet(string key, int startingFrom, int endingAt) => inner.GetRangeFromSet(key, startingFrom, endingAt);
    public override TimeSpan GetSetTtl(string key) => inner.GetSetTtl(key);
    public override void SetRangeInHash(string key, IEnumerable<KeyValuePair<string, string>> keyValuePairs) => inner.SetRangeInHash(key, keyValuePairs);
    public override Dictionary<string, string>? GetAllEntriesFromHash(string key) => inner.GetAllEntriesFromHash(key);
    public override string? GetValueFromHash(string key, string name) => inner.GetValueFromHash(key, name);
    public override long GetHashCount(string key) => inner.GetHashCount(key);
    public override TimeSpan GetHashTtl(string key) => inner.GetHashTtl(key);
    public override long GetListCount(string key) => inner.GetListCount(key);
    public override List<string> GetAllItemsFromList(string key) => inner.GetAllItemsFromList(key);
    public override List<string> GetRangeFromList(string key, int startingFrom, int endingAt) => inner.GetRangeFromList(key, startingFrom, endingAt);
    public override TimeSpan GetListTtl(string key) => inner.GetListTtl(key);
    public override long GetCounter(string key) => inner.GetCounter(key);
    public override DateTime GetUtcDateTime() => inner.GetUtcDateTime();
}
