using Hangfire.Redis.StackExchange;
using Hangfire.Server;
using Hangfire.Storage;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// Hangfire's Redis storage (Hangfire.Redis.StackExchange, its key layout unchanged) with a cheaper path for each job:
/// its connections are <see cref="SchedulerRedisConnection"/>s, woken for new jobs by one <see cref="FetchWakeUps"/>
/// instead of the library's subscription, and it announces no transactional acknowledge. The
/// library announces that feature, but its "in-transaction" queue removal runs at once as a transaction of its own, and
/// Hangfire's worker then removes the job a second time after the state commit; without it the worker commits the
/// final state, then removes the job once. A process that dies between the two leaves a finished job in its fetched
/// list; Beat's stranded-fetch sweep drops the entry. The library's fetched-jobs watcher is left out (see <see cref="GetComponents"/>).
/// </summary>
internal sealed class SchedulerRedisStorage : RedisStorage
{
    private const string TransactionalAcknowledge = "TransactionalAcknowledge:";

    private readonly IDatabase _db;
    private readonly HangfireKeys _keys;
    private readonly StorageUpkeep _upkeep = new();
    private readonly FetchWakeUps _wakeUps;
    private readonly TimeSpan _fetchTimeout;
    private readonly TimeProvider _time;
    private readonly FetchOutageLog? _outages;

    // The library's expired-jobs watcher casts the storage's connection to its own type, so it runs on a plain storage
    // over the same Redis and options.
    private readonly RedisStorage _watchers;

    public SchedulerRedisStorage(IConnectionMultiplexer redis, RedisStorageOptions options, TimeProvider time, Microsoft.Extensions.Logging.ILogger? logger = null)
        : base(redis, options)
    {
        _time = time;
        _outages = logger is null ? null : new FetchOutageLog(logger, time);
        _db = redis.GetDatabase(options.Db);
        _keys = new HangfireKeys(options.Prefix);
        _watchers = new RedisStorage(redis, options);
        _wakeUps = new FetchWakeUps(redis, _keys.FetchChannel);
        _fetchTimeout = options.FetchTimeout;
        LocksAhead = new StateLocksAhead(_db, _keys);
        Prefetches = new JobPrefetches(_db, _keys, announcements: () => _wakeUps.Signal.Generation);
    }

    /// <summary>Job state locks taken behind a job's last write (<see cref="StateLocksAhead"/>), shared by this storage's connections.</summary>
    internal StateLocksAhead LocksAhead { get; }

    /// <summary>Succeeded states deferred by this process's worker (<see cref="DeferredCompletions"/>); null when it applies them at once.</summary>
    internal DeferredCompletions? Completions => _completions;

    private DeferredCompletions? _completions;

    /// <summary>
    /// The deferred completions of this storage's workers: <paramref name="completions"/>, or the one a worker server of
    /// this process sharing the storage set before (a job's acknowledge must reach the queue its state was deferred to).
    /// </summary>
    internal DeferredCompletions DeferCompletionsTo(DeferredCompletions completions) =>
        Interlocked.CompareExchange(ref _completions, completions, null) ?? completions;

    /// <summary>The database this storage writes to.</summary>
    internal IDatabase Database => _db;

    /// <summary>The library's keys under this storage's prefix.</summary>
    internal HangfireKeys Keys => _keys;

    /// <summary>
    /// The jobs this process's workers fetched and have not settled: acknowledged (a deferred Succeeded state applied
    /// first) or handed back. A worker advertises them (<see cref="WorkerHolding"/>): a job left Processing under
    /// a live worker that no longer holds it lost its final state change (a failover), and Beat queues it again.
    /// </summary>
    internal HeldIds FetchesHeld { get; } = new();

    /// <summary>Worker threads' next fetches sent inside their jobs' final state changes (<see cref="JobPrefetches"/>).</summary>
    internal JobPrefetches Prefetches { get; }

    public override bool HasFeature(string featureId) =>
        !featureId.StartsWith(TransactionalAcknowledge, StringComparison.Ordinal) && base.HasFeature(featureId);

    public override IStorageConnection GetConnection() =>
        new SchedulerRedisConnection((JobStorageConnection)base.GetConnection(), _db, _keys, _upkeep, _wakeUps, _fetchTimeout, LocksAhead, Prefetches, FetchesHeld, _time, Completions, _outages);

#pragma warning disable CS0618, CS0672 // IServerComponent and GetComponents are obsolete in Hangfire 1.8, and still how a storage adds its processes
    public override IEnumerable<IServerComponent> GetComponents()
    {
        // 1.12: FetchedJobsWatcher, ExpiredJobsWatcher, then the library's fetch subscription, which nothing here waits
        // on. Only the expired-jobs watcher is kept (found by name: the library's types are internal). The fetched-jobs
        // watcher hands back any job fetched longer ago than the invisibility timeout, its worker alive or not, at every
        // server's start and each minute after: a longer run was taken from its worker and started again. Beat's
        // stranded-fetch sweep judges fetched jobs by their workers' heartbeats instead.
        return _watchers.GetComponents().Where(component => component.GetType().Name == "ExpiredJobsWatcher");
    }
#pragma warning restore CS0618, CS0672
}
