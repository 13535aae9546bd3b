using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Firing;

/// <summary>misfire runAll replays every missed occurrence, one after another, under the default overlap skip too.</summary>
public sealed class RunAllReplayTests
{
    [Fact]
    public async Task Run_all_replays_of_a_task_under_overlap_skip_run_one_after_another_instead_of_skipping_each_other()
    {
        await using var redis = await RedisTestContext.CreateAsync("runall-replay");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("runall-replay");
        var client = redis.CreateClient();
        var start = DateTimeOffset.UtcNow.AddSeconds(-12);
        // Six occurrences missed (12 s ago, every 2 s), each run long enough to overlap the next if both were let go.
        var task = await client.ScheduleAsync(new ShellTask("echo run >> \"$1\"; sleep 0.5", [dir.File("runs")], UseShell: true), "every 2s",
            new ScheduleOptions { StartAt = start, Misfire = MisfirePolicy.RunAll, MaxRuns = 6 });

        var done = await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(60), "six runs");
        var runs = await client.GetRunsAsync(task.Id);

        Assert.Equal(6L, done!.RunCount);
        Assert.All(runs, run => Assert.Equal(RunOutcome.Succeeded, run.Outcome));
        Assert.Equal(6, (await File.ReadAllLinesAsync(dir.File("runs"))).Length);
        var ordered = runs.OrderBy(r => r.StartedAt).ToList();
        var timeline = string.Join("; ", ordered.Select(r => $"{r.DueAt:HH:mm:ss.fff} {r.StartedAt:HH:mm:ss.fff}-{r.FinishedAt:HH:mm:ss.fff}"));
        for (var i = 1; i < ordered.Count; i++) Assert.True(ordered[i].StartedAt >= ordered[i - 1].FinishedAt, $"replays ran one after another: {timeline}");
    }

    [Fact]
    public async Task Run_all_runs_the_occurrence_due_while_its_replays_run_instead_of_skipping_it_for_them()
    {
        await using var redis = await RedisTestContext.CreateAsync("runall-behind-replays");
        await using var system = await InProcessSystem.StartAsync(redis, workers: 2);
        var client = redis.CreateClient();
        // Four occurrences missed (beyond the threshold or superseded), the fifth due 0.2 s ago: on time, and due while the
        // four replays (1 s each, one after another) run. It was skipped for them ("previous run still going"), as after a
        // Beat outage.
        var start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMilliseconds(-12_200).ToUnixTimeMilliseconds());
        var task = await client.ScheduleAsync(new ShellTask("sleep", ["1"]), "every 3s",
            new ScheduleOptions { StartAt = start, Misfire = MisfirePolicy.RunAll });

        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count >= 5, TimeSpan.FromSeconds(60), "five runs");
        var skipped = (await redis.Redis.GetDatabase().StreamRangeAsync(redis.KeyPrefix + "events"))
            .Where(e => e["type"] == Contracts.Events.SchedulerEvents.Skipped && e["taskId"] == task.Id).Select(e => (string?)e["dueAt"]).ToList();

        Assert.Equal(Enumerable.Range(0, 5).Select(i => start + TimeSpan.FromSeconds(3 * i)), runs.Select(r => r.DueAt!.Value).Order().Take(5));
        Assert.DoesNotContain(start.AddSeconds(12).ToUnixTimeMilliseconds().ToString(), skipped);
        Assert.All(runs, run => Assert.Equal(RunOutcome.Succeeded, run.Outcome));
        var ordered = runs.OrderBy(r => r.StartedAt).ToList();
        for (var i = 1; i < ordered.Count; i++) Assert.True(ordered[i].StartedAt >= ordered[i - 1].FinishedAt, "one after another");
    }
}
