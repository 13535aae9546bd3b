using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.Storage;

/// <summary>
/// Scripts sent in a pipelined batch after Redis lost its script cache (SCRIPT FLUSH, or a restart or failover the
/// client did not notice): StackExchange.Redis sends a script it has loaded once by its SHA, and re-sends a NOSCRIPT
/// one with its body into the batch, which has gone already; the call would then wait for ever. A private Redis: a
/// flush of the shared one's cache would reach every test running beside.
/// </summary>
public sealed class ScriptCacheFlushTests
{
    // Far above what a batch of a few schedules takes: only a call that never answers reaches it.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_batch_of_schedules_written_after_redis_flushed_its_script_cache_is_stored_and_answered()
    {
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("noscript-batch", server.ConnectionString);
        var client = redis.CreateClient();
        // The first batch loads the create script: from then on the client sends it by its SHA.
        await client.ScheduleManyAsync(Items("before", 3)).WaitAsync(Hang);

        await redis.Redis.GetServers().Single().ScriptFlushAsync();
        var after = await client.ScheduleManyAsync(Items("after", 3)).WaitAsync(Hang);

        Assert.Equal(["after-0", "after-1", "after-2"], after.Select(t => t.Id));
        foreach (var task in after) Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync(task.Id))!.Status);
        // And the script is cached again: the next batch sends it by its SHA, not its body, once more.
        var (evals, shas) = await ScriptCallsAsync(redis);
        Assert.Equal(3, (await client.ScheduleManyAsync(Items("again", 3)).WaitAsync(Hang)).Count);
        Assert.Equal((evals, shas + 3), await ScriptCallsAsync(redis));
    }

    [Fact]
    public async Task A_claim_after_redis_flushed_its_script_cache_claims_the_run_once_and_returns_the_record_its_claim_left()
    {
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("noscript-claim", server.ConnectionString);
        var (client, keys) = (redis.CreateClient(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var first = await client.ScheduleAsync(new NotificationTask("first"), "every 1 hour", new ScheduleOptions { Id = "first" });
        var second = await client.ScheduleAsync(new NotificationTask("second"), "every 1 hour", new ScheduleOptions { Id = "second" });
        var third = await client.ScheduleAsync(new NotificationTask("third"), "every 1 hour", new ScheduleOptions { Id = "third" });
        string RunOf(ScheduledTask task) => $"{task.Id}:{task.NextRunAt!.Value.ToUnixTimeMilliseconds()}";
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(RunOf(first), "job-1", "worker-1", first.Id).WaitAsync(Hang)).Claim);

        await redis.Redis.GetServers().Single().ScriptFlushAsync();
        var start = await store.BeginRunAsync(RunOf(second), "job-2", "worker-1", second.Id).WaitAsync(Hang);

        Assert.Equal((AttemptClaim.Run, 1), (start.Claim, start.Attempt));
        // The record as the claim left it: marked running in the same step, with its definition.
        Assert.Equal(ScheduleStatus.Running, start.Task!.Status);
        Assert.Equal("second", ((NotificationTask)start.Task.Task).Message);
        // The try that met NOSCRIPT ran nothing: the attempt is counted once.
        Assert.Equal("1", (string?)await redis.Redis.GetDatabase().HashGetAsync(keys.Run(RunOf(second)), "attempts"));
        // And the script is cached again: the next claim goes by its SHA.
        var (evals, shas) = await ScriptCallsAsync(redis);
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(RunOf(third), "job-3", "worker-1", third.Id).WaitAsync(Hang)).Claim);
        Assert.Equal((evals, shas + 1), await ScriptCallsAsync(redis));
    }

    private static Task<(long Eval, long EvalSha)> ScriptCallsAsync(RedisTestContext redis)
    {
        var server = redis.Redis.GetServers().Single();
        return Task.FromResult((RedisCommandStats.Calls(server, "eval"), RedisCommandStats.Calls(server, "evalsha")));
    }

    private static List<(TaskDefinition, string, ScheduleOptions?)> Items(string prefix, int n) =>
        [.. Enumerable.Range(0, n).Select(i => ((TaskDefinition)new NotificationTask(prefix), "every 1 hour", (ScheduleOptions?)new ScheduleOptions { Id = $"{prefix}-{i}" }))];
}
