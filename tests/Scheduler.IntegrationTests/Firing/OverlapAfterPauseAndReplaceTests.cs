using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Firing;

/// <summary>
/// The overlap policy holds across what sets a task's status while a run of it goes on: a pause and resume, and
/// cancelPrevious's cancelled run; and cancelPrevious's cancel lands when its message does not.
/// </summary>
public sealed class OverlapAfterPauseAndReplaceTests
{
    // Appends "start" to $1 and its pids to $2, then sleeps; on SIGTERM it takes 2 s to stop, then appends "stop".
    private const string SlowToStop = "trap 'sleep 2; echo stop >> \"$1\"; exit 143' TERM; echo start >> \"$1\"; echo $$ >> \"$2\"; sleep 120 & echo $! >> \"$2\"; wait";

    private static ShellTask SlowToStopTask(TestPaths.TempDirectory dir) =>
        new(SlowToStop, [dir.File("runs"), dir.File("pids")], UseShell: true) { Execution = TaskRuns.Fast(softSeconds: 120, hardSeconds: 180) };

    // A failed test may leave the commands it started: every pid they recorded is killed.
    private static Task KillRecordedAsync(TestPaths.TempDirectory dir) => ProcessProbe.KillRecordedAsync(dir.File("pids"));

    // Its one-shot run going, its command started.
    private static async Task<ScheduledTask> StartSlowToStopAsync(SchedulerClient client, TestPaths.TempDirectory dir)
    {
        var task = await TaskRuns.StartAsync(client, SlowToStopTask(dir));
        await TaskRuns.WaitRunningAsync(client, task.Id);
        await Eventually.WaitAsync(() => Task.FromResult(File.Exists(dir.File("runs"))), TaskRuns.Patience, "the command to start");
        return task;
    }

    // A run the worker claimed before Beat wrote its fire (its ledger's "beforeFire", a race a loaded machine can give) was
    // fired after every replace its count holds, and by design none of those stops it: a scenario about a run fired
    // before a replace starts its task again until the claim came after the fire.
    private static async Task<ScheduledTask> StartClaimedAfterItsFireAsync(RedisTestContext redis, SchedulerClient client, TestPaths.TempDirectory dir)
    {
        for (var attempt = 1; ; attempt++)
        {
            var task = await StartSlowToStopAsync(client, dir);
            var runId = Assert.Single(await client.GetRunsInProgressAsync(task.Id)).RunId;
            if (await redis.Redis.GetDatabase().HashGetAsync(new RedisKeys(redis.KeyPrefix).Run(runId), "beforeFire") != "1") return task;
            Assert.True(attempt < 5, "the worker claimed the run before Beat wrote its fire five times in a row");
            await client.CancelAsync(task.Id);
            await TaskRuns.UntilFinalAsync(client, task.Id);
            File.Delete(dir.File("runs"));
        }
    }

    // Overlap cancelPrevious's replace message as Beat publishes it ("taskId\ncount\nrunId"); returns how many heard it.
    private static Task<long> PublishReplaceAsync(RedisTestContext redis, string message) =>
        redis.Redis.GetSubscriber().PublishAsync(StackExchange.Redis.RedisChannel.Literal(new RedisKeys(redis.KeyPrefix).TaskReplaced), message);

