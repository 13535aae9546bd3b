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
}
