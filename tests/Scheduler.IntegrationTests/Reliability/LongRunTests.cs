using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>A run longer than a fetch's invisibility timeout goes on to its end on the worker that has it.</summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class LongRunTests
{
    [Fact]
    public async Task A_run_longer_than_the_invisibility_timeout_is_not_taken_from_its_live_worker_when_another_worker_starts()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-longrun");
        using var dir = TestPaths.CreateTempDirectory("longrun");
        var settings = new Dictionary<string, string?>
        {
            // The shortest it accepts. Before, a fetch older than this was handed back by Hangfire.Redis.StackExchange's
            // fetched-jobs watcher, which every Hangfire server ran as it started, its worker alive or not (30 min by
            // default). The setting is no longer used, and still accepted.
            ["Scheduler:Redis:InvisibilityTimeout"] = "00:00:05",
            ["Scheduler:Beat:WorkerDeadAfter"] = "00:00:06",
            ["Scheduler:Beat:OrphanCheckInterval"] = "00:00:00.500",
        };
        await using var first = await InProcessSystem.StartAsync(redis, beats: 1, workers: 1, settings);
        var client = redis.CreateClient();
        var starts = dir.File("starts");
        var task = await client.ScheduleAsync(new ShellTask("/bin/sh", ["-c", $"echo x >> '{starts}'; sleep 14"]), "in:1s");
        await Eventually.WaitAsync(() => Task.FromResult(File.Exists(starts)), started => started, TimeSpan.FromSeconds(20), "the run to start");
        await Task.Delay(TimeSpan.FromSeconds(6));

        await using var second = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, settings);
        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(40), "the run to end");

        var runs = await client.GetRunsAsync(task.Id);
        var run = Assert.Single(runs);
        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        Assert.Single(File.ReadAllLines(starts));
    }
}
