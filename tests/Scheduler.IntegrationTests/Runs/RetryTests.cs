using Scheduler.Cli;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Runs;

/// <summary>Failed runs retried on purpose, through a real beat and worker: same occurrence, next attempt, once.</summary>
public sealed class RetryTests
{
    [Fact]
    public async Task A_failed_run_is_listed_and_one_of_two_concurrent_retries_runs_it_again_as_its_next_attempt()
    {
        await using var redis = await RedisTestContext.CreateAsync("retry");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("retry");
        var marker = dir.File("ready");
        var client = redis.CreateClient();

        var failed = Assert.Single(await TaskRuns.RunAsync(client, new ShellTask($"test -f '{marker}'", UseShell: true) { Execution = TaskRuns.Fast() }));
        Assert.Equal(RunOutcome.Failed, failed.Outcome);
        var listed = Assert.Single((await client.GetFailedRunsAsync()).Runs);
        Assert.Equal((failed.RunId, 1, "shell"), (listed.Run.RunId, listed.Run.Attempt, listed.TaskType));
        Assert.Equal(ScheduleStatus.Failed, (await client.GetAsync(failed.TaskId))!.Status);

        var hangfire = new HangfireJobs(redis);
        var failedJob = await hangfire.JobIdAsync(failed);
        Assert.Equal("Failed", (await hangfire.FinalStateAsync(failedJob)).Name);

        // Fixed in between; then two operators press Retry at the same moment.
        await File.WriteAllTextAsync(marker, "");
        var presses = new[] { client.As("alice"), client.As("bob") }.Select(async c =>
        {
            try { return (object)await c.RetryRunAsync(failed.RunId); }
            catch (RetryRefusedException e) { return e; }
        });
        var answers = await Task.WhenAll(presses);
        var request = Assert.Single(answers.OfType<RunRequest>());
        Assert.Contains("already on its way", Assert.IsType<RetryRefusedException>(Assert.Single(answers.OfType<Exception>())).Message);

        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(failed.TaskId), r => r.Count == 2 && r[0].IsFinal, TaskRuns.Patience, "the retry's outcome");
        var retried = runs[0];
        Assert.Equal((failed.RunId, failed.DueAt, 2, RunOutcome.Succeeded), (retried.RunId, retried.DueAt, retried.Attempt, retried.Outcome));
        Assert.Equal(RunRequestKind.Retry, retried.Request!.Kind);
        Assert.Equal(request.By, retried.Request.By);
        Assert.Null(runs[1].Request);
        // One audit entry, by the operator whose press won.
        var retries = (await client.GetAuditAsync(new Scheduler.Contracts.Audit.AuditFilter { TaskId = failed.TaskId, Action = "retry" })).Entries;
        Assert.Equal((request.By, failed.RunId), (Assert.Single(retries).Actor, (string?)retries[0].After!["runId"]));

