using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;

namespace Scheduler.IntegrationTests.FlowControl;

/// <summary>A high run jumps its queue; a low one waits in a lane workers take from last (issue 18).</summary>
public sealed class PriorityLaneTests
{
    [Fact]
    public async Task A_high_priority_occurrence_starts_before_normal_ones_waiting_longer_and_low_ones_start_last()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-priority");
        var client = redis.CreateClient();
        var db = redis.Redis.GetDatabase();
        var hangfire = new HangfireKeys(redis.HangfirePrefix);
        var fast = TaskRuns.Fast();
        var low = await client.ScheduleAsync(new NotificationTask("low") { Execution = fast }, "in 1 second", new ScheduleOptions { Priority = TaskPriority.Low });
        var normal = new List<string>();
        for (var i = 0; i < 5; i++) normal.Add((await client.ScheduleAsync(new NotificationTask($"normal {i}") { Execution = fast }, "in 1 second")).Id);
        // Fired into their lanes while no worker runs; the high one is fired last.
        await using (await InProcessSystem.StartAsync(redis, beats: 1, workers: 0))
        {
            await Eventually.WaitAsync(() => db.ListLengthAsync(hangfire.Queue("default")), n => n == 5, TaskRuns.Patience, "the normal ones in queue default");
            await client.ScheduleAsync(new NotificationTask("high") { Execution = fast }, "in 1 second", new ScheduleOptions { Id = "high", Priority = TaskPriority.High });
            await Eventually.WaitAsync(() => db.ListLengthAsync(hangfire.Queue("default")), n => n == 6, TaskRuns.Patience, "the high one in queue default");
            Assert.Equal(1, await db.ListLengthAsync(hangfire.Queue("default-low")));
        }

        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, new Dictionary<string, string?> { ["Scheduler:Worker:WorkerCount"] = "1" });
        var high = (await TaskRuns.UntilFinalAsync(client, "high"))[0];
        var normals = new List<TaskRun>();
        foreach (var id in normal) normals.Add((await TaskRuns.UntilFinalAsync(client, id))[0]);
        var lowRun = (await TaskRuns.UntilFinalAsync(client, low.Id))[0];
        Assert.All(normals, n => Assert.True(high.StartedAt < n.StartedAt, $"normal {n.TaskId} started {n.StartedAt:O}, before high {high.StartedAt:O}"));
        Assert.All(normals, n => Assert.True(n.StartedAt < lowRun.StartedAt, $"low started {lowRun.StartedAt:O}, before normal {n.TaskId} {n.StartedAt:O}"));
    }
}
