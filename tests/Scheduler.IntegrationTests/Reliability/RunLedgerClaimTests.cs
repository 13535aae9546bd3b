using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// A delivery's claim takes the run's in-flight entry in the same step as its check, and gives it back when the run is
/// refused; a final write removes the writer's own entry and no other; the ledger always keeps an expiry.
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class RunLedgerClaimTests
{
    private static readonly TimeSpan LedgerTtl = TimeSpan.FromDays(7);

    [Fact]
    public async Task A_refused_claim_leaves_no_in_flight_entry_and_a_second_delivery_leaves_the_first_ones()
    {
        await using var redis = await RedisTestContext.CreateAsync("ledger-claim");
        var (client, db, keys) = (redis.CreateClient(), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var deleted = await client.ScheduleAsync(new NotificationTask("deleted"), "every 1 hour");
        await client.DeleteAsync(deleted.Id);
        Assert.Equal(AttemptClaim.TaskDeleted, (await store.BeginRunAsync($"{deleted.Id}:{now}", "job-d", "worker-a", deleted.Id)).Claim);

        var cancelled = await client.ScheduleAsync(new NotificationTask("cancelled"), "every 1 hour");
        await client.CancelAsync(cancelled.Id);
        Assert.Equal(AttemptClaim.TaskCancelled, (await store.BeginRunAsync($"{cancelled.Id}:{now}", "job-c", "worker-a", cancelled.Id)).Claim);

        // A task under flow control is sent to its gate first; only a run that passed it is claimed.
        var gated = await client.ScheduleAsync(new NotificationTask("gated"), "every 1 hour");
        await db.HashSetAsync(keys.Task(gated.Id), "flow", "1");
        var gatedRun = $"{gated.Id}:{gated.NextRunAt!.Value.ToUnixTimeMilliseconds()}";
        Assert.Equal(AttemptClaim.Gate, (await store.BeginRunAsync(gatedRun, "job-g", "worker-a", gated.Id)).Claim);
        Assert.Empty(await store.InFlightAsync());
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(gatedRun, "job-g", "worker-a", gated.Id, passedFlowGate: true)).Claim);

        var first = (await store.InFlightAsync()).Single();
        Assert.Equal(("worker-a", 1), (first.WorkerId, first.Attempt));
        // Hangfire handed the same job to a second worker: refused, and the first worker's entry stays as it was.
        Assert.Equal(AttemptClaim.Running, (await store.BeginRunAsync(gatedRun, "job-g", "worker-b", gated.Id, passedFlowGate: true)).Claim);
        Assert.Equal(first.Entry, (await store.InFlightAsync()).Single().Entry);
    }

    [Fact]
    public async Task A_final_write_removes_its_own_entry_but_a_late_one_leaves_the_redelivery_in_flight()
    {
        await using var redis = await RedisTestContext.CreateAsync("ledger-leave");
        var (client, db, keys) = (redis.CreateClient(), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("ledger"), "every 1 hour");
        var runId = $"{task.Id}:{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}";
        await CommittedFires.MarkAsync(redis, (runId, "job-1"));

        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(runId, "job-1", "worker-a", task.Id)).Claim);
        // Worker A was taken for dead: its entry released and the job re-delivered to worker B (attempt 2).
        Assert.True(await store.ReleaseOrphanAsync((await store.InFlightAsync()).Single()));
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(runId, "job-1", "worker-b", task.Id)).Claim);
        var redelivery = (await store.InFlightAsync()).Single();

        await store.RecordAttemptAsync(TaskRuns.FinalSuccess(runId, task.Id, "worker-a", 1), "job-1", oneShot: false, maxRuns: null);
        Assert.Equal(redelivery.Entry, (await store.InFlightAsync()).Single().Entry);

        var other = $"{task.Id}:{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1}";
        await CommittedFires.MarkAsync(redis, (other, "job-2"));
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(other, "job-2", "worker-c", task.Id)).Claim);
        await store.RecordAttemptAsync(TaskRuns.FinalSuccess(other, task.Id, "worker-c", 1), "job-2", oneShot: false, maxRuns: null);
        Assert.Equal([runId], (await store.InFlightAsync()).Select(run => run.RunId));
        Assert.InRange((await db.KeyTimeToLiveAsync(keys.Run(other)))!.Value, LedgerTtl - TimeSpan.FromMinutes(1), LedgerTtl);
    }

    [Fact]
    public async Task A_claim_refreshes_the_ledger_expiry_unless_a_fire_within_the_day_just_gave_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("ledger-expiry");
        var (client, db, keys) = (redis.CreateClient(), redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("expiry"), "every 1 hour");
        var now = DateTimeOffset.UtcNow;

        // As the fire leaves a ledger (owner and expiry; a short one here, to tell the two apart).
        async Task<string> FiredAsync(DateTimeOffset due, string job)
        {
            var runId = $"{task.Id}:{due.ToUnixTimeMilliseconds()}";
            await db.HashSetAsync(keys.Run(runId), "owner", job);
            await db.KeyExpireAsync(keys.Run(runId), TimeSpan.FromHours(1));
            return runId;
        }
        var fresh = await FiredAsync(now, "job-fresh");
        var old = await FiredAsync(now.AddDays(-2), "job-old");
        var unfired = $"{task.Id}:t{now.ToUnixTimeMilliseconds()}";

        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(fresh, "job-fresh", "worker-a", task.Id)).Claim);
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(old, "job-old", "worker-a", task.Id)).Claim);
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(unfired, "job-new", "worker-a", task.Id)).Claim);

        Assert.InRange((await db.KeyTimeToLiveAsync(keys.Run(fresh)))!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.InRange((await db.KeyTimeToLiveAsync(keys.Run(old)))!.Value, LedgerTtl - TimeSpan.FromMinutes(1), LedgerTtl);
        Assert.InRange((await db.KeyTimeToLiveAsync(keys.Run(unfired)))!.Value, LedgerTtl - TimeSpan.FromMinutes(1), LedgerTtl);

        // An outcome written for a run whose ledger is gone (expired, or lost) brings it back with an expiry.
        var lost = $"{task.Id}:{now.AddMinutes(-5).ToUnixTimeMilliseconds()}";
        await store.RecordAttemptAsync(TaskRuns.FinalSuccess(lost, task.Id, "worker-a", 1), "job-lost", oneShot: false, maxRuns: null);
        Assert.InRange((await db.KeyTimeToLiveAsync(keys.Run(lost)))!.Value, LedgerTtl - TimeSpan.FromMinutes(1), LedgerTtl);
    }
}
