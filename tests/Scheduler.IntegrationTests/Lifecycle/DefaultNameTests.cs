using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Lifecycle;

/// <summary>
/// A task scheduled without a name is called after its type and spec; a new spec or task must rename it, or `list`
/// shows "notification: every 10s" beside a schedule of every 2 hours.
/// </summary>
public sealed class DefaultNameTests
{
    [Fact]
    public async Task A_default_name_follows_a_reschedule_and_an_update_of_the_spec()
    {
        await using var redis = await RedisTestContext.CreateAsync("default-name");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("x"), "every 10s");
        Assert.Equal("notification: every 10s", task.Name);

        Assert.Equal("notification: every 2 hours", (await client.RescheduleAsync(task.Id, "every 2 hours"))!.Name);
        Assert.Equal("notification: every 3 hours", (await client.UpdateAsync(task.Id, new TaskUpdate { Spec = "every 3 hours" }))!.Name);
    }

    [Fact]
    public async Task A_name_that_was_given_stays_through_a_reschedule()
    {
        await using var redis = await RedisTestContext.CreateAsync("given-name");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("x"), "every 10s", new ScheduleOptions { Name = "digest" });
        Assert.Equal("digest", (await client.RescheduleAsync(task.Id, "every 2 hours"))!.Name);

        var renamed = await client.ScheduleAsync(new NotificationTask("y"), "every 10s");
        await client.UpdateAsync(renamed.Id, new TaskUpdate { Name = "hourly" });
        Assert.Equal("hourly", (await client.RescheduleAsync(renamed.Id, "every 1 hour"))!.Name);
    }
}
