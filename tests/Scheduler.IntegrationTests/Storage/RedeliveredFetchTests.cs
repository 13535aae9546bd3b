using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Storage;

/// <summary>
/// A job fetched by one worker, re-queued through its state (Beat's watchdog or reconciler: the worker judged dead
/// while only slow) and fetched by another: the first delivery's end, aborted (acknowledge) or handed back as its worker
/// stops (requeue), touches only what its own fetch made, never the second delivery's fetch, and never queues the job a
/// second time. Each worker is its own process, with its own storage and clock.
/// </summary>
public sealed class RedeliveredFetchTests
{
    private static readonly DateTimeOffset FirstFetchAt = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_earlier_fetchs_acknowledge_leaves_the_fetch_of_the_job_fetched_again_alone()
    {
        await using var redis = await RedisTestContext.CreateAsync("refetch-ack");
        var (first, second, jobId) = await FetchedTwiceAsync(redis);
        var (keys, db) = (new HangfireKeys(redis.HangfirePrefix), redis.Redis.GetDatabase());
        var secondFetch = (string?)await db.HashGetAsync(keys.Job(jobId), "Fetched");

        // The first delivery ends aborted (its job no longer Processing under it): Hangfire's worker acknowledges its fetch.
        first.RemoveFromQueue();

        Assert.Equal(secondFetch, (string?)await db.HashGetAsync(keys.Job(jobId), "Fetched"));
        Assert.Contains(jobId, (await db.ListRangeAsync(keys.Fetched("default"))).Select(v => v.ToString()));
        second.RemoveFromQueue();
        Assert.True((await db.HashGetAsync(keys.Job(jobId), "Fetched")).IsNull);
    }

    [Fact]
    public async Task An_earlier_fetchs_hand_back_does_not_queue_the_job_again_while_another_fetch_holds_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("refetch-requeue");
        var (first, _, jobId) = await FetchedTwiceAsync(redis);
        var (keys, db) = (new HangfireKeys(redis.HangfirePrefix), redis.Redis.GetDatabase());
        var secondFetch = (string?)await db.HashGetAsync(keys.Job(jobId), "Fetched");

        // The first worker stops with the job's handler cut short: Hangfire's worker hands its fetch back.
        first.Requeue();

        // Queued again, the job would be fetched a third time, and that delivery's Processing would abort the second's run.
        Assert.Equal(0, await db.ListLengthAsync(keys.Queue("default")));
        Assert.Equal(secondFetch, (string?)await db.HashGetAsync(keys.Job(jobId), "Fetched"));
        Assert.Contains(jobId, (await db.ListRangeAsync(keys.Fetched("default"))).Select(v => v.ToString()));
    }

    [Fact]
    public async Task A_hand_back_of_a_job_already_queued_again_through_its_state_keeps_its_one_place_in_the_queue()
    {
        await using var redis = await RedisTestContext.CreateAsync("refetch-queued");
        var (keys, db) = (new HangfireKeys(redis.HangfirePrefix), redis.Redis.GetDatabase());
        var storage = Storage(redis, new ManualTime(FirstFetchAt));
        var jobId = HangfireJobs.CreateOccurrenceJob(storage);
        using var connection = storage.GetConnection();
        var first = connection.FetchNextJob(["default"], CancellationToken.None);
        var jobs = new BackgroundJobClient(storage);
        Assert.True(jobs.ChangeState(jobId, HangfireJobs.NewProcessingState("first-server", "first-thread"), EnqueuedState.StateName));
        Assert.True(jobs.ChangeState(jobId, new EnqueuedState("default") { Reason = "re-queued by Beat" }, null));

        first.Requeue();

        Assert.Equal([jobId], (await db.ListRangeAsync(keys.Queue("default"))).Select(v => v.ToString()));
        // Its own fetch is gone all the same: no entry for the sweep to judge.
        Assert.Equal(0, await db.ListLengthAsync(keys.Fetched("default")));
        Assert.True((await db.HashGetAsync(keys.Job(jobId), "Fetched")).IsNull);
    }

    // Fetched by a first worker and moved to Processing there; re-queued as Beat's RunRequeuer does (through the state, to
    // the queue it was fired to); fetched by a second worker 20 s later by its clock and moved to Processing there.
    private static async Task<(IFetchedJob First, IFetchedJob Second, string JobId)> FetchedTwiceAsync(RedisTestContext redis)
    {
        var firstStorage = Storage(redis, new ManualTime(FirstFetchAt));
        var secondStorage = Storage(redis, new ManualTime(FirstFetchAt.AddSeconds(20)));
        var jobId = HangfireJobs.CreateOccurrenceJob(firstStorage);
        var first = firstStorage.GetConnection().FetchNextJob(["default"], CancellationToken.None);
        var jobs = new BackgroundJobClient(firstStorage);
        Assert.True(jobs.ChangeState(jobId, HangfireJobs.NewProcessingState("first-server", "first-thread"), EnqueuedState.StateName));
        Assert.True(jobs.ChangeState(jobId, new EnqueuedState("default") { Reason = "re-queued by Beat" }, null));
        var second = secondStorage.GetConnection().FetchNextJob(["default"], CancellationToken.None);
        Assert.Equal(jobId, second.JobId);
        Assert.True(jobs.ChangeState(jobId, HangfireJobs.NewProcessingState("second-server", "second-thread"), EnqueuedState.StateName));
        // The second fetch's time is sent without waiting: read once it has landed.
        var db = redis.Redis.GetDatabase();
        var keys = new HangfireKeys(redis.HangfirePrefix);
        await Eventually.WaitAsync(async () => ((string?)await db.HashGetAsync(keys.Job(jobId), "Fetched"))?.StartsWith("2026-12-06T10:00:20") == true,
            TimeSpan.FromSeconds(10), "the second fetch's time");
        return (first, second, jobId);
    }

    private static JobStorage Storage(RedisTestContext redis, TimeProvider time) => RedisServiceCollectionExtensions.CreateHangfireStorage(redis.Redis,
        new SchedulerRedisOptions { ConnectionString = redis.ConnectionString, HangfirePrefix = redis.HangfirePrefix }, time);
}
