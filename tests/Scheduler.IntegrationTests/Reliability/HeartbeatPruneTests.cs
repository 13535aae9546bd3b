using Scheduler.Contracts.Storage;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>A process killed without stopping leaves its heartbeat behind; live processes remove it once it is old.</summary>
public sealed class HeartbeatPruneTests
{
    [Fact]
    public async Task A_heartbeat_older_than_an_hour_is_removed_by_a_live_process_and_a_recent_one_is_kept()
    {
        await using var redis = await RedisTestContext.CreateAsync("heartbeat-prune");
        var keys = new RedisKeys(redis.KeyPrefix);
        var db = redis.Redis.GetDatabase();
        var now = DateTimeOffset.UtcNow;
        await db.SortedSetAddAsync(keys.Heartbeats, "worker:killed-yesterday", now.AddHours(-2).ToUnixTimeMilliseconds());
        await db.SortedSetAddAsync(keys.Heartbeats, "worker:killed-a-minute-ago", now.AddMinutes(-1).ToUnixTimeMilliseconds());

        await using var system = await InProcessSystem.StartAsync(redis);

        await Eventually.WaitAsync(async () => await db.SortedSetScoreAsync(keys.Heartbeats, "worker:killed-yesterday") is null,
            TimeSpan.FromSeconds(20), "the old heartbeat to be removed");
        Assert.NotNull(await db.SortedSetScoreAsync(keys.Heartbeats, "worker:killed-a-minute-ago"));
        Assert.True(await db.SortedSetLengthAsync(keys.Heartbeats) >= 2, "a live process's own heartbeat beside the recent one");
    }
}
