using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.Contracts.Triggers;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;
using Scheduler.Worker.Execution;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Firing;

/// <summary>
/// Overlap cancelPrevious for runs no replace message reached: one queued while no worker ran, one re-delivered after
/// its worker went away. Each is claimed after the replace raised the task's count, so only its ledger's note of the
/// count it was fired under tells that a newer run replaced it: it is recorded replaced at its claim, its handler never
/// started. A retry asked for by hand still runs. A replace whose own occurrence's fire never stood (a Beat from before
/// the replace moved into the commit raised an occurrence's count before it committed the fire) replaces no run at its
/// claim: the run fired before it is the newest.
/// </summary>
public sealed class CancelPreviousLateClaimTests
{
    private const string ReplacedBeforeStart = "replaced by a newer run (overlap cancelPrevious): cancelled before the attempt started";

    private static readonly ScheduleOptions CancelPrevious = new() { Overlap = OverlapPolicy.CancelPrevious };

    // As if a run of the task went on (on a worker now gone): Beat's planner finds it running, so what it fires next
    // replaces the runs before. Beat's stuck-running check reads only the running index, which this write does not join,
    // so nothing sets the status back meanwhile.
    private static async Task MarkRunningAsync(RedisTestContext redis, string taskId)
    {
        var (db, keys) = (redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        await db.StringSetAsync(keys.RunningIndexed, "1");
        await db.HashSetAsync(keys.Task(taskId), ScheduleRecord.Status, "running");
    }

    private static async Task<long> ReplacedRunsAsync(RedisTestContext redis, string taskId) =>
        (long?)await redis.Redis.GetDatabase().HashGetAsync(new RedisKeys(redis.KeyPrefix).Task(taskId), ScheduleRecord.ReplacedRuns) ?? 0;

    [Fact]
    public async Task An_occurrence_queued_while_no_worker_ran_is_replaced_at_its_claim_by_the_one_fired_after_it_which_alone_runs()
    {
        await using var redis = await RedisTestContext.CreateAsync("replace-queued");
        using var dir = TestPaths.CreateTempDirectory("replace-queued");
        var (client, db, keys) = (redis.CreateClient(), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        // Two occurrences, a second apart, and no more.
        var task = await client.ScheduleAsync(new ShellTask("echo ran >> \"$1\"", [dir.File("runs")], UseShell: true) { Execution = TaskRuns.Fast() },
            "every 1s", CancelPrevious with { MaxRuns = 2 });
        await MarkRunningAsync(redis, task.Id);

        // No worker: the second occurrence Beat fires replaces the first, queued before it, whose message nobody hears.
        await using (await InProcessSystem.StartAsync(redis, beats: 1, workers: 0))
            await Eventually.WaitAsync(() => db.SortedSetLengthAsync(keys.Fired), n => n == 2, TaskRuns.Patience, "both occurrences fired");
        // The fired index is scored by the fire's commit: the first occurrence first.
        var fired = (await db.SortedSetRangeByRankAsync(keys.Fired)).Select(v => v.ToString()).ToList();
        var (first, second) = (fired[0], fired[1]);
        Assert.Equal((2, second), (await ReplacedRunsAsync(redis, task.Id), (string?)await db.HashGetAsync(keys.Task(task.Id), ScheduleRecord.ReplacingRun)));

        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1);
        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count(x => x.IsFinal) == 2, TaskRuns.Patience, "both runs' ends");

        Assert.Equal((RunOutcome.Cancelled, ReplacedBeforeStart), (runs.Single(r => r.RunId == first).Outcome, runs.Single(r => r.RunId == first).Error));
        Assert.Equal(RunOutcome.Succeeded, runs.Single(r => r.RunId == second).Outcome);
        Assert.Equal(["ran"], await File.ReadAllLinesAsync(dir.File("runs")));
    }

