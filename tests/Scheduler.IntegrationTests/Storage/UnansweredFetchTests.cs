using Hangfire;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Storage;

/// <summary>
/// A fetch whose answer never came (the client timed out while Redis was held up) but which Redis ran after all puts
/// the job it took back in its queue, found by the state lock it took, instead of leaving it in the fetched list without
/// a fetch time until Beat's stranded-fetch sweep: a thread's own fetch (which then looks again and takes it), and one
/// sent ahead behind a job's last write. A private Redis: CLIENT PAUSE holds every client of the server.
/// </summary>
public sealed class UnansweredFetchTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_threads_fetch_that_timed_out_but_ran_puts_its_job_back_and_the_thread_takes_it_once_redis_answers()
    {
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("unanswered-fetch", server.ConnectionString + RedisWriteHold.Impatient);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var storage = new HangfireJobs(redis).Storage;
        var keys = new HangfireKeys(redis.HangfirePrefix);
        var db = admin.GetDatabase();
        var job = HangfireJobs.CreateOccurrenceJob(storage);

        await RedisWriteHold.StartAsync(admin);
        using var connection = storage.GetConnection();
        // Its looks time out while Redis holds them (each runs later, and puts back what it took), and it looks again
        // rather than failing (Hangfire would rest the thread for seconds); the look after the hold takes the job.
        var fetching = Task.Factory.StartNew(() => connection.FetchNextJob(["default"], CancellationToken.None), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(fetching.IsCompleted, "the fetch ended while Redis held every write");
        await RedisWriteHold.OverAsync(admin, redis.Redis);
        using var fetched = await fetching.WaitAsync(Bound);

        Assert.Equal(job, fetched.JobId);
        Assert.Empty(await db.ListRangeAsync(keys.Queue("default")));
        Assert.Equal([job], (await db.ListRangeAsync(keys.Fetched("default"))).Select(v => (string)v!));
        fetched.RemoveFromQueue();
        await Eventually.WaitAsync(() => db.ListLengthAsync(keys.Fetched("default")), n => n == 0, Bound, "the acknowledged job out of the fetched list");
    }

    [Fact]
    public async Task A_fetch_sent_ahead_that_timed_out_but_ran_puts_its_job_back_in_the_queue()
    {
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("unanswered-ahead", server.ConnectionString + RedisWriteHold.Impatient);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var storage = new HangfireJobs(redis).Storage;
        var keys = new HangfireKeys(redis.HangfirePrefix);
        var jobs = Enumerable.Range(0, 2).Select(_ => HangfireJobs.CreateOccurrenceJob(storage)).ToArray();
        var prefetches = ((SchedulerRedisStorage)storage).Prefetches;

        await Task.Factory.StartNew(async () =>
        {
            using var connection = storage.GetConnection();
            using var fetched = connection.FetchNextJob(["default"], CancellationToken.None);
            Assert.Equal(jobs[0], fetched.JobId);
            await RedisWriteHold.StartAsync(admin);
            // The job's last write carries the thread's next fetch, whose answer the client stops waiting for.
            await Task.Run(() => prefetches.SendBehind(jobs[0]));
            await RedisWriteHold.OverAsync(admin, redis.Redis);
            await AssertBackInQueueAsync(admin.GetDatabase(), keys, jobs[1]);
            fetched.RemoveFromQueue();
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    private static async Task AssertBackInQueueAsync(IDatabase db, HangfireKeys keys, string job)
    {
        await Eventually.WaitAsync(async () => (await db.ListRangeAsync(keys.Queue("default"))).Any(v => v == job), Bound, "the job back in its queue");
        Assert.DoesNotContain(job, (await db.ListRangeAsync(keys.Fetched("default"))).Select(v => (string)v!));
        Assert.False(await db.KeyExistsAsync(keys.StateLock(job)), "the fetch's state lock left held");
        Assert.True((await db.HashGetAsync(keys.Job(job), "Fetched")).IsNullOrEmpty);
    }
}
