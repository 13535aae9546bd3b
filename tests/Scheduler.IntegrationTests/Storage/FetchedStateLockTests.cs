using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;

namespace Scheduler.IntegrationTests.Storage;

/// <summary>
/// A worker's fetch takes the fetched job's state lock and reads the job in the same script (<see cref="JobPrefetches"/>),
/// against a real Redis: the job's change to Processing adopts both instead of asking again, a job handed back before that
/// change gives its lock back, and a lock another holder keeps is left to it.
/// </summary>
public sealed class FetchedStateLockTests
{
    [Fact]
    public async Task The_change_to_processing_adopts_the_state_lock_and_read_its_fetch_took_without_asking_again()
    {
        // A private Redis: its command counts are this test's alone.
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("hf-fetch-lock", server.ConnectionString);
        var storage = new HangfireJobs(redis).Storage;
        var (keys, db) = (new HangfireKeys(redis.HangfirePrefix), redis.Redis.GetDatabase());
        var jobId = HangfireJobs.CreateOccurrenceJob(storage);
        var redisServer = redis.Redis.GetServers().Single();
        long Calls(string command) => RedisCommandStats.Calls(redisServer, command);

        await Task.Factory.StartNew(() =>
        {
            using var connection = storage.GetConnection();
            using var fetched = connection.FetchNextJob(["default"], CancellationToken.None);
            Assert.Equal(jobId, fetched.JobId);
            var owner = (string?)db.StringGet(keys.StateLock(jobId));
            Assert.False(string.IsNullOrEmpty(owner), "the fetch took the job's state lock");
            // Held shorter than a state change's lock until adopted: a worker killed now leaves it to lapse soon.
            Assert.InRange(db.KeyTimeToLive(keys.StateLock(jobId))!.Value, TimeSpan.FromSeconds(1), JobPrefetches.FetchLockHold);
            var (sets, reads) = (Calls("set"), Calls("hgetall"));

            var applied = new BackgroundJobStateChanger(new JobFilterCollection()).ChangeState(new Hangfire.States.StateChangeContext(
                storage, connection, jobId, HangfireJobs.NewProcessingState("server-1", "worker-1"), EnqueuedState.StateName));

            Assert.Equal(ProcessingState.StateName, applied?.Name);
            Assert.Equal((sets, reads), (Calls("set"), Calls("hgetall")));
            Assert.Equal(ProcessingState.StateName, (string?)db.HashGet(keys.Job(jobId), "State"));
            fetched.RemoveFromQueue();
        }, TaskCreationOptions.LongRunning);
        // Its release waited for the job's next step, then went by itself: the key does not wait for its expiry.
        await Eventually.WaitAsync(async () => !await db.KeyExistsAsync(keys.StateLock(jobId)), TaskRuns.Patience, "the state lock released");
    }

    [Fact]
    public async Task Only_the_fetching_thread_adopts_the_lock_its_fetch_took_and_any_other_taker_here_waits_for_its_release()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-fetch-lock-thread");
        var storage = new HangfireJobs(redis).Storage;
        var (keys, db) = (new HangfireKeys(redis.HangfirePrefix), redis.Redis.GetDatabase());
        var jobId = HangfireJobs.CreateOccurrenceJob(storage);
        var fetchedHere = new TaskCompletionSource();
        var handBack = new TaskCompletionSource();
        var fetching = Task.Factory.StartNew(() =>
        {
            using var connection = storage.GetConnection();
            using var fetched = connection.FetchNextJob(["default"], CancellationToken.None);
            fetchedHere.SetResult();
            handBack.Task.Wait();
            fetched.Requeue();
        }, TaskCreationOptions.LongRunning);
        await fetchedHere.Task;

        // Another thread of this process (a batch of completions, a client) asks for the job's lock: it is not handed the
        // fetch's lock and read, which belong to the fetching thread's change to Processing; it waits as for another holder.
        using var other = storage.GetConnection();
        var waiting = Task.Run(() => other.AcquireDistributedLock($"job:{jobId}:state-lock", TimeSpan.FromSeconds(20)));
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "another thread took over the lock the fetch took");
        handBack.SetResult();
        await fetching.WaitAsync(TaskRuns.Patience);
        using (await waiting.WaitAsync(TaskRuns.Patience))
            Assert.True(await db.KeyExistsAsync(keys.StateLock(jobId)));
    }

    [Fact]
    public async Task A_job_handed_back_before_its_state_change_gives_back_the_lock_its_fetch_took_and_a_lock_another_holds_stays_theirs()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-fetch-lock-back");
        var storage = new HangfireJobs(redis).Storage;
        var (keys, db) = (new HangfireKeys(redis.HangfirePrefix), redis.Redis.GetDatabase());
        var mine = HangfireJobs.CreateOccurrenceJob(storage);

        await Task.Factory.StartNew(() =>
        {
            using var connection = storage.GetConnection();
            using (var fetched = connection.FetchNextJob(["default"], CancellationToken.None))
            {
                Assert.Equal(mine, fetched.JobId);
                Assert.True(db.KeyExists(keys.StateLock(mine)));
                fetched.Requeue();
            }
            Assert.False(db.KeyExists(keys.StateLock(mine)), "the lock went back with the job");
            Assert.Equal([mine], db.ListRange(keys.Queue("default")).Select(v => (string)v!));

            // Another holder keeps the lock: the fetch takes the job, not the lock, and leaves it.
            db.StringSet(keys.StateLock(mine), "another-holder", TimeSpan.FromMinutes(1));
            using (var fetched = connection.FetchNextJob(["default"], CancellationToken.None))
            {
                Assert.Equal(mine, fetched.JobId);
                fetched.Requeue();
            }
            Assert.Equal("another-holder", (string?)db.StringGet(keys.StateLock(mine)));
        }, TaskCreationOptions.LongRunning);
    }
}
