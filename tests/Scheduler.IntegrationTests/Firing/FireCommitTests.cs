using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.Firing;

/// <summary>
/// Beat commits a round's fires in one call: each occurrence is advanced, announced and entered in the run ledger as
/// on its own, one advanced meanwhile is left alone, and one that Redis refuses does not undo or stop the others.
/// </summary>
public sealed class FireCommitTests
{
    [Fact]
    public async Task A_round_commit_advances_each_fire_leaves_a_stale_one_alone_and_reports_only_the_refused_one()
    {
        await using var redis = await RedisTestContext.CreateAsync("fire-commits");
        var (client, db, keys) = (redis.CreateClient(), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var tasks = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => client.ScheduleAsync(new NotificationTask($"commit {i}"), "every 1 hour")));
        var due = tasks.Select(t => t.NextRunAt!.Value.ToUnixTimeMilliseconds()).ToArray();
        var next = tasks.Select(t => t.NextRunAt!.Value.AddHours(1)).ToArray();
        // The refused one: its run ledger key holds a string, so the ledger write fails with WRONGTYPE (before its event).
        await db.StringSetAsync(keys.Run($"{tasks[2].Id}:{due[2]}"), "not a hash");

        var errors = await store.CommitFiresAsync([
            new FireCommit(tasks[0].Id, due[0], next[0], null, Fired: true, JobId: "job-0"),
            new FireCommit(tasks[1].Id, due[1] - 1, next[1], null, Fired: true, JobId: "job-1"),
            new FireCommit(tasks[2].Id, due[2], next[2], null, Fired: true, JobId: "job-2"),
            new FireCommit(tasks[3].Id, due[3], next[3], null, Fired: true, JobId: "job-3"),
        ]);

        Assert.Null(errors[0]);
        Assert.Null(errors[1]);
        Assert.Contains("WRONGTYPE", errors[2]);
        Assert.Null(errors[3]);
        foreach (var i in new[] { 0, 3 })
        {
            var record = await db.HashGetAsync(keys.Task(tasks[i].Id), [ScheduleRecord.NextRunAt, ScheduleRecord.FireCount]);
            Assert.Equal((next[i].ToUnixTimeMilliseconds().ToString(), "1"), ((string?)record[0], (string?)record[1]));
            Assert.Equal(next[i].ToUnixTimeMilliseconds(), await db.SortedSetScoreAsync(keys.Due, tasks[i].Id));
            Assert.Equal($"job-{i}", (string?)await db.HashGetAsync(keys.Run($"{tasks[i].Id}:{due[i]}"), "owner"));
            Assert.NotNull(await db.SortedSetScoreAsync(keys.Fired, $"{tasks[i].Id}:{due[i]}"));
        }
        // Expected at another instant: another beat advanced it first, so nothing of it changes.
        Assert.Equal((due[1].ToString(), "0"), await FieldsAsync(tasks[1].Id));
        Assert.Null(await db.SortedSetScoreAsync(keys.Fired, $"{tasks[1].Id}:{due[1]}"));
        var fired = (await db.StreamRangeAsync(keys.Events)).Where(e => e["type"] == SchedulerEvents.Fired).Select(e => (string)e["taskId"]!).ToList();
        Assert.Equal([tasks[0].Id, tasks[3].Id], fired);

