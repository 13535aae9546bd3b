using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// A task's record lists its runs in flight (field <c>inFlightRuns</c>), kept by every script that enters or removes an
/// in-flight entry, so that a run's end and a claim ask one field whether another run of the task goes on instead of
/// searching the in-flight hash every task shares (issue 16: a search cost Redis ~5 ms per run's end at 10,000 runs in
/// flight). A record without the list (from before it) is searched once and then kept; Beat's stuck-running check
/// repairs a list that disagrees with the hash.
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class RunsInFlightListTests
{
    private static TaskRun Final(string runId, string taskId, string workerId, int attempt = 1) => new()
    {
        RunId = runId, TaskId = taskId, Attempt = attempt, WorkerId = workerId, StartedAt = DateTimeOffset.UtcNow,
        FinishedAt = DateTimeOffset.UtcNow, Outcome = RunOutcome.Succeeded, IsFinal = true,
    };

    private static async Task<string[]> ListedAsync(IDatabase db, RedisKeys keys, string taskId) =>
        [.. ((string?)await db.HashGetAsync(keys.Task(taskId), ScheduleRecord.InFlightRuns) ?? "<absent>").Split(' ', StringSplitOptions.RemoveEmptyEntries).Order()];

    [Fact]
    public async Task The_record_lists_exactly_its_runs_in_flight_through_claims_release_restore_leave_and_ends()
    {
        await using var redis = await RedisTestContext.CreateAsync("inflight-list");
        var (client, db, keys) = (redis.CreateClient(), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("listed"), "every 1 hour");
        var (a, b) = ($"{task.Id}:1000", $"{task.Id}:t2000");
        Assert.Empty(await ListedAsync(db, keys, task.Id));

        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(a, "job-1", "worker-a", task.Id)).Claim);
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(b, "job-2", "worker-b", task.Id)).Claim);
        Assert.Equal([a, b], await ListedAsync(db, keys, task.Id));

        // Recovery takes run a's entry, and puts it back when its re-queue failed.
        var entryOfA = (await store.InFlightAsync()).Single(run => run.RunId == a);
        Assert.True(await store.ReleaseOrphanAsync(entryOfA));
        Assert.Equal([b], await ListedAsync(db, keys, task.Id));
        await store.RestoreInFlightAsync(entryOfA);
        await store.RestoreInFlightAsync(entryOfA);
        Assert.Equal([a, b], await ListedAsync(db, keys, task.Id));

        // Run b ends while a goes on: the task stays running.
        await store.RecordAttemptAsync(Final(b, task.Id, "worker-b"), "job-2", oneShot: false, maxRuns: null);
        Assert.Equal([a], await ListedAsync(db, keys, task.Id));
        Assert.Equal(ScheduleStatus.Running, (await client.GetAsync(task.Id))!.Status);

        // Run a is handed back on a graceful stop, then its re-delivery claims it again, retries and ends: scheduled.
        await store.LeaveRunAsync(a, "job-1", "worker-a");
        Assert.Empty(await ListedAsync(db, keys, task.Id));
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(a, "job-1", "worker-c", task.Id)).Claim);
        // Claimed while its task ran, so claimed waiting: its handler starts (else the release would withdraw the claim).
        await store.MarkAttemptStartedAsync(a, 2);
        Assert.True(await store.ReleaseOrphanAsync((await store.InFlightAsync()).Single()));
        Assert.Equal(AttemptClaim.Run, (await store.BeginAttemptAsync(a, "job-1", "worker-c", task.Id)).Claim);
        Assert.Equal([a], await ListedAsync(db, keys, task.Id));
        await store.RecordAttemptAsync(Final(a, task.Id, "worker-c", attempt: 3), "job-1", oneShot: false, maxRuns: null);
        Assert.Empty(await ListedAsync(db, keys, task.Id));
        Assert.Empty(await store.InFlightAsync());
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync(task.Id))!.Status);
    }

    [Fact]
    public async Task A_runs_claim_and_end_search_no_shared_index_with_thousands_of_other_runs_in_flight()
    {
        // Redis of its own: INFO commandstats counts every client's commands, and other tests run alongside.
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("inflight-scale", server.ConnectionString);
        var (client, db, keys) = (redis.CreateClient(), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        // 2,000 runs of other tasks in flight (a hash in Redis's hashtable encoding, as at scale).
        await db.ScriptEvaluateAsync("""
            for i = 1, 2000 do redis.call('HSET', KEYS[1], 'other-' .. i .. ':1000', 'job-' .. i .. '|worker-x|other-' .. i .. '|1|1000') end
            """, [keys.InFlight]);
        var task = await client.ScheduleAsync(new NotificationTask("alone"), "every 1 hour");
        var runId = $"{task.Id}:1000";
        await db.ExecuteAsync("CONFIG", "RESETSTAT");

        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(runId, "job-1", "worker-a", task.Id)).Claim);
        Assert.Equal(ScheduleStatus.Scheduled, await store.RecordAttemptAsync(Final(runId, task.Id, "worker-a"), "job-1", oneShot: false, maxRuns: null));

        var stats = (string)(await db.ExecuteAsync("INFO", "commandstats"))!;
        Assert.Contains("cmdstat_eval", stats);
        Assert.DoesNotContain("cmdstat_hscan", stats);

        // The worker's overlap checks read the task's list, empty now, not the whole hash.
        await db.ExecuteAsync("CONFIG", "RESETSTAT");
        Assert.False(await store.OtherRunInFlightAsync(task.Id, runId));
        Assert.False(await store.EarlierRunInFlightAsync(task.Id, runId));
        Assert.DoesNotContain("cmdstat_hgetall", (string)(await db.ExecuteAsync("INFO", "commandstats"))!);
    }

    [Fact]
    public async Task A_record_without_the_list_is_searched_once_then_kept_and_a_wrong_list_is_repaired_by_the_stuck_check()
    {
        await using var redis = await RedisTestContext.CreateAsync("inflight-legacy");
        var (client, db, keys) = (redis.CreateClient(), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        await db.StringSetAsync(keys.RunningIndexed, "1");
        var task = await client.ScheduleAsync(new NotificationTask("legacy"), "every 1 hour");
        var (old, next) = ($"{task.Id}:1000", $"{task.Id}:2000");
        // A run that entered the hash before the record had a list (written as the version before this one did).
        await db.HashSetAsync(keys.InFlight, old, $"job-0|worker-a|{task.Id}|1|1000");
        await db.HashDeleteAsync(keys.Task(task.Id), ScheduleRecord.InFlightRuns);

        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(next, "job-1", "worker-a", task.Id)).Claim);
        Assert.Equal([old, next], await ListedAsync(db, keys, task.Id));
        Assert.True(await store.OtherRunInFlightAsync(task.Id, next));
        Assert.True(await store.EarlierRunInFlightAsync(task.Id, next));
        Assert.False(await store.EarlierRunInFlightAsync(task.Id, old));
        Assert.Equal(ScheduleStatus.Running, await store.RecordAttemptAsync(Final(next, task.Id, "worker-a"), "job-1", oneShot: false, maxRuns: null));

        // A list that names a run the hash does not hold, and misses one it does: the stuck check writes what the hash holds.
        await db.HashSetAsync(keys.Task(task.Id), ScheduleRecord.InFlightRuns, $"{task.Id}:9999");
        Assert.Empty(await store.SettleStuckRunningAsync());
        Assert.Equal([old], await ListedAsync(db, keys, task.Id));
        // Once the hash holds none of its runs, the check sets it back, its list empty.
        await db.HashDeleteAsync(keys.InFlight, old);
        Assert.Equal([task.Id], await store.SettleStuckRunningAsync());
        Assert.Empty(await ListedAsync(db, keys, task.Id));
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync(task.Id))!.Status);
    }
}
