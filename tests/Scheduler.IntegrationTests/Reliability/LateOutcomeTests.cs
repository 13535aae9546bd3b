using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// A worker whose run was re-queued (reconciler or watchdog) may still write its outcome late: that write must touch
/// only its own in-flight entry, never the re-delivery's.
/// </summary>
public sealed class LateOutcomeTests
{
    private const string TaskId = "late-task";
    private const string RunId = "late-task:1700000000000";
    private const string JobId = "job-1";

    private static TaskRun Final(string workerId, int attempt) => new()
    {
        RunId = RunId, TaskId = TaskId, Attempt = attempt, WorkerId = workerId, StartedAt = DateTimeOffset.UtcNow,
        FinishedAt = DateTimeOffset.UtcNow, Outcome = RunOutcome.Succeeded, IsFinal = true,
    };

    private static string Entry(string workerId, int attempt) => $"{JobId}|{workerId}|{TaskId}|{attempt}|1700000000000";

    [Fact]
    public async Task A_late_final_write_leaves_the_redelivery_in_flight_entry_alone()
    {
        await using var redis = await RedisTestContext.CreateAsync("late-outcome");
        var keys = new RedisKeys(redis.KeyPrefix);
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var db = redis.Redis.GetDatabase();
        // Worker A's attempt 1 was released and re-queued; worker B claimed attempt 2 of the same job.
        await db.HashSetAsync(keys.InFlight, RunId, Entry("worker-b", 2));

        await store.RecordAttemptAsync(Final("worker-a", 1), JobId, oneShot: false, maxRuns: null);

        Assert.Equal(Entry("worker-b", 2), (string?)await db.HashGetAsync(keys.InFlight, RunId));
    }

    [Fact]
    public async Task A_final_write_removes_the_writers_own_in_flight_entry_even_when_the_run_was_already_done()
    {
        await using var redis = await RedisTestContext.CreateAsync("late-outcome");
        var keys = new RedisKeys(redis.KeyPrefix);
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var db = redis.Redis.GetDatabase();
        await db.HashSetAsync(keys.InFlight, RunId, Entry("worker-a", 1));

        await store.RecordAttemptAsync(Final("worker-a", 1), JobId, oneShot: false, maxRuns: null);
        Assert.False(await db.HashExistsAsync(keys.InFlight, RunId));

        // The late writer finished first; the re-delivery's own write is refused as a duplicate but still leaves.
        await db.HashSetAsync(keys.InFlight, RunId, Entry("worker-b", 2));
        await store.RecordAttemptAsync(Final("worker-b", 2), JobId, oneShot: false, maxRuns: null);
        Assert.False(await db.HashExistsAsync(keys.InFlight, RunId));
    }
    [Fact]
    public async Task A_delivery_whose_run_another_finished_first_sets_its_running_task_back_to_scheduled_as_it_leaves()
    {
        await using var redis = await RedisTestContext.CreateAsync("late-outcome-settles");
        var keys = new RedisKeys(redis.KeyPrefix);
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new Contracts.Tasks.NotificationTask("tick"), "every 1 hour", new ScheduleOptions { Id = "settles" });
        var runId = $"settles:{task.NextRunAt!.Value.ToUnixTimeMilliseconds()}";
        TaskRun Final(string workerId, int attempt) => new()
        {
            RunId = runId, TaskId = "settles", Attempt = attempt, WorkerId = workerId, StartedAt = DateTimeOffset.UtcNow,
            FinishedAt = DateTimeOffset.UtcNow, Outcome = RunOutcome.Succeeded, IsFinal = true,
        };
        // A failover rolled back the first delivery's claim: the re-fired run is claimed again by worker B, and then
        // worker A's replayed outcome of the first delivery finishes the run.
        var start = await store.BeginRunAsync(runId, "job-b", "worker-b", "settles");
        Assert.Equal(AttemptClaim.Run, start.Claim);
        await store.RecordAttemptAsync(Final("worker-a", 1), "job-a", oneShot: false, maxRuns: null);
        Assert.Equal(ScheduleStatus.Running, (await client.GetAsync("settles"))!.Status);

        // B's own outcome is not counted again, and as it leaves, no run of the task is in flight any more. Its attempt ran,
        // so the history keeps it, not final and saying why (once, however often the write is repeated).
        var writeId = ScheduleStoreRunLedger.AttemptWriteId(start.Attempt);
        await store.RecordAttemptAsync(Final("worker-b", start.Attempt), "job-b", oneShot: false, maxRuns: null, writeId);
        await store.RecordAttemptAsync(Final("worker-b", start.Attempt), "job-b", oneShot: false, maxRuns: null, writeId);