        // The one-shot task completes; the occurrence is counted once; it leaves the failed list and cannot be retried again.
        var task = (await client.GetAsync(failed.TaskId))!;
        Assert.Equal((ScheduleStatus.Completed, 1L), (task.Status, task.RunCount));
        Assert.Empty((await client.GetFailedRunsAsync()).Runs);
        Assert.Contains("not a failed or timed-out run (it succeeded)", (await Assert.ThrowsAsync<RetryRefusedException>(() => client.RetryRunAsync(failed.RunId))).Message);
        // Its failed Hangfire job has left Hangfire's Failed list, naming the job that retried it.
        var retryJob = await hangfire.JobIdAsync(retried);
        Assert.NotEqual(failedJob, retryJob);
        var old = await Eventually.WaitAsync(() => Task.FromResult(hangfire.StateOf(failedJob)), s => s.Name != "Failed", TaskRuns.Patience, "the failed job to leave Failed");
        Assert.Equal("Deleted", old.Name);
        Assert.Equal($"Retried: run {failed.RunId} runs again as job {retryJob}", old.Reason);
        Assert.DoesNotContain(hangfire.Monitoring.FailedJobs(0, 50), j => j.Key == failedJob);
    }

    [Fact]
    public async Task Waiting_for_a_retried_run_by_its_id_returns_the_retrys_outcome_not_the_failure_it_retries()
    {
        await using var redis = await RedisTestContext.CreateAsync("retry-wait");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("retry-wait");
        var marker = dir.File("ready");
        var client = redis.CreateClient();
        var failed = Assert.Single(await TaskRuns.RunAsync(client, new ShellTask($"test -f '{marker}'", UseShell: true) { Execution = TaskRuns.Fast() }));
        Assert.Equal(RunOutcome.Failed, failed.Outcome);
        await File.WriteAllTextAsync(marker, "");

        await client.RetryRunAsync(failed.RunId);
        var outcome = await client.WaitForResultAsync(failed.TaskId, TaskRuns.Patience, failed.RunId);

        Assert.Equal((failed.RunId, 2, RunOutcome.Succeeded), (outcome!.RunId, outcome.Attempt, outcome.Outcome));
    }

    [Fact]
    public async Task Waiting_for_a_retry_its_tasks_cancel_dropped_before_it_started_returns_the_failure_without_waiting_out_the_timeout()
    {
        await using var redis = await RedisTestContext.CreateAsync("retry-wait-dropped");
        var client = redis.CreateClient();
        var failed = await FailedRunWithNoSystemLeftAsync(redis, client);
        // No Beat to fire the retry: it is asked for, then its task cancelled before it could start (what Beat or a
        // worker's claim then drops, writing nothing).
        await client.RetryRunAsync(failed.RunId);
        await client.CancelAsync(failed.TaskId);

        var outcome = await client.WaitForResultAsync(failed.TaskId, TimeSpan.FromSeconds(5), failed.RunId);

        Assert.Equal((failed.RunId, 1, RunOutcome.Failed), (outcome?.RunId, outcome?.Attempt, outcome?.Outcome));
    }

    [Fact]
    public async Task A_retry_its_tasks_cancel_dropped_before_it_started_puts_the_run_back_on_the_failed_list_and_the_id_scheduled_anew_does_not_revive_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("retry-cancel-anew");
        var client = redis.CreateClient();
        var db = redis.Redis.GetDatabase();
        var (definition, options) = (new ShellTask("exit 3", UseShell: true) { Execution = TaskRuns.Fast() }, new ScheduleOptions { Id = "retried-then-cancelled" });
        var task = await client.ScheduleAsync(definition, "every 1 hour", options);
        TaskRun failed;
        await using (var system = await InProcessSystem.StartAsync(redis))
        {
            await client.TriggerNowAsync(task.Id);
            failed = Assert.Single(await TaskRuns.UntilFinalAsync(client, task.Id));
        }
        // No Beat to fire the retry: it is asked for, then its task cancelled before it could start.
        await client.RetryRunAsync(failed.RunId);
        Assert.Equal(0, (await client.GetFailedRunsAsync()).Total);
        await client.CancelAsync(task.Id);

        var listed = Assert.Single((await client.GetFailedRunsAsync()).Runs);
        Assert.Equal((failed.RunId, 1, RunOutcome.Failed), (listed.Run.RunId, listed.Run.Attempt, listed.Run.Outcome));
        var afterCancel = (await client.GetRunAsync(failed.RunId))!;
        Assert.Equal((RunState.Ended, RunOutcome.Failed, true, null), (afterCancel.State, afterCancel.Outcome, afterCancel.InFailedList, afterCancel.Request));

        // Scheduled anew under its id, with a Beat and a worker this time: the old run's retry stays dropped.
        Assert.Equal(ScheduleOutcome.Rescheduled, (await client.ScheduleWithResultAsync(definition, "every 1 hour", options)).Outcome);
        var anew = (await client.GetRunAsync(failed.RunId))!;
        Assert.Equal((RunState.Ended, RunOutcome.Failed, true), (anew.State, anew.Outcome, anew.InFailedList));
        await using (var system = await InProcessSystem.StartAsync(redis))
            await Eventually.WaitAsync(() => db.SortedSetLengthAsync(redis.KeyPrefix + "triggers"), n => n == 0, TaskRuns.Patience, "Beat to take the dropped retry's request");
        Assert.Equal([(1, RunOutcome.Failed)], (await client.GetRunsAsync(task.Id)).Select(r => (r.Attempt, r.Outcome)));
        var later = (await client.GetRunAsync(failed.RunId))!;
        Assert.Equal((RunState.Ended, RunOutcome.Failed, true), (later.State, later.Outcome, later.InFailedList));
    }

    [Fact]
    public async Task A_retry_its_tasks_cancel_dropped_goes_back_on_a_full_failed_list_whose_oldest_leaves_so_it_stays_at_its_cap()
    {
        await using var redis = await RedisTestContext.CreateAsync("retry-cancel-cap");
        var client = redis.CreateClient();
        var db = redis.Redis.GetDatabase();
        var keys = new Scheduler.Contracts.Storage.RedisKeys(redis.KeyPrefix);
        var failed = await FailedRunWithNoSystemLeftAsync(redis, client);
        var score = (await db.SortedSetScoreAsync(keys.FailedRuns, failed.RunId))!.Value;
        await client.RetryRunAsync(failed.RunId);
        // While the retry waits, the list fills up to its cap with runs that failed before this one did.
        var older = Enumerable.Range(1, RunScripts.FailedRunsCap).Select(i => (Run: $"older:{i}", Score: score - i)).ToList();
        await db.SortedSetAddAsync(keys.FailedRuns, [.. older.Select(o => new StackExchange.Redis.SortedSetEntry(o.Run, o.Score))]);
        await db.HashSetAsync(keys.FailedRunData, [.. older.Select(o => new StackExchange.Redis.HashEntry(o.Run, "{}"))]);

        await client.CancelAsync(failed.TaskId);

        // Back on it, and the oldest entry left with its data, as a new failure's record trims the list.
        Assert.Equal((double?)score, await db.SortedSetScoreAsync(keys.FailedRuns, failed.RunId));
        Assert.Equal(((long)RunScripts.FailedRunsCap, (long)RunScripts.FailedRunsCap), (await db.SortedSetLengthAsync(keys.FailedRuns), await db.HashLengthAsync(keys.FailedRunData)));
        Assert.Null(await db.SortedSetScoreAsync(keys.FailedRuns, older[^1].Run));
        Assert.False(await db.HashExistsAsync(keys.FailedRunData, older[^1].Run));
        Assert.True(await db.HashExistsAsync(keys.FailedRunData, failed.RunId));
    }

    [Fact]
    public async Task Cli_retry_with_wait_says_the_retry_was_dropped_when_its_task_is_cancelled_before_it_starts()
    {
        await using var redis = await RedisTestContext.CreateAsync("retry-cli-dropped");
        var client = redis.CreateClient();
        var failed = await FailedRunWithNoSystemLeftAsync(redis, client);
        // No Beat to fire the retry: the CLI asks for it and waits; the task is cancelled meanwhile.
        var cli = InProcessCli.RunAsync(redis, "retry", failed.RunId, "--wait", "20s");
        await Eventually.WaitAsync(async () => (await client.GetFailedRunsAsync()).Total, n => n == 0, TaskRuns.Patience, "the retry asked for");
        await client.CancelAsync(failed.TaskId);

        var result = await cli;

        Assert.True(result.Code == ExitCodes.Failure, $"exit {result.Code}: {result.Out}{result.Err}");
        Assert.Contains($"error: the retry of run {failed.RunId} did not run: task {failed.TaskId} was cancelled or deleted before it started", result.Err);
        Assert.Contains($"{failed.RunId}: failed after 1 attempt(s)", result.Out);
    }

    [Fact]
    public async Task A_retry_by_hand_is_one_attempt_even_when_the_run_ended_before_using_the_retries_its_task_now_has()
    {
        await using var redis = await RedisTestContext.CreateAsync("retry-once");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("retry-once");
        var marker = dir.File("ran");
        var client = redis.CreateClient();
        var command = new ShellTask("echo ran >> \"$1\"; exit 1", [marker], UseShell: true);
        var failed = Assert.Single(await TaskRuns.RunAsync(client, command with { Execution = TaskRuns.Fast() }));
        Assert.Equal((RunOutcome.Failed, true), (failed.Outcome, failed.IsFinal));
        // The task is given retries afterwards (what an operator may do before pressing Retry).
        await client.UpdateAsync(failed.TaskId, new TaskUpdate
        {
            Task = command with { Execution = new ExecutionPolicy(MaxRetries: 2, BackoffBase: TimeSpan.FromMilliseconds(100), BackoffMax: TimeSpan.FromMilliseconds(100)) },
        });

        await client.RetryRunAsync(failed.RunId);

        var outcome = await Eventually.WaitAsync(() => client.GetRunsAsync(failed.TaskId), r => r.Count >= 2 && r[0].IsFinal, TaskRuns.Patience, "the retry's outcome");
        // The retry's job has failed: its delivery, which runs every attempt the run is given, is over, so no other
        // attempt can follow (had the retry been given the task's retries, they would have run before this).
        Assert.Equal("Failed", (await new HangfireJobs(redis).FinalStateAsync(outcome[0])).Name);
        var runs = await client.GetRunsAsync(failed.TaskId);
        Assert.Equal([(2, true), (1, true)], runs.Select(r => (r.Attempt, r.IsFinal)));
        Assert.Equal(2, (await File.ReadAllLinesAsync(marker)).Length);
    }

    [Fact]
    public async Task A_run_of_a_cancelled_task_is_not_retried_and_failed_runs_filter_by_task_and_type()
    {
        await using var redis = await RedisTestContext.CreateAsync("retry-refused");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var shell = await client.ScheduleAsync(new ShellTask("exit 4", UseShell: true) { Execution = TaskRuns.Fast() }, "every 1 hour");
        var other = await client.ScheduleAsync(new ShellTask("exit 5", UseShell: true) { Execution = TaskRuns.Fast() }, "in 1 second");
        await client.TriggerNowAsync(shell.Id);
        await Eventually.WaitAsync(async () => (await client.GetFailedRunsAsync()).Total, n => n == 2, TaskRuns.Patience, "two failed runs");

        var onlyShellTask = await client.GetFailedRunsAsync(taskId: shell.Id);
        Assert.Equal(shell.Id, Assert.Single(onlyShellTask.Runs).Run.TaskId);
        Assert.Equal(2, (await client.GetFailedRunsAsync(type: "shell")).Total);
        Assert.Equal(0, (await client.GetFailedRunsAsync(type: "notification")).Total);

        await client.CancelAsync(shell.Id);
        var e = await Assert.ThrowsAsync<RetryRefusedException>(() => client.RetryRunAsync(onlyShellTask.Runs[0].Run.RunId));
        Assert.Contains("is cancelled", e.Message);
        // A deleted task's runs leave the list.
        await client.DeleteAsync(other.Id);
        Assert.Equal(shell.Id, Assert.Single((await client.GetFailedRunsAsync()).Runs).Run.TaskId);
    }

    // A task's one failed run, the system that ran it stopped: no Beat is left to fire a retry asked for next.
    private static async Task<TaskRun> FailedRunWithNoSystemLeftAsync(RedisTestContext redis, SchedulerClient client)
    {
        var task = await client.ScheduleAsync(new ShellTask("exit 3", UseShell: true) { Execution = TaskRuns.Fast() }, "every 1 hour");
        await using var system = await InProcessSystem.StartAsync(redis);
        await client.TriggerNowAsync(task.Id);
        var failed = Assert.Single(await TaskRuns.UntilFinalAsync(client, task.Id));
        Assert.Equal(RunOutcome.Failed, failed.Outcome);
        return failed;
    }
}
