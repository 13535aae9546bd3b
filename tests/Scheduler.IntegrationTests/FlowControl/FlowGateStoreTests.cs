using Scheduler.Contracts.Storage;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.FlowControl;

/// <summary>The flow gate's Redis scripts on their own: order, leases, re-delivery, stale waiters, rate windows (issue 18).</summary>
public sealed class FlowGateStoreTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30), Stale = TimeSpan.FromMinutes(3);

    private static (ScheduleStore Store, ManualTime Time) Store(RedisTestContext redis)
    {
        var time = new ManualTime(DateTimeOffset.UtcNow);
        return (new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), time), time);
    }

    private static Task<FlowGateReply> Pass(ScheduleStore store, FlowKeys keys, string run, bool peek = false) =>
        store.PassFlowGateAsync(run, "task", keys, "job-" + run, "default", Lease, Stale, peek);

    [Fact]
    public async Task Waiters_take_freed_slots_in_the_order_they_arrived_whatever_order_they_ask_again()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-order");
        var (store, _) = Store(redis);
        var keys = new FlowKeys("backups", 2, null, 0, TimeSpan.Zero);
        Assert.True((await Pass(store, keys, "a")).Go);
        Assert.True((await Pass(store, keys, "b")).Go);
        foreach (var run in new[] { "c", "d", "e" }) Assert.False((await Pass(store, keys, run)).Go);

        var woken = await store.ReleaseFlowSlotAsync("backups", 2, "a");
        Assert.Equal([("job-c", "default")], woken);
        // d and e ask first: the freed slot is c's.
        Assert.False((await Pass(store, keys, "e")).Go);
        var d = await Pass(store, keys, "d");
        Assert.False(d.Go);
        Assert.Equal((1, 3, "concurrency backups"), (d.Ahead, d.Waiters, d.Label));
        var c = await Pass(store, keys, "c");
        Assert.True(c.Go);
        Assert.NotNull(c.Waited);
        Assert.False((await Pass(store, keys, "e")).Go);

        Assert.Equal([("job-d", "default")], await store.ReleaseFlowSlotAsync("backups", 2, "b"));
        Assert.False((await Pass(store, keys, "e")).Go);
        Assert.True((await Pass(store, keys, "d")).Go);
        Assert.False((await Pass(store, keys, "f")).Go);
    }

    [Fact]
    public async Task A_slot_whose_holder_stopped_renewing_goes_to_the_next_waiter_when_its_lease_runs_out()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-lease");
        var (store, time) = Store(redis);
        var keys = new FlowKeys("mcp:files", 1, null, 0, TimeSpan.Zero);
        Assert.True((await Pass(store, keys, "holder")).Go);
        Assert.False((await Pass(store, keys, "next")).Go);

        time.Advance(Lease / 2);
        Assert.True(await store.RenewFlowSlotAsync("mcp:files", "holder", Lease));
        time.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.False((await Pass(store, keys, "next")).Go);
        // The holder's worker died: no more renewals.
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await Pass(store, keys, "next")).Go);
        Assert.False(await store.RenewFlowSlotAsync("mcp:files", "holder", Lease));
    }

    [Fact]
    public async Task A_run_longer_than_the_slots_key_expiry_keeps_its_slot_while_it_renews()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-long-run");
        var (store, time) = Store(redis);
        var keys = new FlowKeys("long", 1, null, 0, TimeSpan.Zero);
        // A short lease, so that the key's own expiry (a few leases from the take) passes within the test.
        var lease = TimeSpan.FromMilliseconds(200);
        Assert.True((await store.PassFlowGateAsync("holder", "task", keys, "job-holder", "default", lease, Stale)).Go);

        for (var i = 0; i < 12; i++)
        {
            await Task.Delay(lease / 2);
            time.Advance(lease / 2);
            Assert.True(await store.RenewFlowSlotAsync("long", "holder", lease));
        }

        Assert.False((await store.PassFlowGateAsync("other", "task", keys, "job-other", "default", lease, Stale)).Go);
    }

    [Fact]
    public async Task A_run_whose_lease_ran_out_while_it_still_runs_takes_its_slot_back_at_its_next_renewal()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-lease-back");
        var (store, _) = Store(redis);
        var keys = new FlowKeys("stalled", 1, null, 0, TimeSpan.Zero);
        Assert.True((await Pass(store, keys, "holder")).Go);
        // Redis lost the key (restarted without persistence): the holder still runs.
        await redis.Redis.GetDatabase().KeyDeleteAsync(new RedisKeys(redis.KeyPrefix).FlowSlots("stalled"));

        Assert.False(await store.RenewFlowSlotAsync("stalled", "holder", Lease));

        Assert.False((await Pass(store, keys, "other")).Go);
    }

    [Fact]
    public async Task A_run_parked_longer_than_the_stale_time_for_its_rate_turn_keeps_its_place_against_later_runs()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-rate-park");
        var (store, time) = Store(redis);
        var keys = new FlowKeys(null, 0, "api", 1, TimeSpan.FromMinutes(10));
        Assert.True((await Pass(store, keys, "a")).Go);
        var parked = await Pass(store, keys, "r");
        Assert.False(parked.Go);
        Assert.Equal(time.GetUtcNow().AddMinutes(10).ToUnixTimeMilliseconds(), parked.RetryAt!.Value.ToUnixTimeMilliseconds());

        // Its turn comes ten minutes later (past the three a waiter may go unseen); another run gets there first.
        time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromMilliseconds(1));
        Assert.False((await Pass(store, keys, "n")).Go);

        Assert.True((await Pass(store, keys, "r")).Go);
    }

    [Fact]
    public async Task Tasks_sharing_a_rate_key_with_other_settings_keep_their_own_limits()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-rate-mixed");
        var (store, time) = Store(redis);
        var hourly = new FlowKeys(null, 0, "api", 1, TimeSpan.FromHours(1));
        var fast = new FlowKeys(null, 0, "api", 100, TimeSpan.FromSeconds(1));
        var sameAsHourly = new FlowKeys(null, 0, "api", 1, TimeSpan.FromHours(1));
        Assert.True((await Pass(store, hourly, "a")).Go);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await Pass(store, fast, "b")).Go);
        // The fast task's gate looks again later (a parked run's second look), when its own second is long past.
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await Pass(store, fast, "p", peek: true)).Go);

        Assert.False((await Pass(store, hourly, "a2")).Go);
        Assert.False((await Pass(store, sameAsHourly, "c")).Go);
    }

    [Fact]
    public async Task A_redelivered_run_that_holds_its_slot_passes_again_without_taking_a_second()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-reentrant");
        var (store, _) = Store(redis);
        var keys = new FlowKeys("k", 2, "k", 2, TimeSpan.FromMinutes(1));
        Assert.True((await Pass(store, keys, "a")).Go);
        Assert.True((await Pass(store, keys, "a")).Go);
        Assert.True((await Pass(store, keys, "b")).Go);
        Assert.Equal(2, await redis.Redis.GetDatabase().SortedSetLengthAsync(new RedisKeys(redis.KeyPrefix).FlowSlots("k")));
        Assert.False((await Pass(store, keys, "c")).Go);
    }

    [Fact]
    public async Task A_waiter_not_seen_for_the_stale_time_no_longer_blocks_the_line()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-stale");
        var (store, time) = Store(redis);
        var keys = new FlowKeys("k", 1, null, 0, TimeSpan.Zero);
        Assert.True((await Pass(store, keys, "a")).Go);
        Assert.False((await Pass(store, keys, "gone")).Go);
        time.Advance(Stale - TimeSpan.FromSeconds(20));
        Assert.False((await Pass(store, keys, "live")).Go);
        await store.ReleaseFlowSlotAsync("k", 1, "a");
        Assert.False((await Pass(store, keys, "live")).Go);
        time.Advance(TimeSpan.FromSeconds(21));
        // "gone" (its job deleted) has not asked for longer than the stale time; "live" asked 21 s ago.
        Assert.True((await Pass(store, keys, "live")).Go);
    }

    [Fact]
    public async Task A_waiter_whose_task_was_cancelled_gives_up_its_place_at_once()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-forget");
        var (store, _) = Store(redis);
        var keys = new FlowKeys("k", 1, null, 0, TimeSpan.Zero);
        Assert.True((await Pass(store, keys, "a")).Go);
        Assert.False((await Pass(store, keys, "cancelled")).Go);
        Assert.False((await Pass(store, keys, "next")).Go);
        await store.ForgetFlowWaitAsync("cancelled", "task");
        Assert.Equal([("job-next", "default")], await store.ReleaseFlowSlotAsync("k", 1, "a"));
        Assert.True((await Pass(store, keys, "next")).Go);
    }

    [Fact]
    public async Task A_waiter_whose_task_moved_to_another_concurrency_key_leaves_its_old_line_at_once()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-moved");
        var (store, _) = Store(redis);
        FlowKeys a = new("a", 1, null, 0, TimeSpan.Zero), b = new("b", 1, null, 0, TimeSpan.Zero);
        Assert.True((await Pass(store, a, "holder-a")).Go);
        Assert.True((await Pass(store, b, "holder-b")).Go);
        Assert.False((await Pass(store, a, "moved")).Go);
        // Its task now names key b: the run asks again under b and waits there.
        var moved = await Pass(store, b, "moved");
        Assert.False(moved.Go);
        Assert.Equal("concurrency b", moved.Label);

        // a's slot is freed: nobody of a's line is left to wake, and the next run of a goes at once.
        Assert.Empty(await store.ReleaseFlowSlotAsync("a", 1, "holder-a"));
        Assert.True((await Pass(store, a, "next-a")).Go);
        // The moved run keeps its place in b's line.
        Assert.False((await Pass(store, b, "later-b")).Go);
        Assert.Equal([("job-moved", "default")], await store.ReleaseFlowSlotAsync("b", 1, "holder-b"));
        Assert.False((await Pass(store, b, "later-b")).Go);
        Assert.True((await Pass(store, b, "moved")).Go);
    }

    [Fact]
    public async Task A_waiter_whose_task_dropped_its_rate_key_no_longer_holds_back_that_rate_line()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-moved-rate");
        var (store, time) = Store(redis);
        var rate = new FlowKeys(null, 0, "api", 1, TimeSpan.FromSeconds(10));
        var other = new FlowKeys("other", 1, null, 0, TimeSpan.Zero);
        Assert.True((await Pass(store, rate, "first")).Go);
        Assert.True((await Pass(store, other, "holder")).Go);
        Assert.False((await Pass(store, rate, "moved")).Go);
        Assert.False((await Pass(store, other, "moved")).Go);

        time.Advance(TimeSpan.FromSeconds(11));
        // The rate window has room again; the moved run, still waiting elsewhere, is not ahead in this line.
        Assert.True((await Pass(store, rate, "next")).Go);
    }

    [Fact]
    public async Task Rate_limit_allows_count_starts_per_sliding_period_and_tells_each_waiter_when_its_turn_comes()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-rate");
        var (store, time) = Store(redis);
        var keys = new FlowKeys(null, 0, "mcp:search", 2, TimeSpan.FromSeconds(10));
        var t0 = time.GetUtcNow();
        Assert.True((await Pass(store, keys, "a")).Go);
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.True((await Pass(store, keys, "b")).Go);
        var c = await Pass(store, keys, "c");
        var d = await Pass(store, keys, "d");
        Assert.False(c.Go);
        Assert.Equal("rate mcp:search", c.Label);
        Assert.Equal(t0.AddSeconds(10).ToUnixTimeMilliseconds(), c.RetryAt!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(t0.AddSeconds(13).ToUnixTimeMilliseconds(), d.RetryAt!.Value.ToUnixTimeMilliseconds());

        time.Advance(TimeSpan.FromSeconds(7));
        Assert.False((await Pass(store, keys, "d")).Go);
        var started = await Pass(store, keys, "c");
        Assert.True(started.Go);
        Assert.Equal(TimeSpan.FromSeconds(7), started.Waited);
        Assert.False((await Pass(store, keys, "d")).Go);
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.True((await Pass(store, keys, "d")).Go);
    }
}
