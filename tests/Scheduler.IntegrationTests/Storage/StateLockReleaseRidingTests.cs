using Hangfire;
using Hangfire.Storage;
using Scheduler.Contracts.Storage;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Storage;

/// <summary>
/// A job's state lock, released by its holder while the job is fetched by this process, is left for the job's next step
/// (<see cref="StateLocksAhead.Release"/>): the worker's claim carries it in its own script. Against a real Redis: the
/// claim releases it whatever it answers and never another holder's, a take of the same lock here does not wait for it,
/// settling the fetch gives it back at once, and a release nobody carries goes on its own.
/// </summary>
public sealed class StateLockReleaseRidingTests
{
    private static readonly TimeSpan NoWait = TimeSpan.Zero;

    // Well inside the lock's 30 s expiry: a lock that merely expired must not pass for one given back.
    private static readonly TimeSpan GiveBackBound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_state_lock_released_by_its_holder_stays_held_until_the_claim_script_carrying_its_release_runs()
    {
        await using var redis = await RedisTestContext.CreateAsync("lock-riding-claim");
        var (storage, keys, db) = Setup(redis);
        var id = HangfireJobs.CreateOccurrenceJob(storage);
        using var worker = storage.GetConnection();
        using var fetched = worker.FetchNextJob(["default"], CancellationToken.None);

        worker.AcquireDistributedLock($"job:{id}:state-lock", NoWait).Dispose();
        await db.PingAsync();
        Assert.True(await db.KeyExistsAsync(keys.StateLock(id)), "the release was sent on its own, not left to the claim");

        var release = LocksOf(storage).TakeRelease(id);
        Assert.NotNull(release);
        Assert.Null(LocksOf(storage).TakeRelease(id));
        // Refused (no such task): the lock goes all the same.
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var start = await store.BeginRunAsync("gone:1", id, "worker-1", "gone", lockRelease: release);
        Assert.Equal(AttemptClaim.TaskDeleted, start.Claim);
        Assert.False(await db.KeyExistsAsync(keys.StateLock(id)));
    }

    [Fact]
    public async Task A_claim_carrying_a_release_leaves_the_lock_alone_when_another_holder_has_it_since()
    {
        await using var redis = await RedisTestContext.CreateAsync("lock-riding-other");
        var (storage, keys, db) = Setup(redis);
        var id = HangfireJobs.CreateOccurrenceJob(storage);
        using var worker = storage.GetConnection();
        using var fetched = worker.FetchNextJob(["default"], CancellationToken.None);
        worker.AcquireDistributedLock($"job:{id}:state-lock", NoWait).Dispose();
        var release = LocksOf(storage).TakeRelease(id)!;
        // Expired and taken by another process meanwhile (a stall past the 30 s hold).
        await db.StringSetAsync(keys.StateLock(id), "another-process", TimeSpan.FromSeconds(30));

        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        await store.BeginRunAsync("gone:1", id, "worker-1", "gone", lockRelease: release);

        Assert.Equal("another-process", (string?)await db.StringGetAsync(keys.StateLock(id)));
    }

    [Fact]
    public async Task A_claim_repeated_after_its_release_landed_or_a_release_alone_leaves_the_lock_a_later_step_here_took()
    {
        await using var redis = await RedisTestContext.CreateAsync("lock-riding-repeat");
        var (storage, keys, db) = Setup(redis);
        var id = HangfireJobs.CreateOccurrenceJob(storage);
        using var worker = storage.GetConnection();
        using var fetched = worker.FetchNextJob(["default"], CancellationToken.None);
        worker.AcquireDistributedLock($"job:{id}:state-lock", NoWait).Dispose();
        var release = LocksOf(storage).TakeRelease(id)!;
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        // The claim lands and its reply is lost: Bookkeeping repeats it, the release with it (same claim token).
        await store.BeginRunAsync("gone:1", id, "worker-1", "gone", claimToken: "repeated", lockRelease: release);
        // Meanwhile another step of the same job in this process takes the lock (a state change on another thread).
        using var later = await Task.Run(() => worker.AcquireDistributedLock($"job:{id}:state-lock", NoWait));

        await store.BeginRunAsync("gone:1", id, "worker-1", "gone", claimToken: "repeated", lockRelease: release);
        Assert.True(await db.KeyExistsAsync(keys.StateLock(id)), "the repeated claim released the lock a later holder of this process took");
        // A claim that failed after it landed releases the lock alone as well: that must not free the later holder's either.
        LocksOf(storage).ReleaseAlone(release);
        await db.PingAsync();
        Assert.True(await db.KeyExistsAsync(keys.StateLock(id)), "the release alone freed the lock a later holder of this process took");
    }

    [Fact]
    public async Task A_deferred_release_goes_first_when_this_process_takes_the_same_lock_again_or_settles_the_fetch()
    {
        await using var redis = await RedisTestContext.CreateAsync("lock-riding-flush");
        var (storage, keys, db) = Setup(redis);
        var id = HangfireJobs.CreateOccurrenceJob(storage);
        using var worker = storage.GetConnection();
        var fetched = worker.FetchNextJob(["default"], CancellationToken.None);
        worker.AcquireDistributedLock($"job:{id}:state-lock", NoWait).Dispose();

        // The next state change of the job here, on another thread and with no wait allowed: the deferred release goes first.
        await Task.Run(() => worker.AcquireDistributedLock($"job:{id}:state-lock", NoWait).Dispose());
        Assert.True(await db.KeyExistsAsync(keys.StateLock(id)), "the second release was not deferred");

        fetched.RemoveFromQueue();
        await db.PingAsync();
        Assert.False(await db.KeyExistsAsync(keys.StateLock(id)), "settling the fetch left the lock held");
        Assert.Null(LocksOf(storage).TakeRelease(id));
        fetched.Dispose();
    }

    [Fact]
    public async Task A_release_no_step_carries_goes_on_its_own_and_a_job_not_fetched_here_is_released_at_once()
    {
        await using var redis = await RedisTestContext.CreateAsync("lock-riding-alone");
        var (storage, keys, db) = Setup(redis);
        var fetchedId = HangfireJobs.CreateOccurrenceJob(storage);
        var otherId = HangfireJobs.CreateOccurrenceJob(storage);
        using var worker = storage.GetConnection();
        using var fetched = worker.FetchNextJob(["default"], CancellationToken.None);
        Assert.Equal(fetchedId, fetched.JobId);
        // Its change to Processing, on the fetching thread (which adopts the lock the fetch took).
        var processing = worker.AcquireDistributedLock($"job:{fetchedId}:state-lock", NoWait);

        worker.AcquireDistributedLock($"job:{otherId}:state-lock", NoWait).Dispose();
        await db.PingAsync();
        Assert.False(await db.KeyExistsAsync(keys.StateLock(otherId)), "a job not fetched here kept its lock");

        processing.Dispose();
        await Eventually.WaitAsync(async () => !await db.KeyExistsAsync(keys.StateLock(fetchedId)), GiveBackBound, "the deferred release on its own");
        Assert.Null(LocksOf(storage).TakeRelease(fetchedId));
    }

    private static (JobStorage Storage, HangfireKeys Keys, IDatabase Db) Setup(RedisTestContext redis) =>
        (new HangfireJobs(redis).Storage, new HangfireKeys(redis.HangfirePrefix), redis.Redis.GetDatabase());

    private static StateLocksAhead LocksOf(JobStorage storage) => ((SchedulerRedisStorage)storage).LocksAhead;
}
