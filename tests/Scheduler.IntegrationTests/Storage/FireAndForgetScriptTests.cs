using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;

namespace Scheduler.IntegrationTests.Storage;

/// <summary>
/// The worker's scripts it does not wait for (a job's state-lock release, its acknowledge) still run after Redis
/// flushed its script cache: sent fire-and-forget, StackExchange.Redis never resent them with their body, so every
/// release was dropped from then on and each job's next state change waited out its lock (30 s). A private Redis: a
/// flush of the shared one's cache would reach every test running beside.
/// </summary>
public sealed class FireAndForgetScriptTests
{
    [Fact]
    public async Task A_state_lock_released_after_redis_flushed_its_script_cache_is_free_at_once()
    {
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("unawaited-lock", server.ConnectionString);
        var db = redis.Redis.GetDatabase();
        var key = redis.KeyPrefix + "job:1:state-lock";
        // The first release loads the script: from then on the client sends it by its SHA.
        HangfireRedisLock.Acquire(db, key, TimeSpan.FromSeconds(1)).Dispose();
        await Eventually.WaitAsync(() => db.KeyExistsAsync(key), exists => !exists, TimeSpan.FromSeconds(5), "the first release");

        await redis.Redis.GetServers().Single().ScriptFlushAsync();
        HangfireRedisLock.Acquire(db, key, TimeSpan.FromSeconds(1)).Dispose();

        await Eventually.WaitAsync(() => db.KeyExistsAsync(key), exists => !exists, TimeSpan.FromSeconds(5), "the release sent after the flush");
        // And the next holder takes it at once, not after the 30 s hold.
        using var next = HangfireRedisLock.Acquire(db, key, TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Tasks_run_after_redis_flushed_its_script_cache_finish_and_leave_no_lock_or_fetched_entry()
    {
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("unawaited-flow", server.ConnectionString);
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var first = await client.ScheduleAsync(new NotificationTask("before"), "in 1 second");
        await Eventually.WaitAsync(() => client.GetAsync(first.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(30), "the run before");

        await redis.Redis.GetServers().Single().ScriptFlushAsync();
        var after = new List<string>();
        for (var i = 0; i < 3; i++) after.Add((await client.ScheduleAsync(new NotificationTask($"after {i}"), "in 1 second")).Id);

        // Well under the 30 s a lock left behind holds a job's next state change.
        foreach (var id in after)
            await Eventually.WaitAsync(() => client.GetAsync(id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(20), $"run of {id}");
        // Each run's notification event went out with its outcome, once.
        var events = await redis.Redis.GetDatabase().StreamRangeAsync(new Contracts.Storage.RedisKeys(redis.KeyPrefix).Events);
        foreach (var id in after)
            Assert.Single(events, e => e["type"] == Worker.Notifications.NotificationHandler.EventType && e["taskId"] == id);
        var server0 = redis.Redis.GetServers().Single();
        var db = redis.Redis.GetDatabase();
        await Eventually.WaitAsync(() => Task.FromResult(!server0.Keys(pattern: redis.HangfirePrefix.Replace("{", "\\{").Replace("}", "\\}") + "*lock*").Any()),
            TimeSpan.FromSeconds(10), "no job lock left");
        await Eventually.WaitAsync(async () => await db.ListLengthAsync(redis.HangfirePrefix + "queue:default:dequeued") == 0,
            TimeSpan.FromSeconds(10), "no fetched entry left");
    }
}
