using Hangfire.Redis.StackExchange;
using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// Hangfire's Redis storage without transactional acknowledge. Hangfire.Redis.StackExchange announces it, but its
/// "in-transaction" queue removal runs at once as a transaction of its own, and Hangfire's worker then removes the
/// job a second time after the state commit: two removals (HGET, MULTI, LREM, HDEL, PUBLISH, EXEC) per job where
/// Hangfire's standard order needs one. Without the feature the worker commits the final state, then removes the job
/// once. A process that dies between the two leaves a finished job in its fetched list; the fetched-jobs watcher
/// hands it back and the next worker, finding it no longer Enqueued or Processing, drops it without running it.
/// </summary>
internal sealed class SchedulerRedisStorage(IConnectionMultiplexer redis, RedisStorageOptions options) : RedisStorage(redis, options)
{
    private const string TransactionalAcknowledge = "TransactionalAcknowledge:";

    public override bool HasFeature(string featureId) =>
        !featureId.StartsWith(TransactionalAcknowledge, StringComparison.Ordinal) && base.HasFeature(featureId);
}