    [Fact]
    public async Task A_task_resumed_while_its_run_goes_on_is_running_again_so_overlap_skip_still_skips_its_next_occurrences()
    {
        await using var redis = await RedisTestContext.CreateAsync("overlap-resume");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("overlap-resume");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(
            new ShellTask("echo start >> \"$1\"; sleep 6; echo end >> \"$1\"", [dir.File("runs")], UseShell: true) { Execution = TaskRuns.Fast() },
            "every 1s");
        await TaskRuns.WaitRunningAsync(client, task.Id);

        Assert.True(await client.PauseAsync(task.Id));
        Assert.True(await client.ResumeAsync(task.Id));

        Assert.Equal(ScheduleStatus.Running, (await client.GetAsync(task.Id))!.Status);
        await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Any(x => x.Outcome == RunOutcome.Succeeded), TaskRuns.Patience, "the first run's end");
        Assert.Equal(["start", "end"], (await File.ReadAllLinesAsync(dir.File("runs"))).Take(2));
        await client.CancelAsync(task.Id);
    }

    [Fact]
    public async Task A_pause_that_ends_while_the_run_goes_on_resumes_the_task_running()
    {
        await using var redis = await RedisTestContext.CreateAsync("overlap-pause-end");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("overlap-pause-end");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(
            new ShellTask("echo start >> \"$1\"; sleep 8; echo end >> \"$1\"", [dir.File("runs")], UseShell: true) { Execution = TaskRuns.Fast() },
            "every 1s");
        await TaskRuns.WaitRunningAsync(client, task.Id);

        Assert.True(await client.PauseAsync(task.Id, new PauseRequest { Until = DateTimeOffset.UtcNow.AddSeconds(2) }));

        var lifted = await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status != ScheduleStatus.Paused, TimeSpan.FromSeconds(10), "Beat to lift the pause");
        Assert.Equal(ScheduleStatus.Running, lifted!.Status);
        await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Any(x => x.Outcome == RunOutcome.Succeeded), TaskRuns.Patience, "the first run's end");
        Assert.Equal(["start", "end"], (await File.ReadAllLinesAsync(dir.File("runs"))).Take(2));
        await client.CancelAsync(task.Id);
    }

    [Fact]
    public async Task A_run_queued_behind_another_still_waits_for_it_when_the_task_is_paused_meanwhile()
    {
        await using var redis = await RedisTestContext.CreateAsync("overlap-queue-pause");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("overlap-queue-pause");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(
            new ShellTask("echo start >> \"$1\"; sleep 6; echo end >> \"$1\"", [dir.File("runs")], UseShell: true) { Execution = TaskRuns.Fast() },
            "every 1s", new ScheduleOptions { Overlap = OverlapPolicy.Queue });
        // The first run goes on and the next occurrence, queued behind it, has been claimed: both are in flight.
        var inFlight = new RedisKeys(redis.KeyPrefix).InFlight;
        await Eventually.WaitAsync(async () => (await redis.Redis.GetDatabase().HashKeysAsync(inFlight)).Count(k => k.ToString().StartsWith(task.Id + ":")) == 2,
            TaskRuns.Patience, "a run going on and one queued behind it");

        Assert.True(await client.PauseAsync(task.Id));

        // The queued run still runs (it was fired before the pause), after the first one, not beside it.
        await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count(x => x.Outcome == RunOutcome.Succeeded) == 2, TaskRuns.Patience, "both runs' ends");
        Assert.Equal(["start", "end", "start", "end"], await File.ReadAllLinesAsync(dir.File("runs")));
        Assert.Equal(ScheduleStatus.Paused, (await client.GetAsync(task.Id))!.Status);
    }

    [Fact]
    public async Task A_run_cancelled_by_cancel_previous_leaves_the_task_running_so_the_next_occurrence_cancels_its_replacement_too()
    {
        await using var redis = await RedisTestContext.CreateAsync("overlap-replace");
        using var dir = TestPaths.CreateTempDirectory("overlap-replace");
        var client = redis.CreateClient();
        try
        {
            await using var system = await InProcessSystem.StartAsync(redis);
            var task = await client.ScheduleAsync(
                SlowToStopTask(dir),
                "every 4s", new ScheduleOptions { Overlap = OverlapPolicy.CancelPrevious });

            // The first run takes 2 s to stop; its replacement waits for it, and the task stays running for the replacement.
            await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Any(x => x.Outcome == RunOutcome.Cancelled), TaskRuns.Patience, "the first run replaced");
            Assert.Equal(ScheduleStatus.Running, (await client.GetAsync(task.Id))!.Status);

            // So the next occurrence cancels the replacement as well.
            var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count(x => x.Outcome == RunOutcome.Cancelled) >= 2,
                TaskRuns.Patience, "the replacement replaced in turn");
            Assert.All(runs, r => Assert.Equal((RunOutcome.Cancelled, "replaced by a newer run (overlap cancelPrevious): cancelled while running"), (r.Outcome, r.Error)));
            await client.CancelAsync(task.Id);
            // Never side by side: each run stopped before the one replacing it started.
            var lines = await File.ReadAllLinesAsync(dir.File("runs"));
            Assert.True(lines.Length >= 4, string.Join(",", lines));
            Assert.Equal(Enumerable.Range(0, lines.Length).Select(i => i % 2 == 0 ? "start" : "stop"), lines);
        }
        finally
        {
            await KillRecordedAsync(dir);
        }
    }

    [Fact]
    public async Task A_cancel_previous_whose_message_the_worker_missed_still_stops_the_replaced_run_within_seconds()
    {
        await using var redis = await RedisTestContext.CreateAsync("overlap-replace-missed");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("overlap-replace-missed");
        var client = redis.CreateClient();
        try
        {
            var task = await StartSlowToStopAsync(client, dir);

            // What Beat's cancelPrevious leaves when its message is lost (the worker's subscription was down): the count.
            await redis.Redis.GetDatabase().HashIncrementAsync(new RedisKeys(redis.KeyPrefix).Task(task.Id), "replacedRuns");

            var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, task.Id, TimeSpan.FromSeconds(20)));
            Assert.Equal((RunOutcome.Cancelled, "replaced by a newer run (overlap cancelPrevious): cancelled while running"), (run.Outcome, run.Error));
        }
        finally
        {
            await KillRecordedAsync(dir);
        }
    }

    [Fact]
    public async Task A_replace_message_arriving_after_the_run_it_announced_was_claimed_does_not_stop_that_run()
    {
        await using var redis = await RedisTestContext.CreateAsync("overlap-replace-late");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("overlap-replace-late");
        var client = redis.CreateClient();
        try
        {
            var task = await StartSlowToStopAsync(client, dir);

            // This run's own replace, which raised the count to 0 (this run was claimed at it), delivered only now: the
            // message a slow subscriber hands over after the newer run has started.
            var runId = Assert.Single(await client.GetRunsInProgressAsync(task.Id)).RunId;
            Assert.True(await PublishReplaceAsync(redis, $"{task.Id}\n0\n{runId}") > 0);
            // Past the worker's sweep as well, which reads the same count.
            await Task.Delay(TimeSpan.FromSeconds(3));

            Assert.Equal(["start"], await File.ReadAllLinesAsync(dir.File("runs")));
            Assert.Empty((await client.GetRunsAsync(task.Id)).Where(r => r.IsFinal));
            await client.CancelAsync(task.Id);
        }
        finally
        {
            await KillRecordedAsync(dir);
        }
    }

    [Fact]
    public async Task A_run_claimed_after_a_replace_raised_the_count_for_another_run_is_stopped_by_that_replaces_message()
    {
        await using var redis = await RedisTestContext.CreateAsync("overlap-replace-other");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("overlap-replace-other");
        var client = redis.CreateClient();
        try
        {
            var task = await StartClaimedAfterItsFireAsync(redis, client, dir);

            // The replace that raised the count this run was claimed under was for another run: this one was fired before
            // it and claimed after the raise (it waited at a flow gate, say), its message arriving after the claim.
            Assert.True(await PublishReplaceAsync(redis, $"{task.Id}\n0\n{task.Id}:e1") > 0);

            var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, task.Id));
            Assert.Equal((RunOutcome.Cancelled, "replaced by a newer run (overlap cancelPrevious): cancelled while running"), (run.Outcome, run.Error));
        }
        finally
        {
            await KillRecordedAsync(dir);
        }
    }

    [Fact]
    public async Task Cancel_previous_leaves_a_run_asked_for_by_hand_to_end_and_the_occurrence_waits_behind_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("overlap-replace-by-hand");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("overlap-replace-by-hand");
        var client = redis.CreateClient();
        // The schedule starts once the run now is going, so its occurrences come while that run goes on.
        var task = await client.ScheduleAsync(
            new ShellTask("echo start >> \"$1\"; sleep 3; echo end >> \"$1\"", [dir.File("runs")], UseShell: true) { Execution = TaskRuns.Fast() },
            "every 1s", new ScheduleOptions { Overlap = OverlapPolicy.CancelPrevious, StartAfter = DateTimeOffset.UtcNow.AddSeconds(1.5) });
        var byHand = await client.TriggerNowAsync(task.Id);

        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Any(x => x.RunId == byHand && x.IsFinal), TaskRuns.Patience, "the run now's end");
        Assert.Equal(RunOutcome.Succeeded, runs.Single(r => r.RunId == byHand).Outcome);
        // An occurrence fired meanwhile started only once the run now had ended, never beside it.
        await Eventually.WaitAsync(async () => File.Exists(dir.File("runs")) && (await File.ReadAllLinesAsync(dir.File("runs"))).Length >= 3, TaskRuns.Patience, "an occurrence to start");
        await client.CancelAsync(task.Id);
        Assert.Equal(["start", "end", "start"], (await File.ReadAllLinesAsync(dir.File("runs"))).Take(3));
    }
}
