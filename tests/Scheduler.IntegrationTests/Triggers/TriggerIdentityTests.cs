using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Triggers;

/// <summary>Trigger subscriptions under the id semantics: replace, schedule anew and permanent delete.</summary>
public sealed class TriggerIdentityTests
{
    [Fact]
    public async Task Replacing_a_trigger_task_moves_its_subscription_and_deleting_it_leaves_no_subscriber_entry()
    {
        await using var redis = await RedisTestContext.CreateAsync("trigger-identity");
        var client = redis.CreateClient();
        var db = redis.Redis.GetDatabase();
        var created = await client.ScheduleWithResultAsync(new NotificationTask("a"), "on:deploy", new ScheduleOptions { Id = "a" });
        Assert.Equal(ScheduleOutcome.Created, created.Outcome);
        Assert.True(await db.SetContainsAsync(redis.KeyPrefix + "subs:on:deploy", "a"));

        var same = await client.ScheduleWithResultAsync(new NotificationTask("a"), "on:deploy", new ScheduleOptions { Id = "a" });
        Assert.Equal(ScheduleOutcome.AlreadyScheduled, same.Outcome);
        await Assert.ThrowsAsync<ScheduleConflictException>(() =>
            client.ScheduleWithResultAsync(new NotificationTask("a"), "on:release", new ScheduleOptions { Id = "a" }));

        var replaced = await client.ScheduleWithResultAsync(new NotificationTask("a"), "on:release", new ScheduleOptions { Id = "a", Replace = true });
        Assert.Equal(ScheduleOutcome.Replaced, replaced.Outcome);
        Assert.Empty((await client.PublishAsync("deploy")).TaskIds);
        Assert.Equal(["a"], (await client.PublishAsync("release")).TaskIds);

        // From a clock spec to a trigger by replace: out of the due index, into the subscriber set.
        await client.ScheduleAsync(new NotificationTask("b"), "every 5 minutes", new ScheduleOptions { Id = "b" });
        await client.ScheduleWithResultAsync(new NotificationTask("b"), "after:a", new ScheduleOptions { Id = "b", Replace = true });
        Assert.Null(await db.SortedSetScoreAsync(redis.KeyPrefix + "due", "b"));
        Assert.Null((await client.GetAsync("b"))!.NextRunAt);
        Assert.True(await db.SetContainsAsync(redis.KeyPrefix + "subs:after:a", "b"));

        // A cycle is refused on the path that reports the outcome too.
        await Assert.ThrowsAsync<ScheduleSpecException>(() =>
            client.ScheduleWithResultAsync(new NotificationTask("a"), "after:b", new ScheduleOptions { Id = "a", Replace = true }));

        Assert.True(await client.DeleteAsync("a"));
        Assert.False(await db.SetContainsAsync(redis.KeyPrefix + "subs:on:release", "a"));
        Assert.Empty((await client.PublishAsync("release")).TaskIds);
    }
}
