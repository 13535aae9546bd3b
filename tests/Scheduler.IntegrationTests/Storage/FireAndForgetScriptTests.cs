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
}
