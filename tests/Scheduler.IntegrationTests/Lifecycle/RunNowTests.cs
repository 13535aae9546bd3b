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

    [Fact]
    public async Task Run_now_on_a_failed_one_shot_leaves_it_failed_while_it_fails_and_completes_it_once_it_succeeds()
    {
        await using var redis = await RedisTestContext.CreateAsync("run-now-failed");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("run-now-failed");
        var marker = dir.File("ready");
        var client = redis.CreateClient();
        var failed = Assert.Single(await TaskRuns.RunAsync(client, new ShellTask($"test -f '{marker}'", UseShell: true) { Execution = TaskRuns.Fast() }));
        Assert.Equal(ScheduleStatus.Failed, (await client.GetAsync(failed.TaskId))!.Status);

        var stillBroken = await client.WaitForResultAsync(failed.TaskId, TaskRuns.Patience, await client.TriggerNowAsync(failed.TaskId));
        Assert.Equal(RunOutcome.Failed, stillBroken!.Outcome);
        Assert.Equal(ScheduleStatus.Failed, (await client.GetAsync(failed.TaskId))!.Status);

        await File.WriteAllTextAsync(marker, "");
        var fixedRun = await client.WaitForResultAsync(failed.TaskId, TaskRuns.Patience, await client.TriggerNowAsync(failed.TaskId));
        Assert.Equal(RunOutcome.Succeeded, fixedRun!.Outcome);
        var after = (await client.GetAsync(failed.TaskId))!;
        Assert.Equal((ScheduleStatus.Completed, RunOutcome.Succeeded, 3), (after.Status, after.LastOutcome, after.RunCount));
    }

    [Fact]
    public async Task Run_now_asked_many_times_in_a_row_runs_the_task_as_many_times_each_under_its_own_run_id()
    {
        await using var redis = await RedisTestContext.CreateAsync("run-now-burst");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("often"), "every day at 3am");

        var runIds = new List<string>();
        for (var i = 0; i < 50; i++) runIds.Add((await client.TriggerNowAsync(task.Id))!);

        Assert.Equal(50, runIds.Distinct().Count());
        await using var system = await InProcessSystem.StartAsync(redis);
        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count == 50, TaskRuns.Patience, "a run per request");
        Assert.Equal(runIds.Order(), runs.Select(r => r.RunId).Order());
    }
}
