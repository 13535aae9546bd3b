using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Identity;

/// <summary>
/// A create retried after a timeout whose first try was applied (issue 14's soak: a Redis stall, the one-shot ran and
/// ended, then the retry landed): with its idempotency key the retry returns the stored task whatever its state; with
/// an id alone the ended id is scheduled anew (issue 21's rule), which is why a retried create needs the key.
/// </summary>
public sealed class IdempotentRetryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_create_retried_with_its_idempotency_key_after_the_one_shot_ran_returns_it_ended_and_never_schedules_it_again()
    {
        await using var redis = await RedisTestContext.CreateAsync("id-idem-retry");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var task = new NotificationTask("once");
        var options = new ScheduleOptions { Id = "order-7", IdempotencyKey = "create-order-7" };
        await client.ScheduleAsync(task, "in 1 second", options);
        await Eventually.WaitAsync(() => client.GetAsync("order-7"), t => t!.Status == ScheduleStatus.Completed, Patience, "the one-shot to run");

        var retried = await client.ScheduleWithResultAsync(task, "in 1 second", options);
        Assert.Equal(ScheduleOutcome.AlreadyScheduled, retried.Outcome);
        Assert.Equal((ScheduleStatus.Completed, 1), (retried.Task.Status, retried.Task.RunCount));
        var batch = Assert.Single(await client.ScheduleManyAsync([(task, "in 1 second", options)]));
        Assert.Equal(ScheduleStatus.Completed, batch.Status);
        var db = redis.Redis.GetDatabase();
        Assert.Null(await db.SortedSetScoreAsync(redis.KeyPrefix + "due", "order-7"));
        Assert.Equal(ScheduleStatus.Completed, (await client.GetAsync("order-7"))!.Status);
        Assert.Single(await client.GetRunsAsync("order-7"));

        // The same request without the key is what the soak's client sent: the ended id is scheduled anew.
        var anew = await client.ScheduleWithResultAsync(task, "in 1 hour", options with { IdempotencyKey = null });
        Assert.Equal(ScheduleOutcome.Rescheduled, anew.Outcome);
    }

    [Fact]
    public async Task A_replace_with_the_same_idempotency_key_still_schedules_an_ended_id_anew()
    {
        await using var redis = await RedisTestContext.CreateAsync("id-idem-replace");
        var client = redis.CreateClient();
        var options = new ScheduleOptions { Id = "t1", IdempotencyKey = "k1" };
        await client.ScheduleAsync(new NotificationTask("hi"), "every 10 minutes", options);
        Assert.True(await client.CancelAsync("t1"));

        Assert.Equal(ScheduleOutcome.AlreadyScheduled, (await client.ScheduleWithResultAsync(new NotificationTask("hi"), "every 10 minutes", options)).Outcome);
        var replaced = await client.ScheduleWithResultAsync(new NotificationTask("hi"), "every 1 hour", options with { Replace = true });
        Assert.Equal(ScheduleOutcome.Rescheduled, replaced.Outcome);
        Assert.Equal((ScheduleStatus.Scheduled, "every 1 hour"), (replaced.Task.Status, replaced.Task.Spec));
    }
}
