using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Lifecycle;

/// <summary>
/// Waiting for a run whose task is deleted and then created again under the same id: the new task never records the
/// old run, so the wait answers null at once instead of waiting on the new task's runs to its timeout.
/// </summary>
public sealed class WaitForDeletedRunTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_wait_on_a_run_id_ends_with_null_when_its_task_is_deleted_and_created_again_under_the_same_id()
    {
        await using var redis = await RedisTestContext.CreateAsync("wait-run-recreated");
        var client = redis.CreateClient();
        var options = new ScheduleOptions { Id = "digest" };
        await client.ScheduleAsync(new NotificationTask("old"), "in 1 hour", options);
        // No Beat: the run asked for stays a request, and the wait on it goes on.
        var runId = await client.TriggerNowAsync("digest");
        using var stop = new CancellationTokenSource(Patience);
        var waiting = client.WaitForResultAsync("digest", Timeout.InfiniteTimeSpan, runId, stop.Token);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);

        Assert.True(await client.DeleteAsync("digest"));
        await client.ScheduleAsync(new NotificationTask("new"), "in 1 hour", options);

        // Before, the wait watched the new task's runs until the token fired.
        Assert.Null(await waiting);
    }

    [Fact]
    public async Task A_wait_begun_after_the_delete_and_the_new_create_on_a_run_the_delete_stopped_answers_null_at_once()
    {
        await using var redis = await RedisTestContext.CreateAsync("wait-run-stood-down");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("wait-run-stood-down");
        var client = redis.CreateClient();
        try
        {
            var task = await client.ScheduleAsync(Runs.StopRunTests.LongRunTask(dir), "in 1 second", new ScheduleOptions { Id = "long" });
            await TaskRuns.WaitRunningAsync(client, task.Id);
            var running = Assert.Single(await client.GetRunsInProgressAsync(task.Id));
            Assert.True(await client.DeleteAsync(task.Id));
            await client.ScheduleAsync(new NotificationTask("new"), "in 1 hour", new ScheduleOptions { Id = "long" });

            using var stop = new CancellationTokenSource(Patience);
            Assert.Null(await client.WaitForResultAsync(task.Id, Timeout.InfiniteTimeSpan, running.RunId, stop.Token));
        }
        finally
        {
            await Runs.StopRunTests.KillRecordedAsync(dir);
        }
    }
}
