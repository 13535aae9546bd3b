using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.Firing;

/// <summary>
/// Beat makes a run's Hangfire job before it writes the fire: a task deleted in between must not have that job run the
/// definition of a task created again under the same id. The fire's write finds the task gone (or not the one it read)
/// and stands the run down; a run already owned keeps its owner.
/// </summary>
public sealed class StoodDownFireTests
{
    [Fact]
    public async Task A_fire_committed_after_its_task_was_deleted_leaves_a_job_that_never_runs_the_task_created_again_under_the_id()
    {
        await using var redis = await RedisTestContext.CreateAsync("stood-down-commit");
        var (client, keys) = (redis.CreateClient(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var options = new ScheduleOptions { Id = "reborn" };
        var old = await client.ScheduleAsync(new NotificationTask("old"), "every 1 hour", options);
        var due = old.NextRunAt!.Value.ToUnixTimeMilliseconds();
        var runId = $"reborn:{due}";
        // Beat has read the task and made the job; the task is deleted, and created again, before the fire is written.
        Assert.True(await client.DeleteAsync("reborn"));
        await client.ScheduleAsync(new NotificationTask("new"), "in 2 hours", options);

        var errors = await store.CommitFiresAsync([new FireCommit("reborn", due, old.NextRunAt.Value.AddHours(1), null, Fired: true, JobId: "job-old")]);

        Assert.Null(errors[0]);
        Assert.Equal(AttemptClaim.TaskDeleted, (await store.BeginRunAsync(runId, "job-old", "worker-1", "reborn")).Claim);
        var task = await client.GetAsync("reborn");
        Assert.Equal((ScheduleStatus.Scheduled, 0), (task!.Status, task.RunCount));
        Assert.Empty(await client.GetRunsAsync("reborn"));
        Assert.Null(await redis.Redis.GetDatabase().SortedSetScoreAsync(keys.Fired, runId));
        Assert.True(await redis.Redis.GetDatabase().KeyTimeToLiveAsync(keys.Run(runId)) > TimeSpan.FromDays(6));
    }

    [Fact]
    public async Task A_fire_another_beat_committed_first_keeps_that_beats_job_as_the_runs_owner()
    {
        await using var redis = await RedisTestContext.CreateAsync("stood-down-second");
        var (client, keys) = (redis.CreateClient(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("twice"), "every 1 hour");
        var due = task.NextRunAt!.Value.ToUnixTimeMilliseconds();
        var commit = new FireCommit(task.Id, due, task.NextRunAt.Value.AddHours(1), null, Fired: true, JobId: "job-first");

        await store.CommitFiresAsync([commit]);
        await store.CommitFiresAsync([commit with { JobId = "job-second" }]);

        Assert.Equal(AttemptClaim.Duplicate, (await store.BeginRunAsync($"{task.Id}:{due}", "job-second", "worker-1", task.Id)).Claim);
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync($"{task.Id}:{due}", "job-first", "worker-1", task.Id)).Claim);
    }

    [Fact]
    public async Task A_manual_run_recorded_after_its_task_was_deleted_and_created_again_is_stood_down_and_not_listed_as_fired()
    {
        await using var redis = await RedisTestContext.CreateAsync("stood-down-manual");
        var (client, keys) = (redis.CreateClient(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var options = new ScheduleOptions { Id = "again" };
        var live = await client.ScheduleAsync(new NotificationTask("live"), "every 1 hour", options);
        var old = await client.ScheduleAsync(new NotificationTask("old"), "every 1 hour", new ScheduleOptions { Id = "gone" });
        Assert.True(await client.DeleteAsync("gone"));
        await Task.Delay(5);
        await client.ScheduleAsync(new NotificationTask("new"), "in 2 hours", new ScheduleOptions { Id = "gone" });
        // Tasks are told apart by their creation's millisecond.
        Assert.NotEqual(old.CreatedAt, (await client.GetAsync("gone"))!.CreatedAt);

        Assert.True(await store.RecordFiredAsync(live, "again:t1", "job-live"));
        Assert.False(await store.RecordFiredAsync(old, "gone:t1", "job-old"));

        var db = redis.Redis.GetDatabase();
        Assert.NotNull(await db.SortedSetScoreAsync(keys.Fired, "again:t1"));
        Assert.Null(await db.SortedSetScoreAsync(keys.Fired, "gone:t1"));
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync("again:t1", "job-live", "worker-1", "again")).Claim);
        Assert.Equal(AttemptClaim.TaskDeleted, (await store.BeginRunAsync("gone:t1", "job-old", "worker-1", "gone")).Claim);
        Assert.Empty(await client.GetRunsAsync("gone"));
    }
}
