using Microsoft.Extensions.DependencyInjection;
using Scheduler.Beat.Firing;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.Lifecycle;

/// <summary>Raising a recurring task's max runs gives it the runs the new max allows, whenever the old one ended it.</summary>
public sealed class MaxRunsRaiseTests
{
    [Fact]
    public async Task Raising_the_max_runs_of_a_task_its_max_completed_runs_it_on_to_the_new_max_counting_on()
    {
        await using var redis = await RedisTestContext.CreateAsync("max-raise-completed");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("tick"), "every 1s", new ScheduleOptions { MaxRuns = 2 });
        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TaskRuns.Patience, "the first two runs");

        var raised = await client.UpdateAsync(task.Id, new TaskUpdate { MaxRuns = 4 });

        Assert.Equal((ScheduleStatus.Scheduled, 2L), (raised!.Status, raised.RunCount));
        Assert.NotNull(raised.NextRunAt);
        var done = await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TaskRuns.Patience, "two more runs");
        Assert.Equal(4L, done!.RunCount);
        Assert.Equal(4, (await client.GetRunsAsync(task.Id)).Count);
    }

    [Fact]
    public async Task Raising_the_max_runs_while_the_last_run_under_the_old_max_goes_on_leaves_the_task_running_on()
    {
        await using var redis = await RedisTestContext.CreateAsync("max-raise-running");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("max-raise-running");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(
            new ShellTask("echo run >> \"$1\"; sleep 3", [dir.File("runs")], UseShell: true) { Execution = TaskRuns.Fast() },
            "every 1s", new ScheduleOptions { MaxRuns = 1 });
        await TaskRuns.WaitRunningAsync(client, task.Id);

        // The worker read max runs 1 when it claimed this run; the update makes it 2 before the run is recorded.
        await client.UpdateAsync(task.Id, new TaskUpdate { MaxRuns = 2 });

        var done = await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.RunCount == 2 && t.Status == ScheduleStatus.Completed,
            TaskRuns.Patience, "the second run the raised max allows");
        Assert.Null(done!.NextRunAt);
        Assert.Equal(["run", "run"], await File.ReadAllLinesAsync(dir.File("runs")));
    }

    [Fact]
    public async Task Raising_the_max_runs_while_beat_fires_the_last_run_under_the_old_max_keeps_a_next_run_that_fires()
    {
        await using var redis = await RedisTestContext.CreateAsync("max-raise-mid-fire");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("tick"), "every 2s", new ScheduleOptions { MaxRuns = 1 });
        var due = task.NextRunAt!.Value;
        // Beat's own steps, one at a time: claim the occurrence and plan it from the record it read (max runs 1: the
        // last run, no next one) ...
        using var beat = InProcessSystem.BuildBeat(redis);
        var (store, firer) = (beat.Services.GetRequiredService<ScheduleStore>(), beat.Services.GetRequiredService<OccurrenceFirer>());
        var round = await store.ClaimRoundAsync(due, limit: 10, TimeSpan.FromSeconds(30), recordsUpTo: 10);
        Assert.Equal([task.Id], round.DueIds);
        var fire = await firer.PrepareAsync(task.Id, round.Records![0]);
        Assert.NotNull(fire);

        // ... the update raising the max lands before the fire is committed, while the occurrence is still due ...
        await client.UpdateAsync(task.Id, new TaskUpdate { MaxRuns = 3 });
        // ... and the commit, planned under the old max, must not take away the next run the new max gives.
        await firer.EnqueueAndCommitAsync(fire);

        var committed = await client.GetAsync(task.Id);
        Assert.Equal((ScheduleStatus.Scheduled, due.AddSeconds(2)), (committed!.Status, committed.NextRunAt));
        Assert.Equal(due.AddSeconds(2).ToUnixTimeMilliseconds(), await redis.Redis.GetDatabase().SortedSetScoreAsync(new RedisKeys(redis.KeyPrefix).Due, task.Id));
        await using var system = await InProcessSystem.StartAsync(redis);
        var done = await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TaskRuns.Patience, "the runs the raised max allows");
        Assert.Equal(3L, done!.RunCount);
        Assert.Equal(3, (await client.GetRunsAsync(task.Id)).Count);
    }

    [Fact]
    public async Task A_new_spec_by_update_keeps_the_counters_of_a_task_its_max_ended_while_a_reschedule_starts_it_anew()
    {
        await using var redis = await RedisTestContext.CreateAsync("max-spec-update");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("tick"), "every 1s", new ScheduleOptions { MaxRuns = 2 });
        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TaskRuns.Patience, "the first two runs");

        var sameMax = await client.UpdateAsync(task.Id, new TaskUpdate { Spec = "every 2s" });
        Assert.Equal((ScheduleStatus.Completed, 2L, (DateTimeOffset?)null), (sameMax!.Status, sameMax.RunCount, sameMax.NextRunAt));

        var raised = await client.UpdateAsync(task.Id, new TaskUpdate { Spec = "every 1s", MaxRuns = 3 });
        Assert.Equal((ScheduleStatus.Scheduled, 2L), (raised!.Status, raised.RunCount));
        var done = await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TaskRuns.Patience, "the one more run max 3 allows");
        Assert.Equal(3L, done!.RunCount);

        var anew = await client.RescheduleAsync(task.Id, "every 1s");
        Assert.Equal((ScheduleStatus.Scheduled, 0L), (anew!.Status, anew.RunCount));
        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TaskRuns.Patience, "three runs anew");
        Assert.Equal(6, (await client.GetRunsAsync(task.Id)).Count);
    }
}
