using Scheduler.Beat.Scheduling;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// Hangfire can hand one job to two workers (its fetched-jobs watcher re-queues a job whose state still names a dead
/// server, even while a new worker is taking it over). The later delivery owns the job: Hangfire aborts the earlier
/// one. The occurrence must still complete, and be counted once.
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class DuplicateDeliveryTests
{
    [Fact]
    public async Task Job_delivered_to_two_workers_at_once_completes_its_occurrence_and_records_it_once()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-double-delivery");
        using var dir = TestPaths.CreateTempDirectory("double-delivery");
        var marks = dir.File("runs.txt");
        var client = redis.CreateClient();
        var db = redis.Redis.GetDatabase();
        var hangfire = new HangfireKeys(redis.HangfirePrefix);
        // Long enough that both deliveries are inside it together.
        var task = await client.ScheduleAsync(new ShellTask($"echo ran >> '{marks}'; sleep 2", UseShell: true) { Execution = TaskRuns.Fast() }, "in:1s");
        await using (await InProcessSystem.StartAsync(redis, beats: 1, workers: 0))
            await Eventually.WaitAsync(() => db.ListLengthAsync(hangfire.Queue("default")), n => n == 1, TimeSpan.FromSeconds(20), "the fired job in the queue");
        var jobId = (string)(await db.ListGetByIndexAsync(hangfire.Queue("default"), 0))!;
        await db.ListLeftPushAsync(hangfire.Queue("default"), jobId);

        await using var workers = await InProcessSystem.StartAsync(redis, beats: 0, workers: 2);
        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(30), "the occurrence to complete");
        // Both deliveries were taken: the test is about two workers holding the job at once.
        Assert.Equal(0, await db.ListLengthAsync(hangfire.Queue("default")));

        Assert.NotEmpty(await File.ReadAllLinesAsync(marks));
        var run = Assert.Single(await client.GetRunsAsync(task.Id));
        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        Assert.True(run.IsFinal);
        Assert.Equal(1, (await client.GetAsync(task.Id))!.RunCount);
    }
}
