using Scheduler.Contracts.Client;
using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.FlowControl;

/// <summary>
/// A waiter woken by a release that then does not take the slot (its task moved to another key, or was cancelled)
/// hands the wake to the waiter behind it, instead of leaving that one to its back-stop (10 s or more) with a slot free.
/// </summary>
public sealed class FlowHandOffTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30), Stale = TimeSpan.FromMinutes(3);
    private static readonly FlowKeys A = new("a", 1, null, 0, TimeSpan.Zero), B = new("b", 1, null, 0, TimeSpan.Zero);

    private static Task<FlowGateReply> Pass(ScheduleStore store, FlowKeys keys, string run) =>
        store.PassFlowGateAsync(run, "task", keys, "job-" + run, "default", Lease, Stale);

    private static async Task<ScheduleStore> LineOfTwoBehindAHolderAsync(RedisTestContext redis)
    {
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), new ManualTime(DateTimeOffset.UtcNow));
        Assert.True((await Pass(store, A, "holder")).Go);
        Assert.False((await Pass(store, A, "first")).Go);
        Assert.False((await Pass(store, A, "second")).Go);
        // The holder ends: its release wakes the first waiter only.
        Assert.Equal([("job-first", "default")], await store.ReleaseFlowSlotAsync("a", 1, "holder"));
        return store;
    }

    [Fact]
    public async Task A_woken_waiter_whose_task_moved_to_a_free_key_passes_there_and_hands_its_wake_to_the_next_in_its_old_line()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-handoff-moved");
        var store = await LineOfTwoBehindAHolderAsync(redis);

        var moved = await Pass(store, B, "first");
        Assert.True(moved.Go);
        Assert.Equal(("job-second", "default"), moved.HandOff);
        Assert.True((await Pass(store, A, "second")).Go);
    }

    [Fact]
    public async Task A_woken_waiter_whose_task_moved_to_a_busy_key_waits_there_and_still_hands_its_wake_on()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-handoff-busy");
        var store = await LineOfTwoBehindAHolderAsync(redis);
        Assert.True((await Pass(store, B, "holder-b")).Go);

        var moved = await Pass(store, B, "first");
        Assert.False(moved.Go);
        Assert.Equal("concurrency b", moved.Label);
        Assert.Equal(("job-second", "default"), moved.HandOff);
        // Asked again in its new line, it has left the old one already: nothing more to hand on.
        Assert.Null((await Pass(store, B, "first")).HandOff);
        Assert.True((await Pass(store, A, "second")).Go);
    }

    [Fact]
    public async Task A_woken_waiter_whose_task_was_cancelled_hands_its_wake_to_the_next_in_line()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-handoff-cancelled");
        var store = await LineOfTwoBehindAHolderAsync(redis);

        Assert.Equal(("job-second", "default"), await store.ForgetFlowWaitAsync("first", "task"));
        Assert.True((await Pass(store, A, "second")).Go);
        // Forgotten once; a second forget (a re-delivery of the cancelled run) names nobody.
        Assert.Null(await store.ForgetFlowWaitAsync("first", "task"));
    }

    private static readonly ScheduleOptions Limited = new() { Id = "limited", Concurrency = new ConcurrencyLimit("a", 1) };

    // Task "limited" (key a, limit 1) with one fired run, limited:1, whose ledger exists as a fire leaves it.
    private static async Task<(RedisKeys Keys, ScheduleStore Store, SchedulerClient Client, IDatabase Db)> LimitedTaskAsync(RedisTestContext redis)
    {
        var keys = new RedisKeys(redis.KeyPrefix);
        var client = redis.CreateClient();
        var db = redis.Redis.GetDatabase();
        await client.ScheduleAsync(new NotificationTask("limited"), "in 1 hour", Limited);
        await db.HashSetAsync(keys.Run("limited:1"), "fired", 1);
        await db.KeyExpireAsync(keys.Run("limited:1"), TimeSpan.FromHours(1));
        return (keys, new ScheduleStore(redis.Redis, keys, TimeProvider.System), client, db);
    }

    // Run "name[:n]" of task "task" at key a's gate, as job "job-name".
    private static Task<FlowGateReply> Gate(ScheduleStore store, string run, string task) =>
        store.PassFlowGateAsync(run, task, A, "job-" + run.Split(':')[0], "default", Lease, Stale);

    [Fact]
    public async Task A_waiter_whose_task_was_deleted_is_claimed_as_deleted_so_its_delivery_gives_up_its_place_and_wakes_the_next()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-handoff-deleted");
        var (keys, store, client, db) = await LimitedTaskAsync(redis);
        await db.SortedSetAddAsync(keys.Fired, "limited:1", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.True((await Gate(store, "holder", "other")).Go);
        Assert.Equal(AttemptClaim.Gate, (await store.BeginRunAsync("limited:1", "job-limited", "worker-1", "limited")).Claim);
        Assert.False((await Gate(store, "limited:1", "limited")).Go);
        Assert.False((await Gate(store, "next", "other")).Go);
        // Its task is deleted while it waits; the release wakes it, first in line.
        Assert.True(await client.DeleteAsync("limited"));
        Assert.Equal([("job-limited", "default")], await store.ReleaseFlowSlotAsync("a", 1, "holder"));

        // Its delivery is told the task is gone (not "another job owns the run"), so it gives up its place: the next runs.
        Assert.Equal(AttemptClaim.TaskDeleted, (await store.BeginRunAsync("limited:1", "job-limited", "worker-1", "limited")).Claim);
        Assert.Equal(("job-next", "default"), await store.ForgetFlowWaitAsync("limited:1", "limited"));
        Assert.True((await Gate(store, "next", "other")).Go);
    }

    [Fact]
    public async Task A_waiter_whose_task_lost_its_flow_options_is_claimed_as_stranded_and_forgetting_it_wakes_the_next_in_line()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-handoff-dropped");
        var (keys, store, client, db) = await LimitedTaskAsync(redis);
        Assert.True((await Gate(store, "holder", "other")).Go);
        Assert.Equal(AttemptClaim.Gate, (await store.BeginRunAsync("limited:1", "job-limited", "worker-1", "limited")).Claim);
        Assert.False((await Gate(store, "limited:1", "limited")).Go);
        Assert.False((await Gate(store, "next", "other")).Go);
        // Its task's concurrency limit is removed while it waits; the release wakes it, first in line.
        await client.ScheduleAsync(new NotificationTask("limited"), "in 1 hour", Limited with { Concurrency = null, Replace = true });
        Assert.Equal([("job-limited", "default")], await store.ReleaseFlowSlotAsync("a", 1, "holder"));

        var start = await store.BeginRunAsync("limited:1", "job-limited", "worker-1", "limited", claimToken: "claim-1");

        Assert.Equal(AttemptClaim.Run, start.Claim);
        Assert.True(start.StrandedAtFlowGate);
        // The same claim repeated (its first reply lost before the worker acted on it) says so again.
        Assert.True((await store.BeginRunAsync("limited:1", "job-limited", "worker-1", "limited", claimToken: "claim-1")).StrandedAtFlowGate);
        Assert.Equal(("job-next", "default"), await store.ForgetFlowWaitAsync("limited:1", "limited"));
        Assert.False(await db.HashExistsAsync(keys.Run("limited:1"), "flowWait"));
        Assert.True((await Gate(store, "next", "other")).Go);
    }

    [Fact]
    public async Task A_run_that_passed_its_gate_or_never_waited_is_not_stranded()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-handoff-passed");
        var (keys, store, client, db) = await LimitedTaskAsync(redis);
        await client.ScheduleAsync(new NotificationTask("free"), "in 1 hour", new ScheduleOptions { Id = "free" });
        await db.HashSetAsync(keys.Run("free:1"), "fired", 1);
        Assert.True((await Gate(store, "holder", "other")).Go);
        Assert.False((await Gate(store, "limited:1", "limited")).Go);
        await store.ReleaseFlowSlotAsync("a", 1, "holder");
        Assert.True((await Gate(store, "limited:1", "limited")).Go);

        Assert.False((await store.BeginRunAsync("limited:1", "job-limited", "worker-1", "limited", passedFlowGate: true)).StrandedAtFlowGate);
        Assert.False((await store.BeginRunAsync("free:1", "job-free", "worker-1", "free")).StrandedAtFlowGate);
        Assert.False(await db.HashExistsAsync(keys.Run("limited:1"), "flowWait"));
    }

    [Fact]
    public async Task A_waiter_that_stays_in_its_line_hands_nothing_on()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-handoff-stays");
        var store = await LineOfTwoBehindAHolderAsync(redis);

        var first = await Pass(store, A, "first");
        Assert.True(first.Go);
        Assert.Null(first.HandOff);
        Assert.False((await Pass(store, A, "second")).Go);
    }
}
