using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// Hangfire can hand one job to two workers (the job queued again while a delivery still holds it: its writes lost in a
/// Redis failover, or its worker judged dead while cut off from Redis). The later delivery owns the job and Hangfire aborts the earlier
/// one; the run ledger makes the two take turns, so the occurrence never runs twice at once, completes, and counts once.
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class DuplicateDeliveryTests
{
    // Marks "overlap" if another execution holds the lock. flock's lock goes with the last process holding the file
    // open, so an execution killed outright (SIGKILL skips traps) releases it too: only a real overlap is marked.
    private const string Guarded = """
        exec 9>"$1"
        flock -n 9 || echo overlap >> "$2"
        echo ran >> "$2"
        sleep 3
        """;

    [Fact]
    public async Task Job_delivered_to_two_workers_at_once_runs_one_delivery_at_a_time_and_counts_the_occurrence_once()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-double-delivery");
        using var dir = TestPaths.CreateTempDirectory("double-delivery");
        var marks = dir.File("runs.txt");
        var client = redis.CreateClient();
        var db = redis.Redis.GetDatabase();
        var hangfire = new HangfireKeys(redis.HangfirePrefix);
        var task = await client.ScheduleAsync(
            new ShellTask(Guarded, [dir.File("lock"), marks], UseShell: true) { Execution = TaskRuns.Fast(softSeconds: 20, hardSeconds: 30) }, "in:1s");
        var jobId = await InProcessSystem.FireIntoQueueAsync(redis);
        await db.ListLeftPushAsync(hangfire.Queue("default"), jobId);

        await using var workers = await InProcessSystem.StartAsync(redis, beats: 0, workers: 2);
        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(60), "the occurrence to complete");
        // Both deliveries were taken: the test is about two workers holding the job at once.
        Assert.Equal(0, await db.ListLengthAsync(hangfire.Queue("default")));

        var lines = await File.ReadAllLinesAsync(marks);
        Assert.DoesNotContain("overlap", lines);
        Assert.Contains("ran", lines);
        var attempts = await client.GetRunsAsync(task.Id);
        var run = Assert.Single(attempts, a => a.IsFinal);
        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        // A delivery cut short when the other took the job over is recorded as such, not dropped.
        Assert.All(attempts.Where(a => !a.IsFinal), a => Assert.StartsWith("aborted: Hangfire took job", a.Error));
        Assert.Equal(1, (await client.GetAsync(task.Id))!.RunCount);
    }
}
