using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.Contracts.Triggers;
using Scheduler.Runtime.Storage;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Triggers;

/// <summary>The subscriber index and publishing against real Redis, and a Beat taking over another's reservation.</summary>
public sealed class SubscriptionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Publishing_triggers_only_active_current_subscribers_and_a_changed_spec_moves_the_subscription()
    {
        await using var redis = await RedisTestContext.CreateAsync("trigger-subs");
        var client = redis.CreateClient();
        var first = await client.ScheduleAsync(new NotificationTask("a"), "on:deploy", new ScheduleOptions { Id = "a" });
        await client.ScheduleAsync(new NotificationTask("b"), "on:deploy", new ScheduleOptions { Id = "b" });
        await client.ScheduleAsync(new NotificationTask("c"), "every 5 minutes", new ScheduleOptions { Id = "c" });
        Assert.Null(first.NextRunAt);
        Assert.Null(await redis.Redis.GetDatabase().SortedSetScoreAsync(redis.KeyPrefix + "due", "a"));

        Assert.Equal(["a", "b"], (await client.PublishAsync("deploy")).TaskIds.Order());
        await client.PauseAsync("b");
        await client.RescheduleAsync("a", "on:release");
        await client.RescheduleAsync("c", "on:deploy");
        var published = await client.PublishAsync("deploy", "{\"v\":2}");
        Assert.Equal(["c"], published.TaskIds);
        Assert.Null((await client.GetAsync("c"))!.NextRunAt);
        Assert.Null(await redis.Redis.GetDatabase().SortedSetScoreAsync(redis.KeyPrefix + "due", "c"));
        Assert.Equal(["a"], (await client.PublishAsync("release")).TaskIds);
        // The index forgot a, whose spec no longer names deploy.
        Assert.False(await redis.Redis.GetDatabase().SetContainsAsync(redis.KeyPrefix + "subs:on:deploy", "a"));
        Assert.Empty((await client.PublishAsync("nobody")).TaskIds);
        Assert.Null((await client.PublishAsync("nobody")).TriggerId);
    }

    [Fact]
    public async Task Bad_event_names_payloads_and_cycles_within_one_batch_are_refused_before_anything_is_stored()
    {
        await using var redis = await RedisTestContext.CreateAsync("trigger-refuse");
        var client = redis.CreateClient();
        var name = await Assert.ThrowsAsync<ArgumentException>(() => client.PublishAsync("two words"));
        Assert.Contains("letters, digits", name.Message);
        var payload = await Assert.ThrowsAsync<ArgumentException>(() => client.PublishAsync("ok", "{nope"));
        Assert.Contains("not JSON", payload.Message);

        var cycle = await Assert.ThrowsAsync<ScheduleSpecException>(() => client.ScheduleManyAsync(
        [
            (new NotificationTask("p"), "after:q", new ScheduleOptions { Id = "p" }),
            (new NotificationTask("q"), "after:p:finished", new ScheduleOptions { Id = "q" }),
        ]));
        Assert.Contains("p after q after p", cycle.Message);
        Assert.Null(await client.GetAsync("p"));
        Assert.Null(await client.GetAsync("q"));
    }

    [Fact]
    public async Task A_trigger_reserved_by_a_beat_that_died_is_enqueued_by_the_next_beat_and_runs_once()
    {
        await using var redis = await RedisTestContext.CreateAsync("trigger-takeover");
        var client = redis.CreateClient();
        await client.ScheduleAsync(new NotificationTask("x"), "on:go", new ScheduleOptions { Id = "x" });
        var published = await client.PublishAsync("go");
        var triggerId = published.TriggerId!;

        // What a beat that died after reserving leaves behind: the occurrence counted, the member still claimed.
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var member = TriggerRunIds.Member(triggerId, "x");
        Assert.Equal("fire", await store.Triggers.ReserveAsync(member, "x", triggerId, "fire", 0, null, TimeSpan.FromHours(1), SchedulerEvents.Fired));

        await using var system = await InProcessSystem.StartAsync(redis);
        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync("x"), r => r.Count >= 1, Patience, "the reserved trigger to run");
        Assert.Equal($"x:{triggerId}", Assert.Single(runs).RunId);
        await Eventually.WaitAsync(() => redis.Redis.GetDatabase().SortedSetLengthAsync(redis.KeyPrefix + "triggers"), n => n == 0, Patience, "the member to be removed");
        var fired = await redis.Redis.GetDatabase().HashGetAsync(redis.KeyPrefix + "task:x", "fireCount");
        Assert.Equal("1", fired.ToString());
        Assert.Single(await client.GetRunsAsync("x"));
    }

    [Fact]
    public async Task A_trigger_queued_behind_a_running_run_stops_counting_as_waiting_once_released_so_the_next_can_queue()
    {
        await using var redis = await RedisTestContext.CreateAsync("trigger-queued");
        var client = redis.CreateClient();
        await client.ScheduleAsync(new NotificationTask("q"), "on:go", new ScheduleOptions { Id = "q", Overlap = OverlapPolicy.Queue });
        var db = redis.Redis.GetDatabase();
        await db.HashSetAsync(redis.KeyPrefix + "task:q", "status", "running");
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var triggerId = (await client.PublishAsync("go")).TriggerId!;

        Assert.Equal("fire", await store.Triggers.ReserveAsync(TriggerRunIds.Member(triggerId, "q"), "q", triggerId, "queue", 0, null,
            TimeSpan.FromHours(1), SchedulerEvents.Fired));
        Assert.Equal("1", (await db.HashGetAsync(redis.KeyPrefix + "task:q", "queuedRuns")).ToString());
        await store.ReleaseQueuedRunAsync("q", TriggerRunIds.RunId("q", triggerId));

        Assert.Equal("0", (await db.HashGetAsync(redis.KeyPrefix + "task:q", "queuedRuns")).ToString());
    }

    [Fact]
    public async Task A_trigger_still_waiting_when_its_subscriber_is_rescheduled_to_another_spec_does_not_run_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("trigger-unsubscribed");
        var client = redis.CreateClient();
        await client.ScheduleAsync(new NotificationTask("moved"), "on:go", new ScheduleOptions { Id = "moved" });
        await client.ScheduleAsync(new NotificationTask("kept"), "on:go", new ScheduleOptions { Id = "kept" });
        // Published while no Beat runs: the triggers wait in the index.
        Assert.Equal(["kept", "moved"], (await client.PublishAsync("go")).TaskIds.Order());
        await client.RescheduleAsync("moved", "every 1 hour");

        await using var system = await InProcessSystem.StartAsync(redis);

        await Eventually.WaitAsync(() => client.GetRunsAsync("kept"), r => r.Count >= 1, Patience, "the subscriber that kept its spec to run");
        await Eventually.WaitAsync(() => redis.Redis.GetDatabase().SortedSetLengthAsync(redis.KeyPrefix + "triggers"), n => n == 0, Patience, "both triggers to be settled");
        Assert.Empty(await client.GetRunsAsync("moved"));
        Assert.Equal(0, (await client.GetAsync("moved"))!.RunCount);
    }
}
