using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.Triggers;

/// <summary>
/// Redis that lost its last writes (a restart from an older save, a failover to a replica behind) gives out trigger
/// numbers again; a number whose run already left a ledger must not be reused, or that trigger is taken for a re-fire
/// and never runs.
/// </summary>
public sealed class TriggerCounterRollbackTests
{
    [Fact]
    public async Task A_published_event_skips_a_trigger_number_a_subscribers_run_already_carries()
    {
        await using var redis = await RedisTestContext.CreateAsync("trigger-rollback-on");
        var keys = new RedisKeys(redis.KeyPrefix);
        var client = redis.CreateClient();
        var db = redis.Redis.GetDatabase();
        await client.ScheduleAsync(new Contracts.Tasks.NotificationTask("deployed"), "on:deploy", new ScheduleOptions { Id = "a" });
        Assert.Equal("e1", (await client.PublishAsync("deploy")).TriggerId);
        // The run of e1 wrote its ledger after the outage (its outcome replayed), but the counter came back at 0.
        await db.HashSetAsync(keys.Run("a:e1"), "fired", 1);
        await db.StringSetAsync(keys.TriggerSequence, 0);

        var again = await client.PublishAsync("deploy");

        Assert.Equal("e2", again.TriggerId);
        Assert.Contains("#e2:a", (await db.SortedSetRangeByRankAsync(keys.Triggers)).Select(m => (string)m!));
    }

    [Fact]
    public async Task A_runs_fan_out_skips_a_trigger_number_a_subscribers_run_already_carries()
    {
        await using var redis = await RedisTestContext.CreateAsync("trigger-rollback-after");
        var keys = new RedisKeys(redis.KeyPrefix);
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var client = redis.CreateClient();
        var db = redis.Redis.GetDatabase();
        await client.ScheduleAsync(new Contracts.Tasks.NotificationTask("source"), "in 1 hour", new ScheduleOptions { Id = "source" });
        await client.ScheduleAsync(new Contracts.Tasks.NotificationTask("next"), "after:source:finished", new ScheduleOptions { Id = "next" });
        await db.HashSetAsync(keys.Run("next:e1"), "fired", 1);

        await SourceRuns.SucceedAsync(store, "source", "source:1700000000000");

        Assert.Equal(["#e2:next"], (await db.SortedSetRangeByRankAsync(keys.Triggers)).Select(m => (string)m!));
    }
}
