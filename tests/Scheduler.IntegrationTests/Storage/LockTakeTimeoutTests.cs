using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Storage;

/// <summary>
/// A state lock's take whose answer never came (the client timed out while Redis was held up) but which Redis ran after
/// all is given back: the lock is not left held by no one for its 30 s hold, during which every state change of the job
/// would wait. A private Redis: CLIENT PAUSE holds every client of the server.
/// </summary>
public sealed class LockTakeTimeoutTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_take_that_timed_out_but_ran_leaves_the_lock_free_once_redis_goes_on(bool withTheJobsRead)
    {
        await using var server = await PrivateRedis.StartAsync();
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        await using var impatient = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + RedisWriteHold.Impatient);
        var db = impatient.GetDatabase();
        const string key = "job:1:state-lock";
        await RedisWriteHold.StartAsync(admin);

        Assert.ThrowsAny<RedisTimeoutException>(() => withTheJobsRead
            ? HangfireRedisLock.Acquire(db, key, TimeSpan.FromSeconds(1), "job:1", out _)
            : HangfireRedisLock.Acquire(db, key, TimeSpan.FromSeconds(1)));

        // The take ran, and whatever was sent behind it on its connection.
        await RedisWriteHold.OverAsync(admin, impatient);
        var admins = admin.GetDatabase();
        Assert.False(await admins.KeyExistsAsync(key), "the lock the unanswered take got is still held");
        Assert.True(await admins.StringSetAsync(key, "next holder", TimeSpan.FromSeconds(30), When.NotExists));
    }
}
