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

    [Fact]
    public async Task A_waiting_run_whose_Hangfire_job_is_deleted_gives_up_its_place_and_the_run_behind_it_goes_when_the_slot_frees()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-wait-deleted");
        await using var system = await InProcessSystem.StartAsync(redis, settings: new Dictionary<string, string?>
        {
            ["Scheduler:Beat:ReconcileAfter"] = "00:00:01", ["Scheduler:Beat:OrphanCheckInterval"] = "00:00:01",
        });
        using var dir = TestPaths.CreateTempDirectory("flow-wait-deleted");
        var client = redis.CreateClient();
        var one = new ScheduleOptions { Concurrency = new ConcurrencyLimit("blk", 1) };
        var blocker = await client.ScheduleAsync(new ShellTask("sleep", ["3"]) { Execution = TaskRuns.Fast() }, "in 1 second", one);
        await TaskRuns.WaitRunningAsync(client, blocker.Id);
        var deleted = await client.ScheduleAsync(new ShellTask("touch", [dir.File("deleted-ran")]) { Execution = TaskRuns.Fast() }, "in 1 second", one);
        await Eventually.WaitAsync(() => client.GetAsync(deleted.Id), t => t!.Waiting is not null, TaskRuns.Patience, "the first waiter to wait for the slot");
        var behind = await client.ScheduleAsync(new ShellTask("touch", [dir.File("behind-ran")]) { Execution = TaskRuns.Fast() }, "in 1 second", one);
        await Eventually.WaitAsync(() => client.GetAsync(behind.Id), t => t!.Waiting is not null, TaskRuns.Patience, "the second waiter to wait behind it");
        var waiting = await redis.Redis.GetDatabase().HashGetAllAsync(new Scheduler.Contracts.Storage.RedisKeys(redis.KeyPrefix).FlowWaiting);
        var jobId = waiting.Single(e => ((string)e.Name!).StartsWith(deleted.Id + ":", StringComparison.Ordinal)).Value.ToString().Split('|')[3];

        // As Hangfire's dashboard deletes a job.
        Assert.True(Hangfire.BackgroundJobClientExtensions.Delete(new Hangfire.BackgroundJobClient(new HangfireJobs(redis).Storage), jobId));

        // Its place would otherwise hold the line until it turned stale (3 min), the run behind it woken by nobody.
        await Eventually.WaitAsync(() => Task.FromResult(File.Exists(dir.File("behind-ran"))), ran => ran, TimeSpan.FromSeconds(60),
            "the run behind the deleted one to run once the blocker ended");
        var stopped = Assert.Single(await TaskRuns.UntilFinalAsync(client, deleted.Id));
        Assert.Equal(RunOutcome.Cancelled, stopped.Outcome);
        Assert.False(File.Exists(dir.File("deleted-ran")), "the deleted run's command ran");
    }
}
