using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Lifecycle;

/// <summary>
/// A one-shot moved to a new time after its run was fired (its job waits in a queue) still runs at the new time: the
/// run fired under the old time is recorded, but neither counted nor completing the task.
/// </summary>
public sealed class RescheduleFiredRunTests
{
    [Theory]
    [InlineData("reschedule")]
    [InlineData("update")]
    public async Task A_one_shot_moved_after_its_run_was_queued_runs_at_the_new_time_too(string how)
    {
        await using var redis = await RedisTestContext.CreateAsync("reschedule-fired-" + how);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new ShellTask("true"), "in 1 second");
        await InProcessSystem.FireIntoQueueAsync(redis);

        var moved = how == "reschedule"
            ? await client.RescheduleAsync(task.Id, "in 5 seconds")
            : await client.UpdateAsync(task.Id, new TaskUpdate { Spec = "in 5 seconds" });
        Assert.Equal(ScheduleStatus.Scheduled, moved!.Status);
        var newTime = moved.NextRunAt!.Value;
        await using var system = await InProcessSystem.StartAsync(redis);

        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count(x => x.IsFinal) == 2, TaskRuns.Patience, "the queued run and the run at the new time");
        Assert.All(runs, r => Assert.Equal(RunOutcome.Succeeded, r.Outcome));
        Assert.Equal(newTime, runs[0].DueAt);
        var ended = (await client.GetAsync(task.Id))!;
        Assert.Equal((ScheduleStatus.Completed, 1L), (ended.Status, ended.RunCount));
    }
}
