using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.Contracts.Triggers;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Firing;

/// <summary>
/// Overlap cancelPrevious replaces a run fired but not yet claimed by any worker (no worker ran, or it waits for its
/// concurrency key's slot): the task never read "running", yet the next fire (an occurrence's commit, a trigger's
/// reservation) replaces it, so that when a worker comes only the newest runs and the older is recorded replaced at its
/// claim, its command never started. A run that has ended is not replaced: a fire after it raises nothing and announces
/// nothing.
/// </summary>
public sealed class CancelPreviousUnclaimedTests
{
    private const string ReplacedBeforeStart = "replaced by a newer run (overlap cancelPrevious): cancelled before the attempt started";

    private static readonly ScheduleOptions CancelPrevious = new() { Overlap = OverlapPolicy.CancelPrevious };

    private static async Task<(long Count, string? Replacing)> ReplacedAsync(RedisTestContext redis, string taskId)
    {
        var fields = await redis.Redis.GetDatabase().HashGetAsync(new RedisKeys(redis.KeyPrefix).Task(taskId), [ScheduleRecord.ReplacedRuns, ScheduleRecord.ReplacingRun]);
        return ((long?)fields[0] ?? 0, (string?)fields[1]);
    }

    [Fact]
    public async Task An_occurrence_fired_while_no_worker_ran_is_replaced_by_the_next_one_and_only_the_next_one_runs()
    {
        await using var redis = await RedisTestContext.CreateAsync("replace-unclaimed");
        using var dir = TestPaths.CreateTempDirectory("replace-unclaimed");
        var (client, db, keys) = (redis.CreateClient(), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        // Two occurrences, a second apart, and no more.
        var task = await client.ScheduleAsync(new ShellTask("echo ran >> \"$1\"", [dir.File("runs")], UseShell: true) { Execution = TaskRuns.Fast() },
            "every 1s", CancelPrevious with { MaxRuns = 2 });

        // No worker: both occurrences are fired and neither is claimed, so the task never reads "running".
        await using (await InProcessSystem.StartAsync(redis, beats: 1, workers: 0))
            await Eventually.WaitAsync(() => db.SortedSetLengthAsync(keys.Fired), n => n == 2, TaskRuns.Patience, "both occurrences fired");
        // The fired index is scored by the fire's commit: the first occurrence first.
        var fired = (await db.SortedSetRangeByRankAsync(keys.Fired)).Select(v => v.ToString()).ToList();
        var (first, second) = (fired[0], fired[1]);
        Assert.Equal((1L, second), await ReplacedAsync(redis, task.Id));

        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1);
        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count(x => x.IsFinal) == 2, TaskRuns.Patience, "both runs' ends");

