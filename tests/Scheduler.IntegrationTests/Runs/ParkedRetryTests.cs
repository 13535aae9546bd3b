using Hangfire;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Runs;

/// <summary>
/// A retry whose backoff is at least Scheduler:Execution:ParkRetriesAfter (5 s by default) is parked: its Hangfire job
/// waits in Scheduled and the worker thread runs other tasks meanwhile. The run stays in flight (overlap, stop, status),
/// its attempts keep counting, and it comes back as the next attempt once its backoff is over, never before.
/// </summary>
public sealed class ParkedRetryTests
{
    private static readonly TimeSpan Backoff = TimeSpan.FromSeconds(12);

    // The shortest backoff of 12 s with its jitter (±25 %, capped at the 12 s maximum): over the 5 s park threshold.
    private static readonly TimeSpan ShortestBackoff = TimeSpan.FromSeconds(9);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // A backoff only a stop or cancel can end within a test: one recorded within it was recorded at once.
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);

    private static ExecutionPolicy Failing(int retries, TimeSpan? backoff = null) =>
        new(MaxRetries: retries, BackoffBase: backoff ?? Backoff, BackoffMax: backoff ?? Backoff, SoftTimeout: TimeSpan.FromSeconds(10), HardTimeout: TimeSpan.FromSeconds(20));

    private static Dictionary<string, string?> OneThread(Dictionary<string, string?>? more = null) =>
        new(more ?? []) { ["Scheduler:Worker:WorkerCount"] = "1" };

    [Fact]
    public async Task A_worker_with_one_thread_runs_another_task_while_a_failed_run_waits_for_its_retry_which_comes_after_its_backoff_as_attempt_2()
    {
        await using var redis = await RedisTestContext.CreateAsync("parked-retry");
        await using var system = await InProcessSystem.StartAsync(redis, settings: OneThread());
        using var dir = TestPaths.CreateTempDirectory("parked-retry");
        var tries = dir.File("tries");
        var client = redis.CreateClient();

        var failing = await client.ScheduleAsync(new ShellTask("echo try >> \"$1\"; exit 3", [tries], UseShell: true) { Execution = Failing(retries: 1) }, "in 1 second");
        var first = Assert.Single(await Eventually.WaitAsync(() => client.GetRunsAsync(failing.Id), r => r.Count > 0, Patience, "the first attempt"));
        Assert.Equal((1, RunOutcome.Failed, false), (first.Attempt, first.Outcome, first.IsFinal));

        // While the run waits for its retry: still in flight (its task running), shown waiting for attempt 2.
        var waiting = Assert.Single(await Eventually.WaitAsync(() => client.GetRunsInProgressAsync(failing.Id),
            r => r.Count == 1 && r[0].WorkerId == "waiting-for-retry", Patience, "the run to wait for its retry"));
        Assert.Equal((first.RunId, 2), (waiting.RunId, waiting.Attempt));
        Assert.True(waiting.RetryDueAt >= first.FinishedAt + ShortestBackoff, $"retry due at {waiting.RetryDueAt:O}, attempt 1 ended {first.FinishedAt:O}");
        Assert.Equal(ScheduleStatus.Running, (await client.GetAsync(failing.Id))!.Status);
        // Announced just after the park is written (not in the same step): waited for, not read at once.
        var parked = Assert.Single(await Eventually.WaitAsync(() => client.GetRecentEventsAsync(EventTypePattern.Parse("task.waiting"), 10, failing.Id),
            e => e.Count > 0, Patience, "the task.waiting event"));
        Assert.Equal((first.RunId, "retry 1", "2"), (parked.Data["runId"], parked.Data["for"], parked.Data["attempt"]));

        // The worker's one thread is free: a task due now runs and ends while the failing run waits.
        var healthy = await client.ScheduleAsync(new ShellTask("true", UseShell: true) { Execution = TaskRuns.Fast() }, "in 1 second");
        var ran = Assert.Single(await TaskRuns.UntilFinalAsync(client, healthy.Id, Patience));
        Assert.Equal(RunOutcome.Succeeded, ran.Outcome);
        Assert.Single(await client.GetRunsAsync(failing.Id));

        // Then the retry: the same run, attempt 2 (its last: one retry), not before the backoff.
        var runs = await TaskRuns.UntilFinalAsync(client, failing.Id, Patience);
        Assert.Equal([(first.RunId, 1, false), (first.RunId, 2, true)], runs.Select(r => (r.RunId, r.Attempt, r.IsFinal)));
        Assert.True(runs[1].StartedAt >= first.FinishedAt + ShortestBackoff, $"attempt 2 started {runs[1].StartedAt:O}, attempt 1 ended {first.FinishedAt:O}");
        Assert.True(runs[1].StartedAt >= ran.FinishedAt);
        Assert.Equal(2, (await File.ReadAllLinesAsync(tries)).Length);
        await Eventually.WaitAsync(() => client.GetRunsInProgressAsync(failing.Id), r => r.Count == 0, Patience, "the run to leave the in-flight ledger");
    }

    [Fact]
    public async Task A_run_keeps_its_attempt_count_across_parks_so_two_retries_make_exactly_three_attempts()
    {
        await using var redis = await RedisTestContext.CreateAsync("parked-count");
        // Every retry parked: a 2 s backoff (1.5 s at the least) is over a 1 s threshold.
        await using var system = await InProcessSystem.StartAsync(redis, settings: OneThread(new() { ["Scheduler:Execution:ParkRetriesAfter"] = "00:00:01" }));
        using var dir = TestPaths.CreateTempDirectory("parked-count");
        var tries = dir.File("tries");
        var client = redis.CreateClient();

        var task = await client.ScheduleAsync(new ShellTask("echo try >> \"$1\"; exit 3", [tries], UseShell: true)
            { Execution = Failing(retries: 2, TimeSpan.FromSeconds(2)) }, "in 1 second");
        var runs = await TaskRuns.UntilFinalAsync(client, task.Id, Patience);
        // Long enough for a fourth attempt, had a park given the run its retries afresh.
        await Task.Delay(TimeSpan.FromSeconds(4));

        runs = [.. (await client.GetRunsAsync(task.Id)).OrderBy(r => r.Attempt)];
        Assert.Equal([(1, false), (2, false), (3, true)], runs.Select(r => (r.Attempt, r.IsFinal)));
        Assert.Single(runs.Select(r => r.RunId).Distinct());
        Assert.Equal(3, (await File.ReadAllLinesAsync(tries)).Length);
        Assert.Equal(2, (await client.GetRecentEventsAsync(EventTypePattern.Parse("task.waiting"), 10, task.Id)).Count);
        Assert.Equal(ScheduleStatus.Failed, (await client.GetAsync(task.Id))!.Status);
    }

    [Fact]
    public async Task An_occurrence_due_while_the_run_before_waits_for_its_retry_is_skipped_under_overlap_skip()
    {
        await using var redis = await RedisTestContext.CreateAsync("parked-overlap");
        await using var system = await InProcessSystem.StartAsync(redis, settings: OneThread());
        using var dir = TestPaths.CreateTempDirectory("parked-overlap");
        var tries = dir.File("tries");
        var client = redis.CreateClient();

        var task = await client.ScheduleAsync(new ShellTask("echo try >> \"$1\"; exit 3", [tries], UseShell: true) { Execution = Failing(retries: 1) }, "every 3 seconds");
        var first = Assert.Single(await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count > 0, Patience, "the first attempt"));
        await Eventually.WaitAsync(() => client.GetRunsInProgressAsync(task.Id), r => r.Count == 1 && r[0].WorkerId == "waiting-for-retry", Patience,
            "the run to wait for its retry");

        // Occurrences fall due every 3 s while it waits: each is skipped, none runs beside it.
        var skipped = await Eventually.WaitAsync(() => client.GetRecentEventsAsync(EventTypePattern.Parse("task.skipped"), 10, task.Id),
            e => e.Count >= 2, Patience, "occurrences due during the wait to be skipped");
        Assert.All(skipped, e => Assert.Equal("previous run still going (overlap skip)", e.Data["error"]));
        Assert.Equal([first.RunId], (await client.GetRunsAsync(task.Id)).Select(r => r.RunId));
        Assert.Single(await File.ReadAllLinesAsync(tries));
        await client.CancelAsync(task.Id);
    }

    [Fact]
    public async Task A_run_stopped_while_it_waits_for_its_retry_is_recorded_cancelled_at_once_and_runs_no_further_attempt()
    {
        await using var redis = await RedisTestContext.CreateAsync("parked-stop");
        await using var system = await InProcessSystem.StartAsync(redis, settings: OneThread());
        using var dir = TestPaths.CreateTempDirectory("parked-stop");
        var tries = dir.File("tries");
        var client = redis.CreateClient();

        // Recurring (a one-shot's run is stopped by cancelling its task), run now.
        var task = await client.ScheduleAsync(new ShellTask("echo try >> \"$1\"; exit 3", [tries], UseShell: true) { Execution = Failing(retries: 3, TenMinutes) }, "every 1 hour");
        await client.TriggerNowAsync(task.Id);
        var first = Assert.Single(await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count > 0, Patience, "the first attempt"));
        await Eventually.WaitAsync(() => client.GetRunsInProgressAsync(task.Id), r => r.Count == 1 && r[0].WorkerId == "waiting-for-retry", Patience,
            "the run to wait for its retry");

        Assert.Equal([first.RunId], (await client.As("alice").StopRunsAsync(task.Id))!);

        var runs = await TaskRuns.UntilFinalAsync(client, task.Id, Patience);
        Assert.Equal([(1, RunOutcome.Failed, false), (2, RunOutcome.Cancelled, true)], runs.Select(r => (r.Attempt, r.Outcome, r.IsFinal)));
        Assert.Contains("stopped by alice", runs[1].Error);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(2, (await client.GetRunsAsync(task.Id)).Count);
        Assert.Single(await File.ReadAllLinesAsync(tries));
        Assert.Empty(await client.GetRunsInProgressAsync(task.Id));
    }

    [Fact]
    public async Task A_run_whose_task_is_cancelled_while_it_waits_for_its_retry_is_recorded_cancelled_at_once_without_another_attempt()
    {
        await using var redis = await RedisTestContext.CreateAsync("parked-cancel");
        await using var system = await InProcessSystem.StartAsync(redis, settings: OneThread());
        using var dir = TestPaths.CreateTempDirectory("parked-cancel");
        var tries = dir.File("tries");
        var client = redis.CreateClient();

        var task = await client.ScheduleAsync(new ShellTask("echo try >> \"$1\"; exit 3", [tries], UseShell: true) { Execution = Failing(retries: 3, TenMinutes) }, "in 1 second");
        await Eventually.WaitAsync(() => client.GetRunsInProgressAsync(task.Id), r => r.Count == 1 && r[0].WorkerId == "waiting-for-retry", Patience,
            "the run to wait for its retry");

        await client.CancelAsync(task.Id);

        var runs = await TaskRuns.UntilFinalAsync(client, task.Id, Patience);
        Assert.Equal([(1, RunOutcome.Failed, false), (2, RunOutcome.Cancelled, true)], runs.Select(r => (r.Attempt, r.Outcome, r.IsFinal)));
        Assert.Equal("cancelled before the attempt started", runs[1].Error);
        Assert.Single(await File.ReadAllLinesAsync(tries));
        Assert.Equal(ScheduleStatus.Cancelled, (await client.GetAsync(task.Id))!.Status);
        Assert.Empty(await client.GetRunsInProgressAsync(task.Id));
    }

    [Fact]
    public async Task A_retry_parked_when_its_worker_and_beat_stop_comes_back_on_new_ones_once_as_attempt_2_and_is_not_recovered_as_lost()
    {
        await using var redis = await RedisTestContext.CreateAsync("parked-restart");
        using var dir = TestPaths.CreateTempDirectory("parked-restart");
        var tries = dir.File("tries");
        var client = redis.CreateClient();
        var settings = OneThread(new() { ["Scheduler:Beat:WorkerDeadAfter"] = "00:00:06", ["Scheduler:Beat:ReconcileAfter"] = "00:00:03" });
        var system = await InProcessSystem.StartAsync(redis, settings: settings);
        TaskRun first;
        try
        {
            var task = await client.ScheduleAsync(new ShellTask("echo try >> \"$1\"; exit 3", [tries], UseShell: true) { Execution = Failing(retries: 1) }, "in 1 second");
            first = Assert.Single(await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count > 0, Patience, "the first attempt"));
            await Eventually.WaitAsync(() => client.GetRunsInProgressAsync(task.Id), r => r.Count == 1 && r[0].WorkerId == "waiting-for-retry", Patience,
                "the run to wait for its retry");
        }
        finally
        {
            await system.DisposeAsync();
        }

        // The worker that ran attempt 1 is gone for good; its run waits in Hangfire's Scheduled set, not on it.
        await using var again = await InProcessSystem.StartAsync(redis, settings: settings);
        var runs = await TaskRuns.UntilFinalAsync(client, first.TaskId, Patience);
        await Task.Delay(TimeSpan.FromSeconds(2));

        runs = [.. (await client.GetRunsAsync(first.TaskId)).OrderBy(r => r.Attempt)];
        Assert.Equal([(1, RunOutcome.Failed, false), (2, RunOutcome.Failed, true)], runs.Select(r => (r.Attempt, r.Outcome, r.IsFinal)));
        Assert.StartsWith("exit code 3", runs[1].Error);
        Assert.True(runs[1].StartedAt >= first.FinishedAt + ShortestBackoff, $"attempt 2 started {runs[1].StartedAt:O}, attempt 1 ended {first.FinishedAt:O}");
        Assert.Equal(2, (await File.ReadAllLinesAsync(tries)).Length);
    }

    [Fact]
    public async Task A_run_whose_parked_job_is_deleted_is_recorded_stopped_and_one_whose_job_is_lost_is_queued_again_as_its_next_attempt()
    {
        await using var redis = await RedisTestContext.CreateAsync("parked-job-gone");
        await using var system = await InProcessSystem.StartAsync(redis, settings: OneThread(new() { ["Scheduler:Beat:ReconcileAfter"] = "00:00:03" }));
        var client = redis.CreateClient();
        var hangfire = new HangfireJobs(redis);
        var deleted = await client.ScheduleAsync(new ShellTask("exit 3", UseShell: true) { Execution = Failing(retries: 3, TenMinutes) }, "in 1 second");
        var lost = await client.ScheduleAsync(new ShellTask("exit 4", UseShell: true) { Execution = Failing(retries: 1, TenMinutes) }, "in 1 second");
        foreach (var id in new[] { deleted.Id, lost.Id })
            await Eventually.WaitAsync(() => client.GetRunsInProgressAsync(id), r => r.Count == 1 && r[0].WorkerId == "waiting-for-retry", Patience,
                $"{id}'s run to wait for its retry");

        // Deleted on Hangfire's dashboard (a stop, as for a running job); the other's job expires or is removed from Redis.
        new BackgroundJobClient(hangfire.Storage).Delete(await hangfire.JobIdAsync((await client.GetRunsAsync(deleted.Id))[0]));
        var lostJob = await hangfire.JobIdAsync((await client.GetRunsAsync(lost.Id))[0]);
        await redis.Redis.GetDatabase().KeyDeleteAsync(redis.HangfirePrefix + "job:" + lostJob);

        var stopped = await TaskRuns.UntilFinalAsync(client, deleted.Id, Patience);
        Assert.Equal([(1, RunOutcome.Failed, false), (2, RunOutcome.Cancelled, true)], stopped.Select(r => (r.Attempt, r.Outcome, r.IsFinal)));
        Assert.Contains("its job was deleted while it waited for retry 1", stopped[1].Error);
        var requeued = await TaskRuns.UntilFinalAsync(client, lost.Id, Patience);
        Assert.Equal([(1, false), (2, true)], requeued.Select(r => (r.Attempt, r.IsFinal)));
        Assert.StartsWith("exit code 4", requeued[1].Error);
    }

    [Fact]
    public async Task A_parked_retry_gives_up_its_concurrency_slot_to_another_task_of_its_key_and_takes_it_again_when_it_comes_back()
    {
        await using var redis = await RedisTestContext.CreateAsync("parked-slot");
        await using var system = await InProcessSystem.StartAsync(redis, settings: new Dictionary<string, string?> { ["Scheduler:Worker:WorkerCount"] = "2" });
        using var dir = TestPaths.CreateTempDirectory("parked-slot");
        var tries = dir.File("tries");
        var client = redis.CreateClient();
        var one = new ScheduleOptions { Concurrency = new Contracts.Flow.ConcurrencyLimit("parked-slot", 1) };

        var failing = await client.ScheduleAsync(new ShellTask("echo try >> \"$1\"; exit 3", [tries], UseShell: true) { Execution = Failing(retries: 1) }, "in 1 second", one);
        var first = Assert.Single(await Eventually.WaitAsync(() => client.GetRunsAsync(failing.Id), r => r.Count > 0, Patience, "the first attempt"));
        await Eventually.WaitAsync(() => client.GetRunsInProgressAsync(failing.Id), r => r.Count == 1 && r[0].WorkerId == "waiting-for-retry", Patience,
            "the run to wait for its retry");

        // The slot is free while the run waits: another task of the key runs now, not after the retry.
        var other = await client.ScheduleAsync(new ShellTask("true", UseShell: true) { Execution = TaskRuns.Fast() }, "in 1 second", one);
        var ran = Assert.Single(await TaskRuns.UntilFinalAsync(client, other.Id, Patience));
        Assert.Equal(RunOutcome.Succeeded, ran.Outcome);
        Assert.Single(await client.GetRunsAsync(failing.Id));

        var runs = await TaskRuns.UntilFinalAsync(client, failing.Id, Patience);
        Assert.Equal([(1, false), (2, true)], runs.Select(r => (r.Attempt, r.IsFinal)));
        Assert.True(runs[1].StartedAt >= first.FinishedAt + ShortestBackoff);
        Assert.Equal(2, (await File.ReadAllLinesAsync(tries)).Length);
    }
    [Fact]
    public async Task A_parked_retry_whose_job_comes_back_early_waits_out_the_rest_of_its_backoff()
    {
        await using var redis = await RedisTestContext.CreateAsync("parked-early");
        await using var system = await InProcessSystem.StartAsync(redis, settings: OneThread());
        var client = redis.CreateClient();
        var hangfire = new HangfireJobs(redis);
        var task = await client.ScheduleAsync(new ShellTask("exit 3", UseShell: true) { Execution = Failing(retries: 1) }, "in 1 second");
        var first = Assert.Single(await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count > 0, Patience, "the first attempt"));
        var waiting = Assert.Single(await Eventually.WaitAsync(() => client.GetRunsInProgressAsync(task.Id),
            r => r.Count == 1 && r[0].WorkerId == "waiting-for-retry", Patience, "the run to wait for its retry"));

        // Woken long before its backoff ends, as Hangfire's scheduler does when its host's clock runs ahead of Redis's.
        var jobId = await hangfire.JobIdAsync(first);
        // (The run is listed waiting a moment before its job is moved to Scheduled: the wake is tried until it finds it there.)
        var jobs = new BackgroundJobClient(hangfire.Storage);
        await Eventually.WaitAsync(() => Task.FromResult(jobs.ChangeState(jobId, new Hangfire.States.EnqueuedState(), Hangfire.States.ScheduledState.StateName)),
            woken => woken, Patience, "the parked job to be woken");

        var runs = await TaskRuns.UntilFinalAsync(client, task.Id, Patience);
        Assert.Equal([(1, false), (2, true)], runs.Select(r => (r.Attempt, r.IsFinal)));
        Assert.True(runs[1].StartedAt >= waiting.StartedAt, $"attempt 2 started {runs[1].StartedAt:O}, its backoff ended {waiting.StartedAt:O}");
    }
}
