using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.Firing;

/// <summary>
/// A reschedule and Beat's commit of a fire are ordered by the commit's own check: the commit stands only while the
/// task's next run is still the one Beat read, and a reschedule always moves it (to an instant after its now, which is
/// past every due instant Beat claims). Either order leaves the counters the reschedule restarted: counted once, by the
/// new schedule, or not at all. The two interleavings are made exactly, the commit called as Beat calls it.
/// </summary>
public sealed class RescheduleCommitOrderTests
{
    [Fact]
    public async Task A_commit_of_a_fire_read_before_a_reschedule_does_not_stand_neither_counting_nor_ending_at_the_old_max_runs()
    {
        await using var redis = await RedisTestContext.CreateAsync("reschedule-commit-after");
        var (client, db, keys) = (redis.CreateClient(verifyWorkers: false), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("max one"), "every 1 hour", new ScheduleOptions { MaxRuns = 1 });
        var due = task.NextRunAt!.Value.ToUnixTimeMilliseconds();

        // Beat read the task (due at "due", its last run under max runs 1), then the reschedule lands, then Beat commits.
        var moved = (await client.RescheduleAsync(task.Id, "every 2 hours"))!;
        Assert.NotEqual(due, moved.NextRunAt!.Value.ToUnixTimeMilliseconds());
        Assert.All(await store.CommitFiresAsync([new FireCommit(task.Id, due, null, null, Fired: true, JobId: "job-old",
            EndsAtMaxRuns: 1, NextBeyondMaxRuns: task.NextRunAt!.Value.AddHours(1))]), Assert.Null);

        var after = (await client.GetAsync(task.Id))!;
        Assert.Equal((ScheduleStatus.Scheduled, moved.NextRunAt, 0L), (after.Status, after.NextRunAt, after.RunCount));
        Assert.Equal("0", (string?)await db.HashGetAsync(keys.Task(task.Id), ScheduleRecord.FireCount));
        Assert.Equal(moved.NextRunAt!.Value.ToUnixTimeMilliseconds(), await db.SortedSetScoreAsync(keys.Due, task.Id));
        // The old fire's job, in Hangfire already, stands down: it will not run under the new schedule.
        Assert.Equal(StoreScripts.DeletedOwner, (string?)await db.HashGetAsync(keys.Run($"{task.Id}:{due}"), "owner"));
        Assert.Null(await db.SortedSetScoreAsync(keys.Fired, $"{task.Id}:{due}"));
    }

    [Fact]
    public async Task A_reschedule_after_a_commit_restarts_the_counters_and_marks_the_fired_run_replaced_so_it_is_not_counted()
    {
        await using var redis = await RedisTestContext.CreateAsync("reschedule-commit-before");
        var (client, db, keys) = (redis.CreateClient(verifyWorkers: false), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("counted"), "every 1 hour", new ScheduleOptions { MaxRuns = 5 });
        var due = task.NextRunAt!.Value.ToUnixTimeMilliseconds();
        Assert.All(await store.CommitFiresAsync([new FireCommit(task.Id, due, task.NextRunAt!.Value.AddHours(1), null, Fired: true, JobId: "job-old")]), Assert.Null);
        Assert.Equal("1", (string?)await db.HashGetAsync(keys.Task(task.Id), ScheduleRecord.FireCount));

        await client.RescheduleAsync(task.Id, "every 2 hours");

        Assert.Equal("0", (string?)await db.HashGetAsync(keys.Task(task.Id), ScheduleRecord.FireCount));
        Assert.Equal("1", (string?)await db.HashGetAsync(keys.Run($"{task.Id}:{due}"), "replaced"));
    }
}
