using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Lifecycle;

/// <summary>"Run now" runs a task once beside its schedule, which it leaves as it was: a one-shot's own run stays due.</summary>
public sealed class RunNowTests
{
    [Fact]
    public async Task Run_now_on_a_pending_one_shot_leaves_it_scheduled_with_its_own_run_still_due()
    {
        await using var redis = await RedisTestContext.CreateAsync("run-now-one-shot");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("later"), "in 1 hour");

        var runId = await client.TriggerNowAsync(task.Id);
        var result = await client.WaitForResultAsync(task.Id, TaskRuns.Patience, runId);

        Assert.Equal(RunOutcome.Succeeded, result!.Outcome);
        var after = (await client.GetAsync(task.Id))!;
        Assert.Equal((ScheduleStatus.Scheduled, task.NextRunAt, 1), (after.Status, after.NextRunAt, after.RunCount));
        var due = await redis.Redis.GetDatabase().SortedSetScoreAsync(redis.KeyPrefix + "due", task.Id);
        Assert.Equal(task.NextRunAt!.Value.ToUnixTimeMilliseconds(), (long?)due);
    }
}
