using System.Text.Json;
using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Runs;

/// <summary>A run read by its id says where it stands now: running on a worker, waiting for its next retry, or ended.</summary>
public sealed class RunByIdStateTests
{
    [Fact]
    public async Task A_run_in_progress_is_running_on_its_worker_its_page_offers_stop_and_the_workers_page_links_its_id_to_its_page()
    {
        await using var redis = await RedisTestContext.CreateAsync("run-by-id-running");
        var client = redis.CreateClient(verifyWorkers: false);
        await using var system = await InProcessSystem.StartAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var task = await client.ScheduleAsync(new ShellTask("sleep", ["30"]) { Execution = TaskRuns.Fast(hardSeconds: 60, softSeconds: 40) }, "every 1 hour",
            new ScheduleOptions { Id = "sleeper" });
        var runId = await client.TriggerNowAsync(task.Id);
        Assert.NotNull(runId);

        var run = await Eventually.WaitAsync(() => client.GetRunAsync(runId), r => r?.State == RunState.Running, TaskRuns.Patience, "the run to start");
        Assert.Equal(1, run!.Attempt);
        Assert.False(string.IsNullOrEmpty(run.WorkerId));
        Assert.NotNull(run.Since);
        Assert.Empty(run.Attempts);
        Assert.Contains($"<td data-testid=\"run-id\"><a data-testid=\"run-link\" href=\"/scheduler/runs/{Uri.EscapeDataString(runId)}\">{runId}</a></td>",
            await dashboard.Http.GetStringAsync("/scheduler/workers"));
        var page = await dashboard.Http.GetStringAsync($"/scheduler/runs/{Uri.EscapeDataString(runId)}");
        Assert.Contains($"running attempt 1 on {run.WorkerId}", page);
        Assert.Contains($"data-run-action=\"stop\" data-testid=\"action-stop-run\" title=\"Stop this run: recorded cancelled, not retried; the schedule goes on\" data-task-id=\"sleeper\" data-run-id=\"{runId}\"", page);

        await client.StopRunsAsync(task.Id, runId);
        var ended = await Eventually.WaitAsync(() => client.GetRunAsync(runId), r => r?.State == RunState.Ended, TaskRuns.Patience, "the stopped run to end");
        Assert.Equal(RunOutcome.Cancelled, ended!.Outcome);
        Assert.NotNull(ended.StoppedBy);
        Assert.DoesNotContain("action-stop-run", await dashboard.Http.GetStringAsync($"/scheduler/runs/{Uri.EscapeDataString(runId)}"));
    }

    [Fact]
    public async Task A_run_parked_in_flight_for_its_next_retry_is_waiting_for_retry()
    {
        await using var redis = await RedisTestContext.CreateAsync("run-by-id-parked");
        var client = redis.CreateClient(verifyWorkers: false);
        const string runId = "parked:1764500000000";
        // The in-flight entry a run waiting for its next retry outside any worker has ("jobId|workerId|taskId|attempt|startedMs").
        await redis.Redis.GetDatabase().HashSetAsync(redis.KeyPrefix + "inflight", runId, "job-7|waiting-for-retry|parked|2|1764500001000");

        var run = await client.GetRunAsync(runId);

        Assert.NotNull(run);
        // The entry names attempt 2, to come: attempt 1 is the last that ended.
        Assert.Equal((RunState.WaitingForRetry, 1, (string?)null), (run.State, run.Attempt, run.WorkerId));
        Assert.Equal("waiting for attempt 2, due 1764500001000 (attempt 1 failed; no worker holds it meanwhile)",
            RunDetailText.State(run, at => at?.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", o => o.ToString()));
        Assert.Equal("job-7", run.HangfireJobId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764500000000), run.DueAt);
    }

    [Fact]
    public async Task A_fired_run_whose_task_is_cancelled_before_a_worker_starts_it_reads_ended_cancelled_not_waiting_to_start()
    {
        await using var redis = await RedisTestContext.CreateAsync("run-by-id-cancelled");
        var client = redis.CreateClient(verifyWorkers: false);
        var task = await client.ScheduleAsync(new NotificationTask("never sent"), "in:1s", new ScheduleOptions { Id = "dropped" });
        var runId = $"{task.Id}:{task.NextRunAt!.Value.ToUnixTimeMilliseconds()}";
        await using (await InProcessSystem.StartAsync(redis, workers: 0))
            await Eventually.WaitAsync(() => client.GetRunAsync(runId), r => r?.State == RunState.Waiting, TaskRuns.Patience, "Beat to fire the run");

        Assert.True(await client.CancelAsync(task.Id));
        // The worker that comes later is handed the run's job and refuses it, leaving the run's ledger as it was.
        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0);
        var jobId = (await client.GetRunAsync(runId))!.HangfireJobId!;
        await new HangfireJobs(redis).FinalStateAsync(jobId);

        var run = await client.GetRunAsync(runId);
        Assert.NotNull(run);
        Assert.Equal((RunState.Ended, RunOutcome.Cancelled), (run.State, run.Outcome));
        Assert.Empty(run.Attempts);
        Assert.Equal("ended cancelled", RunDetailText.State(run, _ => "", o => o.ToString().ToLowerInvariant()));
    }

    [Fact]
    public async Task A_run_whose_recorded_attempts_start_at_2_reads_trimmed_only_once_the_task_history_is_full()
    {
        await using var redis = await RedisTestContext.CreateAsync("run-by-id-gap");
        var client = redis.CreateClient(verifyWorkers: false);
        var db = redis.Redis.GetDatabase();
        const string runId = "gap:1764500000000";
        var due = DateTimeOffset.FromUnixTimeMilliseconds(1764500000000);
        // A worker stopped with SIGTERM before the run's handler started (waiting for the run before it, say) hands it
        // back without a record: the next delivery's attempt 2 is the first.
        var second = new TaskRun
        {
            RunId = runId, TaskId = "gap", Attempt = 2, WorkerId = "worker-b", DueAt = due, StartedAt = due.AddSeconds(20),
            FinishedAt = due.AddSeconds(21), Outcome = RunOutcome.Succeeded, IsFinal = true,
        };
        await db.ListLeftPushAsync(redis.KeyPrefix + "runs:gap", JsonSerializer.Serialize(second, TaskTypes.JsonOptions));
        await db.HashSetAsync(redis.KeyPrefix + "run:" + runId, [new("owner", "job-1"), new("attempts", "2"), new("done", "succeeded")]);

        var handedBack = await client.GetRunAsync(runId);
        Assert.Equal((RunState.Ended, 2, false), (handedBack!.State, handedBack.Attempts.Single().Attempt, handedBack.EarlierAttemptsTrimmed));

        // Once the history holds its newest 1,000 records, older ones may have been dropped: the gap may be a trim.
        var later = Enumerable.Range(1, 999).Select(i => (StackExchange.Redis.RedisValue)JsonSerializer.Serialize(
            second with { RunId = $"gap:{1764500000000 + i * 1000L}", Attempt = 1, StartedAt = due.AddSeconds(i + 30), FinishedAt = due.AddSeconds(i + 31) },
            TaskTypes.JsonOptions)).ToArray();
        await db.ListLeftPushAsync(redis.KeyPrefix + "runs:gap", later);
        Assert.True((await client.GetRunAsync(runId))!.EarlierAttemptsTrimmed);
    }
}