        Assert.Equal((RunOutcome.Cancelled, ReplacedBeforeStart), (runs.Single(r => r.RunId == first).Outcome, runs.Single(r => r.RunId == first).Error));
        Assert.Equal(RunOutcome.Succeeded, runs.Single(r => r.RunId == second).Outcome);
        Assert.Equal(["ran"], await File.ReadAllLinesAsync(dir.File("runs")));
    }

    [Fact]
    public async Task A_trigger_run_fired_while_no_worker_ran_is_replaced_by_the_next_trigger_and_only_the_next_one_runs()
    {
        await using var redis = await RedisTestContext.CreateAsync("replace-unclaimed-trigger");
        using var dir = TestPaths.CreateTempDirectory("replace-unclaimed-trigger");
        var (client, db, keys) = (redis.CreateClient(), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var task = await client.ScheduleAsync(
            new ShellTask("echo \"$SCHEDULER_TRIGGER_ID\" >> \"$1\"", [dir.File("runs")], UseShell: true) { Execution = TaskRuns.Fast() },
            "on:replace-unclaimed-trigger", CancelPrevious);

        string first, second;
        await using (await InProcessSystem.StartAsync(redis, beats: 1, workers: 0))
        {
            // One after the other: triggers Beat finds together are fired side by side, in no set order.
            first = (await client.PublishAsync("replace-unclaimed-trigger")).TriggerId!;
            await Eventually.WaitAsync(() => db.SortedSetLengthAsync(keys.Fired), n => n == 1, TaskRuns.Patience, "the first trigger's run fired");
            second = (await client.PublishAsync("replace-unclaimed-trigger")).TriggerId!;
            await Eventually.WaitAsync(() => db.SortedSetLengthAsync(keys.Fired), n => n == 2, TaskRuns.Patience, "the second trigger's run fired");
        }
        Assert.Equal((1L, TriggerRunIds.RunId(task.Id, second)), await ReplacedAsync(redis, task.Id));

        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1);
        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count(x => x.IsFinal) == 2, TaskRuns.Patience, "both runs' ends");

        var replaced = runs.Single(r => r.RunId == TriggerRunIds.RunId(task.Id, first));
        Assert.Equal((RunOutcome.Cancelled, ReplacedBeforeStart), (replaced.Outcome, replaced.Error));
        Assert.Equal(RunOutcome.Succeeded, runs.Single(r => r.RunId == TriggerRunIds.RunId(task.Id, second)).Outcome);
        Assert.Equal([second], await File.ReadAllLinesAsync(dir.File("runs")));
    }

    [Fact]
    public async Task An_occurrence_waiting_at_its_concurrency_key_is_replaced_by_the_next_one_and_only_the_next_one_runs()
    {
        await using var redis = await RedisTestContext.CreateAsync("replace-unclaimed-gate");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("replace-unclaimed-gate");
        var (client, db, keys) = (redis.CreateClient(), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var one = new ScheduleOptions { Concurrency = new ConcurrencyLimit("replace-gate", 1) };
        // Holds the key's one slot until the test lets it go.
        var holder = await client.ScheduleAsync(
            new ShellTask("while [ ! -e \"$1\" ]; do sleep 0.1; done", [dir.File("release")], UseShell: true) { Execution = TaskRuns.Fast() }, "in 1 second", one);
        await TaskRuns.WaitRunningAsync(client, holder.Id);
        var task = await client.ScheduleAsync(new ShellTask("echo ran >> \"$1\"", [dir.File("runs")], UseShell: true) { Execution = TaskRuns.Fast() },
            "every 1s", one with { Overlap = OverlapPolicy.CancelPrevious, MaxRuns = 2 });

        // Both occurrences fired while the first waits for the slot, unclaimed: the task never reads "running".
        await Eventually.WaitAsync(async () => (long?)await db.HashGetAsync(keys.Task(task.Id), ScheduleRecord.FireCount) ?? 0, n => n == 2,
            TaskRuns.Patience, "both occurrences fired");
        await File.WriteAllTextAsync(dir.File("release"), "");
        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count(x => x.IsFinal) == 2, TaskRuns.Patience, "both runs' ends");

        var (first, second) = (runs.Where(r => r.IsFinal).MinBy(r => DueOf(r.RunId))!, runs.Where(r => r.IsFinal).MaxBy(r => DueOf(r.RunId))!);
        Assert.Equal((RunOutcome.Cancelled, true), (first.Outcome, first.Error?.StartsWith("replaced by a newer run (overlap cancelPrevious)") ?? false));
        Assert.Equal(RunOutcome.Succeeded, second.Outcome);
        Assert.Equal(["ran"], await File.ReadAllLinesAsync(dir.File("runs")));
    }

    private static long DueOf(string runId) => long.Parse(runId[(runId.LastIndexOf(':') + 1)..]);

    // Beat's commits called by hand: a run that ended is not replaced (no raise, no message for the workers), one fired
    // and not claimed is.
    [Fact]
    public async Task A_fire_replaces_the_run_fired_before_it_only_while_that_run_has_not_ended()
    {
        await using var redis = await RedisTestContext.CreateAsync("replace-unclaimed-ended");
        var (client, keys) = (redis.CreateClient(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("replace-unclaimed-ended"), "every 1 hour", CancelPrevious);
        var due = task.NextRunAt!.Value;
        var (first, second, third) = (due, due.AddHours(1), due.AddHours(2));
        string RunOf(DateTimeOffset at) => $"{task.Id}:{at.ToUnixTimeMilliseconds()}";
        Task<string?[]> FireAsync(DateTimeOffset at, string jobId) =>
            store.CommitFiresAsync([new FireCommit(task.Id, at.ToUnixTimeMilliseconds(), at.AddHours(1), null, Fired: true, JobId: jobId, Replaceable: true)]);
        var replaced = await redis.Redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(keys.TaskReplaced));

        // The first run fired, claimed and ended before the next occurrence: the second replaces nothing.
        Assert.All(await FireAsync(first, "job-1"), Assert.Null);
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(RunOf(first), "job-1", "worker-1", task.Id)).Claim);
        await store.RecordAttemptAsync(new TaskRun
        {
            RunId = RunOf(first), TaskId = task.Id, Attempt = 1, WorkerId = "worker-1", StartedAt = DateTimeOffset.UtcNow,
            FinishedAt = DateTimeOffset.UtcNow, Outcome = RunOutcome.Succeeded, IsFinal = true,
        }, "job-1", oneShot: false, maxRuns: null);
        Assert.All(await FireAsync(second, "job-2"), Assert.Null);
        Assert.Equal((0L, null), await ReplacedAsync(redis, task.Id));

        // The second run is fired and not claimed (no worker free): the third replaces it.
        Assert.All(await FireAsync(third, "job-3"), Assert.Null);
        Assert.Equal((1L, RunOf(third)), await ReplacedAsync(redis, task.Id));
        using var timeout = new CancellationTokenSource(TaskRuns.Patience);
        Assert.Equal(ReplaceMessage.TryParse($"{task.Id}\n1\n{RunOf(third)}"), ReplaceMessage.TryParse((string?)(await replaced.ReadAsync(timeout.Token)).Message));
    }
}