        var settled = (await client.GetAsync("settles"))!;
        Assert.Equal((ScheduleStatus.Scheduled, 1), (settled.Status, settled.RunCount));
        var history = (await client.GetRunsAsync("settles")).OrderBy(r => r.WorkerId).ToList();
        Assert.Collection(history,
            first => Assert.Equal(("worker-a", true, RunOutcome.Succeeded, (string?)null), (first.WorkerId, first.IsFinal, first.Outcome, first.Error)),
            second => Assert.Equal(("worker-b", false, RunOutcome.Succeeded, RunLedgerScripts.LateNote), (second.WorkerId, second.IsFinal, second.Outcome, second.Error)));
        Assert.Equal(RunOutcome.Succeeded, (await client.GetRunAsync(runId))!.Outcome);
        // Beat's own records (a stop, a lost attempt) on a run already ended are not executions: none is kept.
        await store.RecordAttemptAsync(Final("beat", start.Attempt + 1) with { Outcome = RunOutcome.Cancelled }, "job-b", oneShot: false, maxRuns: null, $"stopped:{runId}");
        Assert.Equal(2, (await client.GetRunsAsync("settles")).Count);
        Assert.False(await redis.Redis.GetDatabase().SetContainsAsync(keys.Running, "settles"));
    }

    [Fact]
    public async Task The_late_outcome_of_a_deleted_tasks_run_is_not_recorded_on_a_task_created_again_under_the_id()
    {
        await using var redis = await RedisTestContext.CreateAsync("late-reborn");
        var keys = new RedisKeys(redis.KeyPrefix);
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var client = redis.CreateClient();
        var old = await client.ScheduleAsync(new Contracts.Tasks.NotificationTask("old"), "in 1 hour", new ScheduleOptions { Id = "reborn" });
        await client.ScheduleAsync(new Contracts.Tasks.NotificationTask("next"), "after:reborn:finished", new ScheduleOptions { Id = "next" });
        var runId = $"reborn:{old.NextRunAt!.Value.ToUnixTimeMilliseconds()}";
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(runId, JobId, "worker-a", "reborn")).Claim);
        // Deleted while it runs (its worker is told to stop), and scheduled again at once under the same id.
        Assert.True(await client.DeleteAsync("reborn"));
        await client.ScheduleAsync(new Contracts.Tasks.NotificationTask("new"), "in 2 hours", new ScheduleOptions { Id = "reborn" });

        await store.RecordAttemptAsync(new TaskRun
        {
            RunId = runId, TaskId = "reborn", Attempt = 1, WorkerId = "worker-a", StartedAt = DateTimeOffset.UtcNow,
            FinishedAt = DateTimeOffset.UtcNow, Outcome = RunOutcome.Cancelled, IsFinal = true,
        }, JobId, oneShot: true, maxRuns: null);

        var task = await client.GetAsync("reborn");
        Assert.Equal((ScheduleStatus.Scheduled, 0), (task!.Status, task.RunCount));
        Assert.Empty(await client.GetRunsAsync("reborn"));
        Assert.Equal(0, await redis.Redis.GetDatabase().SortedSetLengthAsync(keys.Triggers));
    }

    [Fact]
    public async Task A_late_workers_retry_claim_stands_down_while_the_redelivery_holds_the_run_and_leaves_its_entry()
    {
        await using var redis = await RedisTestContext.CreateAsync("late-retry");
        var keys = new RedisKeys(redis.KeyPrefix);
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var db = redis.Redis.GetDatabase();
        Assert.Equal((AttemptClaim.Run, 1), await store.BeginAttemptAsync(RunId, JobId, "worker-a", TaskId));
        // Its own entry still there (attempt 1 failed, its outcome written): worker A's retry goes ahead.
        Assert.Equal((AttemptClaim.Run, 2), await store.BeginAttemptAsync(RunId, JobId, "worker-a", TaskId));
        // Then the reconciler took A's entry and re-queued the job; worker B's delivery (same job id) claimed it.
        var taken = (await store.InFlightAsync()).Single();
        Assert.True(await store.ReleaseOrphanAsync(taken));
        Assert.Equal((AttemptClaim.Run, 3), await store.BeginAttemptAsync(RunId, JobId, "worker-b", TaskId));
        var redelivery = (string?)await db.HashGetAsync(keys.InFlight, RunId);

        // Worker A's late write landed, and its next retry asks to claim: it must not take B's run over.
        Assert.Equal(AttemptClaim.Running, (await store.BeginAttemptAsync(RunId, JobId, "worker-a", TaskId)).Claim);

        Assert.Equal(redelivery, (string?)await db.HashGetAsync(keys.InFlight, RunId));
        Assert.Equal(3, (int)await db.HashGetAsync(keys.Run(RunId), "attempts"));
    }

    [Fact]
    public async Task A_failed_run_keeps_its_retry_button_on_the_schedule_page_when_a_late_execution_is_recorded_above_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("late-outcome-retry-button");
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new Contracts.Tasks.NotificationTask("tick"), "every 1 hour", new ScheduleOptions { Id = "late-failed" });
        var runId = $"late-failed:{task.NextRunAt!.Value.ToUnixTimeMilliseconds()}";
        TaskRun Ended(string workerId, RunOutcome outcome) => new()
        {
            RunId = runId, TaskId = "late-failed", Attempt = 1, WorkerId = workerId, StartedAt = DateTimeOffset.UtcNow,
            FinishedAt = DateTimeOffset.UtcNow, Outcome = outcome, Error = outcome == RunOutcome.Failed ? "exit code 1" : null, IsFinal = true,
        };
        var start = await store.BeginRunAsync(runId, "job-b", "worker-b", "late-failed");
        Assert.Equal(AttemptClaim.Run, start.Claim);
        await store.RecordAttemptAsync(Ended("worker-a", RunOutcome.Failed), "job-a", oneShot: false, maxRuns: null);
        await store.RecordAttemptAsync(Ended("worker-b", RunOutcome.Succeeded), "job-b", oneShot: false, maxRuns: null, ScheduleStoreRunLedger.AttemptWriteId(1));
        Assert.True(RunLedgerScripts.IsLate((await client.GetRunsAsync("late-failed"))[0]), "the late record is the newest");

        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var page = await dashboard.Http.GetStringAsync("/scheduler/schedules/late-failed");

        Assert.Equal(1, System.Text.RegularExpressions.Regex.Matches(page, $"data-testid=\"action-retry\" data-run-id=\"{runId}\"").Count);
    }
}
