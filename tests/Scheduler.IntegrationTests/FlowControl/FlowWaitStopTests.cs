using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.FlowControl;

/// <summary>A stop reaches a run waiting at a flow gate: it is named as stopped, and when its turn comes it is recorded cancelled without running.</summary>
public sealed class FlowWaitStopTests
{
    [Fact]
    public async Task Stopping_a_task_whose_run_waits_for_a_concurrency_slot_stops_that_run_before_it_starts()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-wait-stop");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("flow-wait-stop");
        var client = redis.CreateClient();
        var one = new ScheduleOptions { Concurrency = new ConcurrencyLimit("blk", 1) };
        var blocker = await client.ScheduleAsync(new ShellTask("sleep", ["4"]) { Execution = TaskRuns.Fast() }, "in 1 second", one);
        await TaskRuns.WaitRunningAsync(client, blocker.Id);
        var waiter = await client.ScheduleAsync(new ShellTask("touch", [dir.File("ran")]) { Execution = TaskRuns.Fast() }, "every 1 hour starting now", one);
        await Eventually.WaitAsync(() => client.GetAsync(waiter.Id), t => t!.Waiting is not null, TaskRuns.Patience, "the waiter's run to wait for the slot");

        var stopped = Assert.Single((await client.As("olga").StopRunsAsync(waiter.Id))!);

        var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, waiter.Id, TimeSpan.FromSeconds(30)));
        Assert.Equal((stopped, RunOutcome.Cancelled), (run.RunId, run.Outcome));
        Assert.Contains("stopped by olga", run.Error);
        Assert.False(File.Exists(dir.File("ran")), "the stopped run's command ran");
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync(waiter.Id))!.Status);
    }
}
