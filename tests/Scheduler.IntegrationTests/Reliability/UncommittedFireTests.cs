using Microsoft.Extensions.DependencyInjection;
using Scheduler.Beat.Firing;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// Beat makes an occurrence's job before it commits the fire. When that commit never comes (its Beat died, Redis refused
/// or lost it) the occurrence is planned again, and the plan that stands may not fire it (misfire skip, runOnce leaving
/// its run to the next occurrence, max runs, an end). The job made first must then do nothing, or the task runs an
/// occurrence it skipped, or once more than its max runs (seen in the fault suite: maxRuns 4, five runs, four fires
/// counted). A worker that claimed the job before that plan's commit has started it: the commit enters it as the plan's fire.
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class UncommittedFireTests
{
    private static readonly TimeSpan LedgerTtl = TimeSpan.FromDays(7);

    private static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    [Fact]
    public async Task A_fire_whose_commit_never_came_is_refused_once_its_schedule_moved_past_the_occurrence()
    {
        await using var redis = await RedisTestContext.CreateAsync("uncommitted-claim");
        var (client, db, keys) = (redis.CreateClient(verifyWorkers: false), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);

        // Skipped by the plan that stood: the schedule moved on to the next occurrence without a fire of this one.
        var skipped = await client.ScheduleAsync(new NotificationTask("skipped"), "every 1 hour");
        var due = Ms(skipped.NextRunAt!.Value);
        await store.CommitFireAsync(new FireCommit(skipped.Id, due, skipped.NextRunAt.Value.AddHours(1), null, Fired: false, SkipReason: "missed (skip)"));
        Assert.Equal(AttemptClaim.Superseded, (await store.BeginRunAsync($"{skipped.Id}:{due}", "job-orphan", "worker-a", skipped.Id)).Claim);
        Assert.Empty(await store.InFlightAsync());
        var after = (await client.GetAsync(skipped.Id))!;
        Assert.Equal((ScheduleStatus.Scheduled, 0L), (after.Status, after.RunCount));

        // Ended by the plan that stood (max runs lowered, say): nothing is next, and the job made first does nothing.
        var ended = await client.ScheduleAsync(new NotificationTask("ended"), "every 1 hour");
        var endedDue = Ms(ended.NextRunAt!.Value);
        await store.CommitFireAsync(ended.Id, endedDue, null, ScheduleRecord.StatusText(ScheduleStatus.Completed), fired: false);
        Assert.Equal(AttemptClaim.Superseded, (await store.BeginRunAsync($"{ended.Id}:{endedDue}", "job-orphan-2", "worker-a", ended.Id)).Claim);

        // Not yet committed, the schedule still at it: the claim is a fire claimed before its commit, as before.
        var pending = await client.ScheduleAsync(new NotificationTask("pending"), "every 1 hour");
        var pendingRun = await store.BeginRunAsync($"{pending.Id}:{Ms(pending.NextRunAt!.Value)}", "job-1", "worker-a", pending.Id);
        Assert.Equal((AttemptClaim.Run, true), (pendingRun.Claim, pendingRun.ClaimedBeforeFire));

        // Asked for by hand (a backfill enters its ledger before its job): not a schedule's fire, so it runs.
        var backfilled = $"{skipped.Id}:{due - 3_600_000}";
        await db.HashSetAsync(keys.Run(backfilled), "req", "backfill|1|cli");
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(backfilled, "job-backfill", "worker-a", skipped.Id)).Claim);

        // Older than the ledger's life less a day: a committed fire's ledger may have expired, so it is taken as committed.
        var ancient = $"{ended.Id}:{Ms(DateTimeOffset.UtcNow - LedgerTtl)}";
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(ancient, "job-ancient", "worker-a", ended.Id)).Claim);
    }

    [Fact]
    public async Task A_run_claimed_before_a_plan_that_did_not_fire_its_occurrence_is_committed_as_its_fire_and_not_announced_skipped()
    {
        await using var redis = await RedisTestContext.CreateAsync("uncommitted-adopted");
        var (client, db, keys) = (redis.CreateClient(verifyWorkers: false), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var claimed = await client.ScheduleAsync(new NotificationTask("claimed first"), "every 1 hour", new ScheduleOptions { MaxRuns = 1 });
        var quiet = await client.ScheduleAsync(new NotificationTask("not claimed"), "every 1 hour", new ScheduleOptions { MaxRuns = 3 });
        var claimedRun = $"{claimed.Id}:{Ms(claimed.NextRunAt!.Value)}";
        // Only the first task's job, made by a fire whose commit never came, reached a worker before the plans below.
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(claimedRun, "job-first", "worker-a", claimed.Id)).Claim);
        foreach (var task in (ScheduledTask[])[claimed, quiet])
            await store.CommitFireAsync(new FireCommit(task.Id, Ms(task.NextRunAt!.Value), task.NextRunAt.Value.AddHours(1), null, Fired: false,
                SkipReason: "missed by 30 s (skip)"));

        // Committed as the fire it is: counted, listed among the fired runs, and the last one under max runs 1.
        var fields = await db.HashGetAsync(keys.Task(claimed.Id), [ScheduleRecord.FireCount, ScheduleRecord.NextRunAt]);
        Assert.Equal(("1", true), ((string?)fields[0], fields[1].IsNull));
        Assert.NotNull(await db.SortedSetScoreAsync(keys.Fired, claimedRun));
        var skips = (await db.StreamRangeAsync(keys.Events)).Where(e => e["type"] == SchedulerEvents.Skipped).Select(e => (string?)e["taskId"]).ToList();
        Assert.Equal([quiet.Id], skips);
        Assert.Equal("0", (string?)await db.HashGetAsync(keys.Task(quiet.Id), ScheduleRecord.FireCount));

        // Its outcome ends the task at its max runs, as a run committed the usual way does.
        await store.RecordAttemptAsync(TaskRuns.FinalSuccess(claimedRun, claimed.Id), "job-first", oneShot: false, maxRuns: 1);
        Assert.Equal(ScheduleStatus.Completed, (await client.GetAsync(claimed.Id))!.Status);
    }

    [Fact]
    public async Task A_run_that_ended_before_the_plan_that_enters_it_completes_its_task_at_max_runs_and_a_one_shot_is_not_expired()
    {
        await using var redis = await RedisTestContext.CreateAsync("uncommitted-ended");
        var client = redis.CreateClient(verifyWorkers: false);
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var recurring = await client.ScheduleAsync(new NotificationTask("last under max"), "every 1 hour", new ScheduleOptions { MaxRuns = 1 });
        var oneShot = await client.ScheduleAsync(new NotificationTask("one-shot"), "in 1 hour", new ScheduleOptions { Misfire = MisfirePolicy.Skip });

        // The recurring task's run, from a job whose fire was never committed, ended before Beat planned the occurrence
        // again: it left the task scheduled, its next run still set. The plan (a skip) enters it as its fire.
        var recurringRun = $"{recurring.Id}:{Ms(recurring.NextRunAt!.Value)}";
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(recurringRun, "job-r", "worker-a", recurring.Id)).Claim);
        await store.RecordAttemptAsync(TaskRuns.FinalSuccess(recurringRun, recurring.Id), "job-r", oneShot: false, maxRuns: 1);
        await store.CommitFireAsync(new FireCommit(recurring.Id, Ms(recurring.NextRunAt.Value), recurring.NextRunAt.Value.AddHours(1), null, Fired: false,
            SkipReason: "missed (skip)"));
        var ended = (await client.GetAsync(recurring.Id))!;
        Assert.Equal((ScheduleStatus.Completed, (DateTimeOffset?)null), (ended.Status, ended.NextRunAt));

        // The one-shot's skip would expire it; entered as its fire, its run's outcome ends it.
        var oneShotRun = $"{oneShot.Id}:{Ms(oneShot.NextRunAt!.Value)}";
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(oneShotRun, "job-o", "worker-a", oneShot.Id)).Claim);
        await store.CommitFireAsync(new FireCommit(oneShot.Id, Ms(oneShot.NextRunAt.Value), null, ScheduleRecord.StatusText(ScheduleStatus.Expired),
            Fired: false, SkipReason: "missed (skip)"));
        Assert.Equal(ScheduleStatus.Running, (await client.GetAsync(oneShot.Id))!.Status);
        await store.RecordAttemptAsync(TaskRuns.FinalSuccess(oneShotRun, oneShot.Id), "job-o", oneShot: true, maxRuns: null);
        Assert.Equal(ScheduleStatus.Completed, (await client.GetAsync(oneShot.Id))!.Status);
    }

    [Fact]
    public async Task A_worker_does_nothing_with_the_job_of_a_fire_its_schedule_moved_past_and_runs_one_still_due()
    {
        await using var redis = await RedisTestContext.CreateAsync("uncommitted-worker");
        var client = redis.CreateClient(verifyWorkers: false);
        using var beat = InProcessSystem.BuildBeat(redis);
        var (store, firer) = (beat.Services.GetRequiredService<ScheduleStore>(), beat.Services.GetRequiredService<OccurrenceFirer>());
        using var files = TestPaths.CreateTempDirectory("uncommitted");
        ShellTask Touch(string name) => new("sh", ["-c", $"echo ran >> '{files.File(name)}'"]) { Execution = TaskRuns.Fast() };
        var skipped = await client.ScheduleAsync(Touch("skipped"), "every 1 hour");
        var pending = await client.ScheduleAsync(Touch("pending"), "every 1 hour");

        // Both occurrences' jobs are made as Beat's fire makes them, before its commit; neither commit comes. The plan that
        // stood for the first did not fire it; the second is still its schedule's next run.
        var orphan = firer.Enqueue(skipped, $"{skipped.Id}:{Ms(skipped.NextRunAt!.Value)}", Ms(skipped.NextRunAt.Value), null);
        await store.CommitFireAsync(new FireCommit(skipped.Id, Ms(skipped.NextRunAt.Value), skipped.NextRunAt.Value.AddHours(1), null, Fired: false,
            SkipReason: "missed (skip)"));
        var early = firer.Enqueue(pending, $"{pending.Id}:{Ms(pending.NextRunAt!.Value)}", Ms(pending.NextRunAt.Value), null);

        await using var system = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1);
        var jobs = new HangfireJobs(redis);
        Assert.Equal("Succeeded", (await jobs.FinalStateAsync(orphan)).Name);
        Assert.Equal("Succeeded", (await jobs.FinalStateAsync(early)).Name);
        Assert.True(File.Exists(files.File("pending")), "the job of a fire claimed before its commit runs");
        Assert.False(File.Exists(files.File("skipped")), "the job of a fire its schedule moved past ran");
        Assert.Empty(await client.GetRunsAsync(skipped.Id));
    }
}
