using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// Hangfire.Redis.StackExchange's connection with cheaper steps on every job's path, the storage layout unchanged:
/// the fetch (woken by <see cref="FetchSignal"/>, which loses no announcement), locks (<see cref="HangfireRedisLock"/>:
/// one release script instead of a five-command transaction), the transaction (<see cref="SchedulerRedisTransaction"/>:
/// no PERSIST on entering Processing, statistics' expiry and list trims when due) and the acknowledge of a fetched job
/// (<see cref="SchedulerFetchedJob"/>: one script, no wake-up of every idle worker). Everything else is the library's.
/// </summary>
internal sealed class SchedulerRedisConnection(
    JobStorageConnection inner, IDatabase db, HangfireKeys keys, StorageUpkeep upkeep, FetchWakeUps wakeUps, TimeSpan fetchTimeout)
    : JobStorageConnection
{
    public override IDisposable AcquireDistributedLock(string resource, TimeSpan timeout) => HangfireRedisLock.Acquire(db, keys.Lock(resource), timeout);

    public override IWriteOnlyTransaction CreateWriteTransaction()
    {
        var transaction = inner.CreateWriteTransaction();
        return transaction is JobStorageTransaction library ? new SchedulerRedisTransaction(library, upkeep) : transaction;
    }

    /// <summary>
    /// The library's fetch (each queue in turn, RPOPLPUSH into its fetched list, then the job's <c>Fetched</c> time,
    /// which the fetched-jobs watcher reads), waiting between empty looks on a wake-up taken before the look.
    /// </summary>
    public override IFetchedJob FetchNextJob(string[] queues, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queues);
        var signal = wakeUps.Signal;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var seen = signal.Generation;
            foreach (var queue in queues)
            {
                var jobId = (string?)db.ListRightPopLeftPush(keys.Queue(queue), keys.Fetched(queue));
                if (jobId is null) continue;
                signal.PassOn();
                // Milliseconds, as the library writes it: what the watcher reads back must compare equal.
                var fetchedAt = JobHelper.SerializeDateTime(new DateTime(DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc));
                db.HashSet(keys.Job(jobId), "Fetched", fetchedAt);
                return new SchedulerFetchedJob(db, keys, queue, jobId, fetchedAt);
            }
            signal.Wait(seen, fetchTimeout, cancellationToken);
        }
    }

    public override void Dispose() => inner.Dispose();
    public override string CreateExpiredJob(Job job, IDictionary<string, string> parameters, DateTime createdAt, TimeSpan expireIn) =>
        inner.CreateExpiredJob(job, parameters, createdAt, expireIn);
    public override void SetJobParameter(string id, string name, string? value) => inner.SetJobParameter(id, name, value);
    public override string? GetJobParameter(string id, string name) => inner.GetJobParameter(id, name);
    public override JobData? GetJobData(string jobId) => inner.GetJobData(jobId);
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
