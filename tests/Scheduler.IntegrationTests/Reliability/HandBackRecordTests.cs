using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// A stopping worker hands back a run whose attempt it cut short with that attempt's record, in the step that takes the
/// run out of its in-flight entry (<see cref="ScheduleStoreRunLedger.HandBackRunAsync"/>): written once, only while the
/// entry is that attempt's on that worker, and settling nothing (as the watchdog's record of a dead worker's attempt);
/// announced once with it, as the watchdog announces that attempt (scheduler.task.retry).
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class HandBackRecordTests
{
    private static TaskRun Interrupted(string runId, string taskId, string workerId, int attempt = 1) => new()
    {
        RunId = runId, TaskId = taskId, Attempt = attempt, WorkerId = workerId, StartedAt = DateTimeOffset.UtcNow, FinishedAt = DateTimeOffset.UtcNow,
        Outcome = RunOutcome.Failed, IsFinal = false, Error = $"worker {workerId} stopped (shut down) during attempt {attempt}; handed back",
    };

    [Fact]
    public async Task A_hand_back_records_its_attempt_once_and_only_while_the_run_is_that_workers()
    {
        await using var redis = await RedisTestContext.CreateAsync("handback-record");
        var client = redis.CreateClient();
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("handed back"), "every 1 hour");
        var runId = $"{task.Id}:1000";
        Assert.Equal(1, (await store.BeginRunAsync(runId, "job-1", "worker-a", task.Id)).Attempt);

        Assert.True(await store.HandBackRunAsync(Interrupted(runId, task.Id, "worker-a"), "job-1"));
        Assert.Empty(await store.InFlightAsync());
        var recorded = Assert.Single(await client.GetRunsAsync(task.Id));
        Assert.Equal((1, RunOutcome.Failed, false, "worker worker-a stopped (shut down) during attempt 1; handed back"),
            (recorded.Attempt, recorded.Outcome, recorded.IsFinal, recorded.Error));
        // Settles nothing: no outcome on the task, nothing in the failed list.
        Assert.Null((await client.GetAsync(task.Id))!.LastOutcome);
        Assert.Equal(0, (await client.GetFailedRunsAsync()).Total);
        // Announced as the watchdog announces a dead worker's lost attempt: the attempt whose start was announced ends.
        var announced = Assert.Single(await RetryEventsAsync(client, task.Id));
        Assert.Equal((task.Id, runId, "worker worker-a stopped (shut down) during attempt 1; handed back"), (announced.TaskId, announced.Data["runId"], announced.Data["error"]));
        Assert.Equal(["error", "runId"], announced.Data.Keys.Order(StringComparer.Ordinal));

        // A repeat (its first reply lost) is told it was handed back, and writes and announces nothing again; another
        // attempt's or worker's hand-back is not.
        Assert.True(await store.HandBackRunAsync(Interrupted(runId, task.Id, "worker-a"), "job-1"));
        Assert.False(await store.HandBackRunAsync(Interrupted(runId, task.Id, "worker-a", attempt: 2), "job-1"));
        Assert.False(await store.HandBackRunAsync(Interrupted(runId, task.Id, "worker-c"), "job-1"));
        Assert.Single(await client.GetRunsAsync(task.Id));
        Assert.Single(await RetryEventsAsync(client, task.Id));

        // The next delivery runs it as attempt 2; a late hand-back of attempt 1 leaves its entry and writes nothing.
        Assert.Equal(2, (await store.BeginRunAsync(runId, "job-1", "worker-b", task.Id)).Attempt);
        Assert.False(await store.HandBackRunAsync(Interrupted(runId, task.Id, "worker-a"), "job-1"));
        Assert.Equal("worker-b", Assert.Single(await store.InFlightAsync()).WorkerId);
        Assert.Single(await client.GetRunsAsync(task.Id));
        Assert.Single(await RetryEventsAsync(client, task.Id));
    }

    private static Task<IReadOnlyList<SchedulerEvent>> RetryEventsAsync(SchedulerClient client, string taskId) =>
        client.GetRecentEventsAsync(EventTypePattern.Parse("task.retry"), 10, taskId);

    [Fact]
    public async Task A_hand_back_after_the_watchdog_took_the_run_or_its_task_was_deleted_records_nothing()
    {
        await using var redis = await RedisTestContext.CreateAsync("handback-taken");
        var client = redis.CreateClient();
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("taken"), "every 1 hour");
        var runId = $"{task.Id}:1000";
        await store.BeginRunAsync(runId, "job-1", "worker-a", task.Id);
        // The watchdog judged the worker dead first: its own record of the lost attempt is the one the history gets.
        Assert.True(await store.ReleaseOrphanAsync(Assert.Single(await store.InFlightAsync())));
        Assert.False(await store.HandBackRunAsync(Interrupted(runId, task.Id, "worker-a"), "job-1"));
        Assert.Empty(await client.GetRunsAsync(task.Id));
        Assert.Empty(await RetryEventsAsync(client, task.Id));

        var deleted = await client.ScheduleAsync(new NotificationTask("deleted"), "every 1 hour");
        var deletedRun = $"{deleted.Id}:1000";
        await store.BeginRunAsync(deletedRun, "job-2", "worker-a", deleted.Id);
        Assert.True(await client.DeleteAsync(deleted.Id));
        // Left, as any hand-back is, but no history is written back for a task that is gone.
        await store.HandBackRunAsync(Interrupted(deletedRun, deleted.Id, "worker-a"), "job-2");
        Assert.Empty(await store.InFlightAsync());
        Assert.False(await redis.Redis.GetDatabase().KeyExistsAsync(new RedisKeys(redis.KeyPrefix).Runs(deleted.Id)));
    }
}