    [Fact]
    public async Task A_run_re_delivered_after_a_newer_run_replaced_it_while_no_worker_held_it_is_replaced_at_its_claim()
    {
        await using var redis = await RedisTestContext.CreateAsync("replace-redelivered");
        using var dir = TestPaths.CreateTempDirectory("replace-redelivered");
        var client = redis.CreateClient();
        await using var beat = await InProcessSystem.StartAsync(redis, beats: 1, workers: 0);
        // Each run writes its trigger's id; the first one to start then runs on, the others end at once.
        var task = await client.ScheduleAsync(
            new ShellTask("echo \"$SCHEDULER_TRIGGER_ID\" >> \"$1\"; [ -e \"$2\" ] && exit 0; touch \"$2\"; sleep 30", [dir.File("runs"), dir.File("first")], UseShell: true)
                { Execution = TaskRuns.Fast(softSeconds: 60, hardSeconds: 90) },
            "on:replace-redelivered", CancelPrevious);

        string first;
        // Its worker hands the run back at once when it stops.
        await using (await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, new Dictionary<string, string?> { ["Scheduler:Worker:ShutdownTimeout"] = "00:00:01" }))
        {
            first = (await client.PublishAsync("replace-redelivered")).TriggerId!;
            await Eventually.WaitAsync(() => Task.FromResult(File.Exists(dir.File("first"))), TaskRuns.Patience, "the first run's command to start");
        }
        // Its worker went away mid-run and handed it back (its job waits for another worker); the task is still running, so
        // the next trigger replaces it, and the message reaches no one.
        var second = (await client.PublishAsync("replace-redelivered")).TriggerId!;
        await Eventually.WaitAsync(() => ReplacedRunsAsync(redis, task.Id), n => n == 1, TaskRuns.Patience, "the second trigger's replace");

        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1);
        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count(x => x.IsFinal) == 2, TaskRuns.Patience, "both runs' ends");

        // Its first attempt, cut short by the stop, is recorded handed back (not final); its re-delivery's is the replace.
        var replaced = runs.Where(r => r.RunId == TriggerRunIds.RunId(task.Id, first)).OrderBy(r => r.Attempt).ToList();
        Assert.Equal([(1, RunOutcome.Failed, false), (2, RunOutcome.Cancelled, true)], replaced.Select(r => (r.Attempt, r.Outcome, r.IsFinal)));
        Assert.EndsWith("stopped (shut down) during attempt 1; handed back", replaced[0].Error);
        Assert.Equal(ReplacedBeforeStart, replaced[1].Error);
        Assert.Equal(RunOutcome.Succeeded, runs.Single(r => r.RunId == TriggerRunIds.RunId(task.Id, second)).Outcome);
        // The replaced run's command never started again; the replacing run's did, once.
        Assert.Equal([first, second], await File.ReadAllLinesAsync(dir.File("runs")));
    }

    [Fact]
    public async Task A_retry_asked_for_by_hand_of_a_run_fired_before_a_replace_still_runs()
    {
        await using var redis = await RedisTestContext.CreateAsync("replace-retry");
        using var dir = TestPaths.CreateTempDirectory("replace-retry");
        var client = redis.CreateClient();
        await using var system = await InProcessSystem.StartAsync(redis);
        var task = await client.ScheduleAsync(
            new ShellTask("echo \"$SCHEDULER_TRIGGER_ID\" >> \"$1\"; exit 1", [dir.File("runs")], UseShell: true) { Execution = TaskRuns.Fast() },
            "on:replace-retry", CancelPrevious);
        var first = TriggerRunIds.RunId(task.Id, (await client.PublishAsync("replace-retry")).TriggerId!);
        await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Any(x => x.RunId == first && x.IsFinal), TaskRuns.Patience, "the first run's failure");

        // A later trigger replaces the runs fired before it, the failed one among them.
        await MarkRunningAsync(redis, task.Id);
        var second = TriggerRunIds.RunId(task.Id, (await client.PublishAsync("replace-retry")).TriggerId!);
        await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Any(x => x.RunId == second && x.IsFinal), TaskRuns.Patience, "the second run's end");
        Assert.Equal(1, await ReplacedRunsAsync(redis, task.Id));

        await client.RetryRunAsync(first);
        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Any(x => x.RunId == first && x.Attempt > 1 && x.IsFinal),
            TaskRuns.Patience, "the retry's end");

        // Its command ran to its own end (exit 1), as the replacing run's did, rather than being cancelled as replaced.
        var retry = runs.Single(r => r.RunId == first && r.Attempt > 1);
        Assert.Equal((RunOutcome.Failed, true), (retry.Outcome, retry.Error?.Contains("exit code 1") ?? false));
        Assert.Equal(RunOutcome.Failed, runs.Single(r => r.RunId == second).Outcome);
        Assert.Equal(3, (await File.ReadAllLinesAsync(dir.File("runs"))).Length);
    }

    // A Beat from before the replace moved into the commit raised an occurrence's count before it committed the fire
    // (a rolling upgrade): the task's fields as that raise left them, without its message, which no run here hears.
    private static Task RaiseAsBeforeTheCommitAsync(RedisTestContext redis, string taskId, string replacingRun) =>
        redis.Redis.GetDatabase().ScriptEvaluateAsync(
            "redis.call('HINCRBY', KEYS[1], 'replacedRuns', 1) redis.call('HSET', KEYS[1], 'replacingRun', ARGV[1])",
            [new RedisKeys(redis.KeyPrefix).Task(taskId)], [replacingRun]);

    // Beat's steps for two occurrences of a cancelPrevious task, on the store as an older Beat called it: the first fired
    // and committed (its job waits for a worker), the second's replace raised (the task was running) before its commit.
    // Then a worker's claim of the first, judged as RunningAttempts judges it.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_run_fired_before_a_replace_whose_own_fire_did_not_stand_still_runs_at_its_claim(bool commitRefused)
    {
        await using var redis = await RedisTestContext.CreateAsync("replace-unfired");
        var (client, keys) = (redis.CreateClient(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("replace-unfired"), "every 1 hour", CancelPrevious);
        var (first, second) = (task.NextRunAt!.Value, task.NextRunAt.Value.AddHours(1));
        await store.CommitFiresAsync([new FireCommit(task.Id, first.ToUnixTimeMilliseconds(), second, null, Fired: true, JobId: "job-1", Replaceable: true)]);
        var secondRun = $"{task.Id}:{second.ToUnixTimeMilliseconds()}";
        await RaiseAsBeforeTheCommitAsync(redis, task.Id, secondRun);
        if (commitRefused)
        {
            // Rescheduled between the second's plan and its commit: the commit does not stand, and stands its run down.
            await client.RescheduleAsync(task.Id, "every 3 hours");
            await store.CommitFiresAsync([new FireCommit(task.Id, second.ToUnixTimeMilliseconds(), second.AddHours(1), null, Fired: true,
                JobId: "job-2", Replaceable: true)]);
            Assert.Equal(StoreScripts.DeletedOwner, (string?)await redis.Redis.GetDatabase().HashGetAsync(keys.Run(secondRun), "owner"));
        }
        // Otherwise Beat died before the second's commit, and the occurrence is not fired again (its misfire skips it,
        // say): no run carries the raised count.

        var start = await store.BeginRunAsync($"{task.Id}:{first.ToUnixTimeMilliseconds()}", "job-1", "worker-1", task.Id);
        using var run = new RunningAttempts().Register(task.Id, $"{task.Id}:{first.ToUnixTimeMilliseconds()}");
        run.Claimed(start.ReplacedRuns, byHand: start.Request is not null, start.FiredUnder, start.ReplacingRunId);

        Assert.Equal((AttemptClaim.Run, 1L, secondRun), (start.Claim, start.ReplacedRuns, start.ReplacingRunId));
        Assert.False(run.IsCancelled);
    }

    [Fact]
    public async Task A_run_fired_before_a_replace_whose_own_fire_was_committed_is_replaced_at_its_claim()
    {
        await using var redis = await RedisTestContext.CreateAsync("replace-fired");
        var (client, keys) = (redis.CreateClient(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("replace-fired"), "every 1 hour", CancelPrevious);
        var (first, second) = (task.NextRunAt!.Value, task.NextRunAt.Value.AddHours(1));
        await store.CommitFiresAsync([new FireCommit(task.Id, first.ToUnixTimeMilliseconds(), second, null, Fired: true, JobId: "job-1", Replaceable: true)]);
        // The second occurrence's commit raises the count with its fire (the task was running).
        await store.CommitFiresAsync([new FireCommit(task.Id, second.ToUnixTimeMilliseconds(), second.AddHours(1), null, Fired: true, JobId: "job-2",
            Replaceable: true, CancelsPrevious: true)]);

        var start = await store.BeginRunAsync($"{task.Id}:{first.ToUnixTimeMilliseconds()}", "job-1", "worker-1", task.Id);
        using var run = new RunningAttempts().Register(task.Id, $"{task.Id}:{first.ToUnixTimeMilliseconds()}");
        run.Claimed(start.ReplacedRuns, byHand: start.Request is not null, start.FiredUnder, start.ReplacingRunId);

        Assert.True(run.Replaced);
    }
}
