using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Jobs;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Storage;

/// <summary>
/// A job's state lock taken behind the worker's last write (<see cref="StateLocksAhead"/>) against a real Redis: the
/// state change adopts it with the job as read under it, it excludes every other holder meanwhile, and a lock no state
/// change adopted goes back when its fetched job is settled.
/// </summary>
public sealed class StateLocksAheadTests
{
    private static readonly TimeSpan NoWait = TimeSpan.Zero;

    // Well inside the lock's 30 s expiry: a lock that merely expired must not pass for one given back.
    private static readonly TimeSpan GiveBackBound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_lock_taken_behind_a_fetched_jobs_last_write_is_adopted_by_its_state_change_with_the_job_read_under_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-ahead");
        var storage = new HangfireJobs(redis).Storage;
        var keys = new HangfireKeys(redis.HangfirePrefix);
        var db = redis.Redis.GetDatabase();
        var id = HangfireJobs.CreateOccurrenceJob(storage);
        using var worker = storage.GetConnection();
        using var fetched = worker.FetchNextJob(["default"], CancellationToken.None);
        // The job's change to Processing, on the fetching thread: it adopts the lock its fetch took, then leaves it.
        using (worker.AcquireDistributedLock($"job:{id}:state-lock", NoWait)) { }

        LocksOf(storage).TakeBehind(id);
        await Eventually.WaitAsync(() => db.KeyExistsAsync(keys.StateLock(id)), TaskRuns.Patience, "the lock taken ahead");
        // Held meanwhile against every other holder (another process, here another storage over the same Redis).
        using var elsewhere = new HangfireJobs(redis).Storage.GetConnection();
        Assert.Throws<DistributedLockTimeoutException>(() => elsewhere.AcquireDistributedLock($"job:{id}:state-lock", TimeSpan.FromMilliseconds(300)));
        // Written by a writer that ignores the lock after it was taken: the state change reads the job as it was then.
        await db.HashSetAsync(keys.Job(id), "State", "Changed");

        // On another thread, as Hangfire's worker thread takes it after the job method's continuations: no wait at all.
        await Task.Run(() =>
        {
            using (worker.AcquireDistributedLock($"job:{id}:state-lock", NoWait))
            {
                Assert.Equal("Enqueued", worker.GetJobData(id)!.State);
                Assert.Equal("Changed", worker.GetJobData(id)!.State);
                // Held by this thread now: re-entrant, as a lock it took itself.
                using (worker.AcquireDistributedLock($"job:{id}:state-lock", NoWait)) { }
                Assert.True(db.KeyExists(keys.StateLock(id)), "an inner release must leave the adopted hold");
            }
        });
        // The job is fetched here: its release waits for the job's next step (none comes here), at most a short while.
        await Eventually.WaitAsync(async () => !await db.KeyExistsAsync(keys.StateLock(id)), GiveBackBound, "the deferred release");

