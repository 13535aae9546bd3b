using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;
using Scheduler.Runtime.Storage;
using Scheduler.Contracts.Storage;

namespace Scheduler.IntegrationTests.Firing;

/// <summary>
/// Overlap "skip" (the default) holds where Beat's check at the fire cannot see: occurrences fired while the workers
/// were behind start side by side unless the later one to start is skipped.
/// </summary>
public sealed class OverlapSkipTests
{
    [Fact]
    public async Task Occurrences_fired_before_either_started_run_one_at_a_time_the_later_skipped_while_the_first_goes_on()
    {
        await using var redis = await RedisTestContext.CreateAsync("overlap-skip-backlog");
        using var dir = TestPaths.CreateTempDirectory("overlap-skip-backlog");
        var (client, db) = (redis.CreateClient(), redis.Redis.GetDatabase());
        var task = await client.ScheduleAsync(
            new ShellTask("echo start >> \"$1\"; sleep 8; echo end >> \"$1\"", [dir.File("runs")], UseShell: true) { Execution = TaskRuns.Fast() },
            "every 1s");
        // No worker yet (the workers are behind): Beat fires occurrence after occurrence, the task never seen running.
        var queue = new HangfireKeys(redis.HangfirePrefix).Queue("default");
        await using (await InProcessSystem.StartAsync(redis, beats: 1, workers: 0))
            await Eventually.WaitAsync(() => db.ListLengthAsync(queue), n => n >= 2, TimeSpan.FromSeconds(20), "two fired occurrences in the queue");
        var fired = await db.ListLengthAsync(queue);

        // A worker with threads to spare takes them all at once.
        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1);
        var skipped = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count(x => x.Outcome == RunOutcome.Skipped) == fired - 1,
            TaskRuns.Patience, "every later occurrence skipped");
        Assert.All(skipped, r => Assert.Equal((true, "previous run still going (overlap skip)"), (r.IsFinal, r.Error)));
        // The skip leaves the task running: the first run still goes on.
        Assert.Equal(ScheduleStatus.Running, (await client.GetAsync(task.Id))!.Status);
        // The first run is under way (its command may not have written its first line yet) and has not ended.
        Assert.False(File.Exists(dir.File("runs")) && (await File.ReadAllTextAsync(dir.File("runs"))).Contains("end"));

        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Any(x => x.Outcome == RunOutcome.Succeeded), TaskRuns.Patience, "the first run's end");
        Assert.Equal(["start", "end"], await File.ReadAllLinesAsync(dir.File("runs")));
        Assert.Equal(fired, runs.Count);
        var after = (await client.GetAsync(task.Id))!;
        Assert.Equal((ScheduleStatus.Scheduled, fired), (after.Status, after.RunCount));
        var events = await db.StreamRangeAsync(redis.KeyPrefix + "events");
        Assert.Equal(fired - 1, events.Count(e => e["type"] == SchedulerEvents.Skipped && e["taskId"] == task.Id));
    }

    [Fact]
    public async Task A_skip_recorded_after_the_run_it_was_skipped_for_ended_leaves_the_task_scheduled_not_running()
    {
        await using var redis = await RedisTestContext.CreateAsync("overlap-skip-late");
        var client = redis.CreateClient(verifyWorkers: false);
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("late skip"), "every 1 hour");
        var (first, second) = ($"{task.Id}:1000", $"{task.Id}:2000");
        // Two occurrences fired before either started, claimed one after the other: the second finds the first in flight.
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(first, "job-1", "worker-a", task.Id)).Claim);
        var late = await store.BeginRunAsync(second, "job-2", "worker-b", task.Id);
        Assert.Equal((AttemptClaim.Run, ScheduleStatus.Running), (late.Claim, late.PreviousStatus));
        Assert.True(await store.OtherRunInFlightAsync(task.Id, second));
        // The first ends before the second's skip is written: the second's claim is what holds "running" now.
        await store.RecordAttemptAsync(Final(first, RunOutcome.Succeeded, "worker-a"), "job-1", oneShot: false, maxRuns: null);
        Assert.Equal(ScheduleStatus.Running, (await client.GetAsync(task.Id))!.Status);

        await store.RecordAttemptAsync(Final(second, RunOutcome.Skipped, "worker-b") with { Error = "previous run still going (overlap skip)" },
            "job-2", oneShot: false, maxRuns: null);

        // Left "running", Beat skipped every occurrence until its stuck-running sweep came by.
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync(task.Id))!.Status);

        TaskRun Final(string runId, RunOutcome outcome, string worker) => new()
        {
            RunId = runId, TaskId = task.Id, Attempt = 1, WorkerId = worker, StartedAt = DateTimeOffset.UtcNow,
            FinishedAt = DateTimeOffset.UtcNow, Outcome = outcome, IsFinal = true,
        };
    }

    [Fact]
    public async Task Occurrences_fired_before_a_pause_still_run_one_at_a_time_the_later_skipped()
    {
        await using var redis = await RedisTestContext.CreateAsync("overlap-skip-paused");
        using var dir = TestPaths.CreateTempDirectory("overlap-skip-paused");
        var (client, db) = (redis.CreateClient(), redis.Redis.GetDatabase());
        var task = await client.ScheduleAsync(
            new ShellTask("echo start >> \"$1\"; sleep 6; echo end >> \"$1\"", [dir.File("runs")], UseShell: true) { Execution = TaskRuns.Fast() },
            "every 1s");
        var queue = new HangfireKeys(redis.HangfirePrefix).Queue("default");
        await using (await InProcessSystem.StartAsync(redis, beats: 1, workers: 0))
            await Eventually.WaitAsync(() => db.ListLengthAsync(queue), n => n >= 2, TimeSpan.FromSeconds(20), "two fired occurrences in the queue");
        var fired = await db.ListLengthAsync(queue);
        // Paused once they were fired: they still run (a pause holds back only what is not fired yet), under the overlap policy.
        Assert.True(await client.PauseAsync(task.Id));

        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1);
        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count(x => x.IsFinal) == fired, TaskRuns.Patience, "every fired occurrence's end");

        Assert.Equal(fired - 1, runs.Count(r => r.Outcome == RunOutcome.Skipped));
        Assert.Equal(["start", "end"], await File.ReadAllLinesAsync(dir.File("runs")));
        Assert.Equal(ScheduleStatus.Paused, (await client.GetAsync(task.Id))!.Status);
    }

    [Fact]
    public async Task Occurrences_fired_before_the_task_expired_still_run_one_at_a_time_the_later_skipped()
    {
        await using var redis = await RedisTestContext.CreateAsync("overlap-skip-expired");
        using var dir = TestPaths.CreateTempDirectory("overlap-skip-expired");
        var (client, db) = (redis.CreateClient(), redis.Redis.GetDatabase());
        // Its last occurrence's fire ends it ("expired") while the runs fired before wait for a worker.
        var task = await client.ScheduleAsync(
            new ShellTask("echo start >> \"$1\"; sleep 6; echo end >> \"$1\"", [dir.File("runs")], UseShell: true) { Execution = TaskRuns.Fast() },
            "every 1s", new ScheduleOptions { EndAt = DateTimeOffset.UtcNow.AddSeconds(3) });
        var queue = new HangfireKeys(redis.HangfirePrefix).Queue("default");
        await using (await InProcessSystem.StartAsync(redis, beats: 1, workers: 0))
            await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Expired, TimeSpan.FromSeconds(20), "the task expired at its end");
        var fired = await db.ListLengthAsync(queue);
        Assert.True(fired >= 2, $"{fired} occurrences fired");

        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1);
        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count(x => x.IsFinal) == fired, TaskRuns.Patience, "every fired occurrence's end");

        Assert.Equal(fired - 1, runs.Count(r => r.Outcome == RunOutcome.Skipped));
        Assert.Equal(["start", "end"], await File.ReadAllLinesAsync(dir.File("runs")));
        Assert.Equal(ScheduleStatus.Expired, (await client.GetAsync(task.Id))!.Status);
    }
}
