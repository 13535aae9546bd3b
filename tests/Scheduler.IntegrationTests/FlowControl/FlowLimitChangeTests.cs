using Scheduler.Contracts.Client;
using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.FlowControl;

/// <summary>
/// A concurrency limit raised while runs wait lets them start at once, not at the next release or their back-stop
/// (10 s at the least), as an operator raising a limit expects.
/// </summary>
public sealed class FlowLimitChangeTests
{
    [Fact]
    public async Task Raising_a_concurrency_limit_starts_the_waiting_runs_it_has_room_for_at_once()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-limit-raised");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var one = new ScheduleOptions { Concurrency = new ConcurrencyLimit("raised", 1) };
        var long30 = new ShellTask("sleep", ["30"]) { Execution = TaskRuns.Fast() };
        var holder = await client.ScheduleAsync(long30, "in 1 second", one);
        await TaskRuns.WaitRunningAsync(client, holder.Id);
        var waiters = new List<ScheduledTask>();
        for (var i = 0; i < 3; i++) waiters.Add(await client.ScheduleAsync(long30, "in 1 second", one));
        foreach (var waiter in waiters)
            await Eventually.WaitAsync(() => client.GetAsync(waiter.Id), t => t!.Waiting is not null, TaskRuns.Patience, $"{waiter.Id} to wait for the slot");

        foreach (var task in (ScheduledTask[])[holder, .. waiters])
            await client.UpdateAsync(task.Id, new TaskUpdate { Concurrency = new ConcurrencyLimit("raised", 3) });

        // Well inside the 10 s back-stop that woke them before: the limit of 3 has room for two of the three waiters.
        await Eventually.WaitAsync(async () => await RunningCountAsync(client, waiters) == 2, TimeSpan.FromSeconds(7),
            "two waiters to start once the limit was raised to 3");
        var stillWaiting = Assert.Single(await Task.WhenAll(waiters.Select(w => client.GetAsync(w.Id))), t => t!.Status != ScheduleStatus.Running);
        Assert.NotNull(stillWaiting!.Waiting);
    }

    private static async Task<int> RunningCountAsync(SchedulerClient client, IEnumerable<ScheduledTask> tasks) =>
        (await Task.WhenAll(tasks.Select(t => client.GetAsync(t.Id)))).Count(t => t!.Status == ScheduleStatus.Running);

    [Fact]
    public async Task The_waiters_to_wake_after_a_change_are_the_tasks_own_and_those_a_raised_limit_has_room_for()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-limit-wake-list");
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var (lease, stale) = (TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(3));
        var limitOne = new FlowKeys("k", 1, null, 0, TimeSpan.Zero);
        Task<FlowGateReply> Pass(string run, string task) => store.PassFlowGateAsync(run, task, limitOne, "job-" + run, "default", lease, stale);
        Assert.True((await Pass("holder:1", "holder")).Go);
        Assert.False((await Pass("other:1", "other")).Go);
        Assert.False((await Pass("other:2", "other")).Go);
        Assert.False((await Pass("changed:1", "changed")).Go);
        Assert.False((await Pass("other:3", "other")).Go);

        // "changed" raised the key's limit to 3: one slot is held, so the first two in line may go; its own waiter too.
        var wake = await store.WaitersAfterFlowChangeAsync("changed", "k", 3);

        Assert.Equal(["job-changed:1", "job-other:1", "job-other:2"], wake.Select(w => w.JobId).Order());
        // A change that removed its limit wakes its own waiters only.
        Assert.Equal([("job-changed:1", "default")], await store.WaitersAfterFlowChangeAsync("changed", null, 0));
        Assert.Empty(await store.WaitersAfterFlowChangeAsync("holder", null, 0));
    }
}
