using Scheduler.Contracts.Schedules;
using Scheduler.Runtime.Storage;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// The stuck-"running" check reads a running index kept by the scripts that set and clear the status, not every
/// schedule's status; one Beat at a time does the periodic pass. And an overlap-queue run is counted once however many
/// times it is delivered (issue 14).
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class RunningIndexTests
{
    [Fact]
    public async Task Running_index_follows_the_status_and_the_stuck_check_sets_back_only_what_it_lists_with_nothing_in_flight()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-running-index");
        var (client, db, keys) = (redis.CreateClient(), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("indexed"), "every 1 hour");
        var runId = $"{task.Id}:1";
        await db.StringSetAsync(keys.RunningIndexed, "1");

        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(runId, "job-1", "worker-a", task.Id)).Claim);
        Assert.True(await db.SetContainsAsync(keys.Running, task.Id));
        Assert.Empty(await store.SettleStuckRunningAsync());
        // Its run was lost (entry taken by a recovery): the schedule is stuck "running" and the check finds it.
        Assert.True(await store.ReleaseOrphanAsync((await store.InFlightAsync()).Single()));
        Assert.Equal([task.Id], await store.SettleStuckRunningAsync());
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync(task.Id))!.Status);
        Assert.False(await db.SetContainsAsync(keys.Running, task.Id));

        // A final outcome takes it out of the index with the status.
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync($"{task.Id}:2", "job-2", "worker-a", task.Id)).Claim);
        Assert.True(await db.SetContainsAsync(keys.Running, task.Id));
        await store.RecordAttemptAsync(new TaskRun
        {
            RunId = $"{task.Id}:2", TaskId = task.Id, Attempt = 1, WorkerId = "worker-a", StartedAt = DateTimeOffset.UtcNow,
            FinishedAt = DateTimeOffset.UtcNow, Outcome = RunOutcome.Succeeded, IsFinal = true,
        }, "job-2", oneShot: false, maxRuns: null);
        Assert.False(await db.SetContainsAsync(keys.Running, task.Id));

        // The check reads the index, not the schedules: a status written behind the scripts' back is not scanned for.
        var other = await client.ScheduleAsync(new NotificationTask("unindexed"), "every 1 hour");
        await db.HashSetAsync(keys.Task(other.Id), "status", "running");
        Assert.Empty(await store.SettleStuckRunningAsync());
    }

    [Fact]
    public async Task Deployment_from_before_the_index_is_indexed_once_from_every_schedule()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-running-migrate");
        var (client, db, keys) = (redis.CreateClient(), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var old = await client.ScheduleAsync(new NotificationTask("old"), "every 1 hour");
        await db.HashSetAsync(keys.Task(old.Id), "status", "running");

        Assert.Equal([old.Id], await store.SettleStuckRunningAsync());
        Assert.True(await db.KeyExistsAsync(keys.RunningIndexed));
    }

    [Fact]
    public async Task One_beat_takes_the_reconcile_pass_per_period()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-reconcile-lock");
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);

        var taken = await Task.WhenAll(store.TryTakeReconcilePassAsync("beat-a", TimeSpan.FromMinutes(1)), store.TryTakeReconcilePassAsync("beat-b", TimeSpan.FromMinutes(1)));

        Assert.Single(taken, t => t);
    }

    [Fact]
    public async Task Queued_overlap_run_is_counted_once_however_often_it_is_released_or_finished()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-queued-runs");
        var (client, db, keys) = (redis.CreateClient(), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("queued"), "every 1 hour", new ScheduleOptions { Overlap = OverlapPolicy.Queue });
        await db.HashSetAsync(keys.Task(task.Id), "status", "running");
        async Task<long> FireQueuedAsync()
        {
            var due = (long)await db.HashGetAsync(keys.Task(task.Id), "nextRunAt");
            await store.CommitFireAsync(task.Id, due, DateTimeOffset.FromUnixTimeMilliseconds(due).AddHours(1), null, fired: true, queued: true, $"{task.Id}:{due}", $"job-{due}");
            return due;
        }
        async Task<long> QueuedRunsAsync() => (long)await db.HashGetAsync(keys.Task(task.Id), "queuedRuns");

        var first = await FireQueuedAsync();
        Assert.Equal(1, await QueuedRunsAsync());
        // Two deliveries of the same run (a re-queue) both end their wait.
        await store.ReleaseQueuedRunAsync(task.Id, $"{task.Id}:{first}");
        await store.ReleaseQueuedRunAsync(task.Id, $"{task.Id}:{first}");
        Assert.Equal(0, await QueuedRunsAsync());

        // A queued run that never waited (the previous one had finished by its claim) is released by its outcome.
        var second = await FireQueuedAsync();
        Assert.Equal(1, await QueuedRunsAsync());
        await store.RecordAttemptAsync(new TaskRun
        {
            RunId = $"{task.Id}:{second}", TaskId = task.Id, Attempt = 1, WorkerId = "worker-a", StartedAt = DateTimeOffset.UtcNow,
            FinishedAt = DateTimeOffset.UtcNow, Outcome = RunOutcome.Succeeded, IsFinal = true,
        }, $"job-{second}", oneShot: false, maxRuns: null);
        await store.ReleaseQueuedRunAsync(task.Id, $"{task.Id}:{second}");
        Assert.Equal(0, await QueuedRunsAsync());
    }
}