        // On its own, the same refusal is an exception that names the task.
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.CommitFireAsync(tasks[2].Id, due[2], next[2], null, fired: false, queued: true, runId: null, jobId: null));
        Assert.Contains(tasks[2].Id, refused.Message);

        async Task<(string?, string?)> FieldsAsync(string id)
        {
            var record = await db.HashGetAsync(keys.Task(id), [ScheduleRecord.NextRunAt, ScheduleRecord.FireCount]);
            return ((string?)record[0], (string?)record[1]);
        }
    }

    [Fact]
    public async Task A_pause_made_while_an_occurrence_is_fired_keeps_its_end_and_a_resume_starts_from_the_next_occurrence()
    {
        await using var redis = await RedisTestContext.CreateAsync("fire-commit-paused");
        var (client, db, keys) = (redis.CreateClient(), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("paused mid-fire"), "every 1 hour");
        var due = task.NextRunAt!.Value;
        var until = DateTimeOffset.UtcNow.AddMinutes(30);
        // Beat has read the task and made the job; the pause comes before the fire is written.
        Assert.True(await client.PauseAsync(task.Id, new PauseRequest { Until = until }));

        await store.CommitFiresAsync([new FireCommit(task.Id, due.ToUnixTimeMilliseconds(), due.AddHours(1), null, Fired: true, JobId: "job-1")]);

        Assert.Equal(until.ToUnixTimeMilliseconds(), (long)(await db.SortedSetScoreAsync(keys.Due, task.Id))!.Value);
        Assert.Equal(due.AddHours(1), (await client.GetAsync(task.Id))!.NextRunAt);
        Assert.True(await client.ResumeAsync(task.Id));
        Assert.Equal(due.AddHours(1).ToUnixTimeMilliseconds(), (long)(await db.SortedSetScoreAsync(keys.Due, task.Id))!.Value);
    }

    [Fact]
    public async Task A_one_shot_whose_run_finished_before_its_fire_was_committed_is_left_with_no_next_run()
    {
        await using var redis = await RedisTestContext.CreateAsync("fire-commit-finished-first");
        var (client, db, keys) = (redis.CreateClient(), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("quick"), "in 1 hour");
        var due = task.NextRunAt!.Value.ToUnixTimeMilliseconds();
        // A fast worker ran the job Beat had just made and recorded it before Beat's commit.
        await db.HashSetAsync(keys.Task(task.Id), ScheduleRecord.Status, "completed");

        await store.CommitFiresAsync([new FireCommit(task.Id, due, null, null, Fired: true, JobId: "job-1")]);

        var after = (await client.GetAsync(task.Id))!;
        Assert.Equal((ScheduleStatus.Completed, (DateTimeOffset?)null), (after.Status, after.NextRunAt));
        Assert.Null(await db.SortedSetScoreAsync(keys.Due, task.Id));
    }

    [Fact]
    public async Task A_commit_planned_to_end_at_max_runs_takes_the_next_run_beyond_it_only_when_an_update_raised_the_max_meanwhile()
    {
        await using var redis = await RedisTestContext.CreateAsync("fire-commit-max-raised");
        var (client, db, keys) = (redis.CreateClient(), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var options = new ScheduleOptions { MaxRuns = 1 };
        var (kept, raised, completing) = (await client.ScheduleAsync(new NotificationTask("kept"), "every 1 hour", options),
            await client.ScheduleAsync(new NotificationTask("raised"), "every 1 hour", options),
            await client.ScheduleAsync(new NotificationTask("completing"), "every 1 hour", options));
        await client.UpdateAsync(raised.Id, new TaskUpdate { MaxRuns = 2 });
        await client.UpdateAsync(completing.Id, new TaskUpdate { MaxRuns = 2 });

        FireCommit Last(ScheduledTask task, bool fired) => new(task.Id, task.NextRunAt!.Value.ToUnixTimeMilliseconds(), null,
            fired ? null : "completed", fired, EndsAtMaxRuns: 1, NextBeyondMaxRuns: task.NextRunAt!.Value.AddHours(1));
        Assert.All(await store.CommitFiresAsync([Last(kept, fired: true), Last(raised, fired: true), Last(completing, fired: false)]), Assert.Null);

        // The max it was planned with still holds: the schedule ends there.
        Assert.Null((await client.GetAsync(kept.Id))!.NextRunAt);
        Assert.Null(await db.SortedSetScoreAsync(keys.Due, kept.Id));
        // Raised after the plan's read: the next run beyond the old max, due and scheduled, whether this one fired or not.
        foreach (var task in new[] { raised, completing })
        {
            var after = await client.GetAsync(task.Id);
            var next = task.NextRunAt!.Value.AddHours(1);
            Assert.Equal((ScheduleStatus.Scheduled, next), (after!.Status, after.NextRunAt));
            Assert.Equal(next.ToUnixTimeMilliseconds(), await db.SortedSetScoreAsync(keys.Due, task.Id));
        }
    }

    [Fact]
    public async Task A_commit_ending_at_max_runs_completes_a_task_whose_last_run_was_recorded_before_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("fire-commit-max-recorded");
        var (client, db, keys) = (redis.CreateClient(), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var options = new ScheduleOptions { MaxRuns = 1 };
        var (recorded, running) = (await client.ScheduleAsync(new NotificationTask("recorded"), "every 1 hour", options),
            await client.ScheduleAsync(new NotificationTask("running"), "every 1 hour", options));
        // A worker ran the occurrence and recorded it before Beat's commit: the run, reading the next run still set, left
        // the task scheduled with its run counted. The other's run has not ended yet: its outcome ends the task.
        await db.HashSetAsync(keys.Task(recorded.Id), ScheduleRecord.RunCount, 1);

        FireCommit Last(ScheduledTask task) => new(task.Id, task.NextRunAt!.Value.ToUnixTimeMilliseconds(), null, null, Fired: true,
            JobId: "job-" + task.Name, EndsAtMaxRuns: 1, NextBeyondMaxRuns: task.NextRunAt!.Value.AddHours(1));
        Assert.All(await store.CommitFiresAsync([Last(recorded), Last(running)]), Assert.Null);

        var ended = (await client.GetAsync(recorded.Id))!;
        Assert.Equal((ScheduleStatus.Completed, (DateTimeOffset?)null), (ended.Status, ended.NextRunAt));
        var completed = (await db.StreamRangeAsync(keys.Events)).Where(e => e["type"] == SchedulerEvents.Completed).Select(e => (string)e["taskId"]!);
        Assert.Equal([recorded.Id], completed);
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync(running.Id))!.Status);
    }
}
