using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;
using Scheduler.Worker.Execution;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Storage;

/// <summary>
/// A worker's claim refused by a full Redis: the refusal says why (OOM, not a transaction's EXECABORT, which would not),
/// so the worker waits and tries again, and nothing of the claim was written. Kept for any future claim sent in MULTI
/// (bench README, "Fifty-sixth pass"). A private Redis: its memory limit must not reach other tests.
/// </summary>
public sealed class ClaimRefusalTests
{
    [Fact]
    public async Task A_claim_refused_while_redis_is_out_of_memory_fails_as_out_of_memory_writes_nothing_and_succeeds_once_memory_is_free()
    {
        await using var server = await PrivateRedis.StartAsync("--maxmemory-policy", "noeviction");
        await using var redis = await RedisTestContext.CreateAsync("claim-oom", server.ConnectionString);
        var (client, keys) = (redis.CreateClient(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("hi"), "every 1 hour", new ScheduleOptions { Id = "full" });
        var runId = $"{task.Id}:{task.NextRunAt!.Value.ToUnixTimeMilliseconds()}";
        var admin = redis.Redis.GetServers().Single();
        var db = redis.Redis.GetDatabase();
        await admin.ExecuteAsync("CONFIG", "SET", "maxmemory", "1");

        var refused = await Assert.ThrowsAsync<RedisServerException>(() => store.BeginRunAsync(runId, "job-1", "worker-1", task.Id));

        Assert.StartsWith("OOM", refused.Message);
        Assert.True(Bookkeeping.IsTransient(refused));
        Assert.False(await db.KeyExistsAsync(keys.Run(runId)));
        await admin.ExecuteAsync("CONFIG", "SET", "maxmemory", "0");
        var start = await store.BeginRunAsync(runId, "job-1", "worker-1", task.Id);
        Assert.Equal((AttemptClaim.Run, 1, ScheduleStatus.Running), (start.Claim, start.Attempt, start.Task!.Status));
    }
}
