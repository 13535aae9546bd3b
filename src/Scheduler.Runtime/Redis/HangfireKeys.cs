namespace Scheduler.Runtime.Redis;

/// <summary>
/// The keys of Hangfire.Redis.StackExchange 1.12 that Beat reads and repairs and <see cref="SchedulerRedisConnection"/>
/// acknowledges through, built from the configured Hangfire prefix.
/// Taken from its <c>RedisConnection.FetchNextJob</c>, <c>RedisFetchedJob.Requeue</c>,
/// <c>RedisWriteOnlyTransaction.SetJobState</c> and <c>AddJobState</c> and <c>RedisSubscription</c>; a package upgrade must re-check them.
/// </summary>
internal sealed class HangfireKeys(string prefix)
{
    /// <summary>Sorted set: the jobs in the Failed state, scored by when they failed; Hangfire expires none of them.</summary>
    public string Failed => $"{prefix}failed";

    /// <summary>Set: the ids of the Hangfire servers that announced themselves and were not yet removed as timed out.</summary>
    public string Servers => $"{prefix}servers";

    /// <summary>Set: the name of every queue a job was ever enqueued to.</summary>
    public string Queues => $"{prefix}queues";

    /// <summary>List: ids of the jobs waiting in a queue; workers take them from the right (RPOPLPUSH).</summary>
    public string Queue(string queue) => $"{prefix}queue:{queue}";

    /// <summary>List: ids of the jobs workers took from a queue and have not acknowledged yet.</summary>
    public string Fetched(string queue) => $"{prefix}queue:{queue}:dequeued";

    /// <summary>Hash: a job; <c>State</c> is its state's name, <c>Fetched</c> when a worker took it (<c>Checked</c> is the watcher's).</summary>
    public string Job(string id) => $"{prefix}job:{id}";

    /// <summary>List: a job's states, oldest first, each a JSON object of its data with <c>State</c>, <c>Reason</c>, <c>CreatedAt</c>.</summary>
    public string JobHistory(string id) => $"{prefix}job:{id}:history";

    /// <summary>Hash: the data of a job's current state; "Processing" has <c>StartedAt</c>, <c>ServerId</c>, <c>WorkerId</c>.</summary>
    public string JobState(string id) => $"{prefix}job:{id}:state";

    /// <summary>
    /// Distributed-lock resource over a queue's fetched list (Hangfire's fetched-jobs watcher's), held by Beat's sweeps; unprefixed,
    /// because <c>AcquireDistributedLock</c> adds the prefix itself.
    /// </summary>
    public static string FetchedListLock(string queue) => $"queue:{queue}:dequeued:lock";

    /// <summary>String: a distributed lock over <paramref name="resource"/> (the library prefixes the resource, nothing more).</summary>
    public string Lock(string resource) => $"{prefix}{resource}";

    /// <summary>String: the lock Hangfire's state changer takes over a job (<c>job:{id}:state-lock</c>, prefixed).</summary>
    public string StateLock(string jobId) => $"{prefix}job:{jobId}:state-lock";

    /// <summary>Pub/sub channel: a message wakes idle workers to fetch (they poll only every FetchTimeout otherwise).</summary>
    public string FetchChannel => $"{prefix}JobFetchChannel";
}
