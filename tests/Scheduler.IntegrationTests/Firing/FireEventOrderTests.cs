using Scheduler.Contracts.Events;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.Firing;

/// <summary>
/// A run's <c>scheduler.task.fired</c> comes before its <c>scheduler.task.started</c> on the events stream, once each,
/// whichever lands first: Beat's commit of the fire (after it queued the job) or the worker's claim of that job. Both
/// orders are made exactly, the claim and the commit called as the worker and Beat call them.
/// </summary>
public sealed class FireEventOrderTests
{
    [Fact]
    public async Task A_run_claimed_before_beats_commit_of_its_fire_is_announced_fired_then_started_once_each()
    {
        await using var redis = await RedisTestContext.CreateAsync("fire-order-claim-first");
        var (client, store) = (redis.CreateClient(verifyWorkers: false), new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System));
        var task = await client.ScheduleAsync(new NotificationTask("order"), "every 1 hour");
        var due = task.NextRunAt!.Value.ToUnixTimeMilliseconds();

        // Beat queued the job; a worker took it and claimed the run before Beat's commit landed.
        var start = await store.BeginRunAsync($"{task.Id}:{due}", "job-1", "worker-1", task.Id, claimToken: "claim-1", startedEvent: SchedulerEvents.Started);
        Assert.Equal(AttemptClaim.Run, start.Claim);
        Assert.All(await store.CommitFiresAsync([new FireCommit(task.Id, due, task.NextRunAt!.Value.AddHours(1), null, Fired: true, JobId: "job-1")]), Assert.Null);

        Assert.Equal([(SchedulerEvents.Fired, due.ToString()), (SchedulerEvents.Started, "")], await RunEventsAsync(redis, task.Id));
    }

    [Fact]
    public async Task A_run_claimed_after_beats_commit_of_its_fire_is_announced_fired_then_started_once_each()
    {
        await using var redis = await RedisTestContext.CreateAsync("fire-order-commit-first");
        var (client, store) = (redis.CreateClient(verifyWorkers: false), new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System));
        var task = await client.ScheduleAsync(new NotificationTask("order"), "every 1 hour");
        var due = task.NextRunAt!.Value.ToUnixTimeMilliseconds();

        Assert.All(await store.CommitFiresAsync([new FireCommit(task.Id, due, task.NextRunAt!.Value.AddHours(1), null, Fired: true, JobId: "job-1")]), Assert.Null);
        var start = await store.BeginRunAsync($"{task.Id}:{due}", "job-1", "worker-1", task.Id, claimToken: "claim-1", startedEvent: SchedulerEvents.Started);
        Assert.Equal(AttemptClaim.Run, start.Claim);

        Assert.Equal([(SchedulerEvents.Fired, due.ToString()), (SchedulerEvents.Started, "")], await RunEventsAsync(redis, task.Id));
    }

    // The task's fired and started events in stream order, each with the instant it names as due ("" for none).
    private static async Task<List<(string Type, string DueAt)>> RunEventsAsync(RedisTestContext redis, string taskId)
    {
        var entries = await redis.Redis.GetDatabase().StreamRangeAsync(new RedisKeys(redis.KeyPrefix).Events);
        return [.. entries
            .Select(e => e.Values.ToDictionary(v => v.Name.ToString(), v => v.Value.ToString()))
            .Where(f => f.GetValueOrDefault("taskId") == taskId && f["type"] is SchedulerEvents.Fired or SchedulerEvents.Started)
            .Select(f => (f["type"], f.GetValueOrDefault("dueAt") ?? ""))];
    }
}
