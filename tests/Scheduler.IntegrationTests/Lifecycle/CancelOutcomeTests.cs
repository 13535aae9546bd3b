using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Lifecycle;

/// <summary>
/// <c>CancelWithResultAsync</c> says what a cancel did instead of throwing, as Celery's revoke and Hangfire's delete of a
/// finished job are quiet; <c>CancelAsync</c> keeps its documented answers for the callers written against them.
/// </summary>
public sealed class CancelOutcomeTests
{
    [Fact]
    public async Task Cancelling_a_task_that_already_ended_answers_already_ended_with_how_it_ended_and_writes_nothing()
    {
        await using var redis = await RedisTestContext.CreateAsync("cancel-outcome");
        var client = redis.CreateClient(verifyWorkers: false);
        await client.ScheduleAsync(new NotificationTask("x"), "every 10 minutes", new ScheduleOptions { Id = "live" });

        Assert.Equal(new CancelResult("live", CancelOutcome.Cancelled, ScheduleStatus.Scheduled), await client.CancelWithResultAsync("live"));
        var cancelledAt = (await client.GetAsync("live"))!.ChangedAt;
        Assert.Equal(new CancelResult("live", CancelOutcome.AlreadyEnded, ScheduleStatus.Cancelled), await client.CancelWithResultAsync("live"));
        Assert.Equal(cancelledAt, (await client.GetAsync("live"))!.ChangedAt);
        Assert.Equal(new CancelResult("nope", CancelOutcome.NotFound, null), await client.CancelWithResultAsync("nope"));

        var thrown = await Assert.ThrowsAsync<InvalidTransitionException>(() => client.CancelAsync("live"));
        Assert.Equal(ScheduleStatus.Cancelled, thrown.Current);
        Assert.False(await client.CancelAsync("nope"));
    }
}
