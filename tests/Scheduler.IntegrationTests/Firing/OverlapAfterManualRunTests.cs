using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Firing;

/// <summary>
/// A run asked for by hand (run now) goes beside a scheduled run of the task; when it ends first, the run still going
/// keeps the task "running", so the overlap policy still holds for the next occurrences.
/// </summary>
public sealed class OverlapAfterManualRunTests
{
    // The first run to take the lock in $1 runs long; every other run writes "short" and ends at once.
    private const string LongThenShort =
        "if mkdir \"$1/lock\" 2>/dev/null; then echo long-start >> \"$1/log\"; sleep 12; echo long-end >> \"$1/log\"; else echo short >> \"$1/log\"; fi";

    [Fact]
    public async Task A_run_now_that_ends_while_a_scheduled_run_goes_on_leaves_the_task_running_and_overlap_skip_still_holds()
    {
        await using var redis = await RedisTestContext.CreateAsync("overlap-run-now");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("overlap-run-now");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(
            new ShellTask(LongThenShort, [dir.Path], UseShell: true) { Execution = TaskRuns.Fast(softSeconds: 60, hardSeconds: 90) }, "every 1s");
        await Eventually.WaitAsync(async () => File.Exists(dir.File("log")) && (await File.ReadAllTextAsync(dir.File("log"))).Contains("long-start"),
            TaskRuns.Patience, "the long run's start");

        var runId = await client.TriggerNowAsync(task.Id);
        var manual = await client.WaitForResultAsync(task.Id, TaskRuns.Patience, runId);

        Assert.Equal(RunOutcome.Succeeded, manual!.Outcome);
        var log = await File.ReadAllLinesAsync(dir.File("log"));
        Assert.DoesNotContain("long-end", log);
        Assert.Equal(ScheduleStatus.Running, (await client.GetAsync(task.Id))!.Status);
        // No occurrence started beside the long run: the only other run while it went on is the one asked for by hand.
        await Eventually.WaitAsync(async () => (await File.ReadAllTextAsync(dir.File("log"))).Contains("long-end"), TaskRuns.Patience, "the long run's end");
        log = await File.ReadAllLinesAsync(dir.File("log"));
        Assert.Equal(["long-start", "short", "long-end"], log.Take(Array.IndexOf(log, "long-end") + 1));
        await client.CancelAsync(task.Id);
    }
}