        // Adopted once: a later state change of the same job takes the lock as usual, and the acknowledge gives nothing back.
        using (var other = elsewhere.AcquireDistributedLock($"job:{id}:state-lock", TimeSpan.FromSeconds(1)))
        {
            fetched.RemoveFromQueue();
            await db.PingAsync();
            Assert.True(await db.KeyExistsAsync(keys.StateLock(id)), "settling the fetch released a lock it did not take");
        }
    }

    [Fact]
    public async Task A_lock_taken_ahead_and_never_adopted_goes_back_when_its_fetched_job_is_acknowledged_or_handed_back()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-ahead-back");
        var storage = new HangfireJobs(redis).Storage;
        var keys = new HangfireKeys(redis.HangfirePrefix);
        var db = redis.Redis.GetDatabase();
        var acknowledged = HangfireJobs.CreateOccurrenceJob(storage);
        using var worker = storage.GetConnection();

        var first = worker.FetchNextJob(["default"], CancellationToken.None);
        LocksOf(storage).TakeBehind(acknowledged);
        await Eventually.WaitAsync(() => db.KeyExistsAsync(keys.StateLock(acknowledged)), TaskRuns.Patience, "the lock taken ahead");
        first.RemoveFromQueue();
        first.Dispose();
        await Eventually.WaitAsync(async () => !await db.KeyExistsAsync(keys.StateLock(acknowledged)), GiveBackBound, "the unadopted lock to go back");

        // Handed back unacknowledged (a worker stopping): the lock goes back before another worker can take the job.
        var handedBack = HangfireJobs.CreateOccurrenceJob(storage);
        var second = worker.FetchNextJob(["default"], CancellationToken.None);
        Assert.Equal(handedBack, second.JobId);
        LocksOf(storage).TakeBehind(handedBack);
        await Eventually.WaitAsync(() => db.KeyExistsAsync(keys.StateLock(handedBack)), TaskRuns.Patience, "the lock taken ahead");
        second.Dispose();
        await Eventually.WaitAsync(async () => !await db.KeyExistsAsync(keys.StateLock(handedBack)), GiveBackBound, "the unadopted lock to go back");
        using var again = worker.FetchNextJob(["default"], CancellationToken.None);
        Assert.Equal(handedBack, again.JobId);
    }

    [Fact]
    public async Task Only_a_job_fetched_here_and_not_settled_is_locked_ahead_and_a_lock_held_elsewhere_is_waited_for_as_usual()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-ahead-only");
        var storage = new HangfireJobs(redis).Storage;
        var keys = new HangfireKeys(redis.HangfirePrefix);
        var db = redis.Redis.GetDatabase();
        var id = HangfireJobs.CreateOccurrenceJob(storage);

        // Never fetched by this process (a job another process runs, or a run outside Hangfire).
        LocksOf(storage).TakeBehind(id);
        await db.PingAsync();
        Assert.False(await db.KeyExistsAsync(keys.StateLock(id)));

        // Fetched, but another holder has the lock when the fetch and the take ahead ask for it: the state change waits for
        // it as usual. Held by another process (its own owner value; a lock of this process would be re-entrant on its thread).
        await db.StringSetAsync(keys.StateLock(id), "another-process", TimeSpan.FromSeconds(30));
        using var worker = storage.GetConnection();
        using var fetched = worker.FetchNextJob(["default"], CancellationToken.None);
        Assert.Equal("another-process", (string?)await db.StringGetAsync(keys.StateLock(id)));
        LocksOf(storage).TakeBehind(id);
        await db.PingAsync();
        var waiting = Task.Run(() => worker.AcquireDistributedLock($"job:{id}:state-lock", TimeSpan.FromSeconds(20)));
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "the state change took a lock another holder had");
        await db.KeyDeleteAsync(keys.StateLock(id));
        using (await waiting.WaitAsync(TaskRuns.Patience))
            Assert.True(await db.KeyExistsAsync(keys.StateLock(id)));
        await Eventually.WaitAsync(async () => !await db.KeyExistsAsync(keys.StateLock(id)), GiveBackBound, "the deferred release");

        // Settled: a later write of the same job takes nothing ahead.
        fetched.RemoveFromQueue();
        LocksOf(storage).TakeBehind(id);
        await db.PingAsync();
        Assert.False(await db.KeyExistsAsync(keys.StateLock(id)));
    }

    [Fact]
    public async Task A_lock_taken_ahead_too_long_ago_is_given_back_and_taken_anew_not_adopted()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-ahead-stale");
        var keys = new HangfireKeys(redis.HangfirePrefix);
        var db = redis.Redis.GetDatabase();
        var locks = new StateLocksAhead(db, keys, freshness: TimeSpan.FromMilliseconds(200));
        locks.Fetched("j1");
        locks.TakeBehind("j1");
        await Eventually.WaitAsync(() => db.KeyExistsAsync(keys.StateLock("j1")), TaskRuns.Patience, "the lock taken ahead");
        await Task.Delay(400);

        Assert.Null(locks.TryAdopt("j1", out var read));
        Assert.Null(read);
        await Eventually.WaitAsync(async () => !await db.KeyExistsAsync(keys.StateLock("j1")), GiveBackBound, "the stale lock to go back");
        // Given back once: nothing is left to adopt.
        Assert.Null(locks.TryAdopt("j1", out _));
    }

    private static StateLocksAhead LocksOf(JobStorage storage) => ((SchedulerRedisStorage)storage).LocksAhead;
}
