using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.EndToEnd;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.FlowControl;

/// <summary>A worker killed while its run holds a concurrency slot neither leaks the slot nor lets two runs share it (issue 18).</summary>
public sealed class FlowSlotRecoveryTests
{
    [Fact]
    public async Task A_run_whose_worker_died_holding_the_slot_is_rerun_and_the_waiting_run_starts_only_after_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-kill");
        await using var system = await ProcessSystem.StartAsync(redis, beats: 1, workers: 1,
            new Dictionary<string, string?> { ["Scheduler:Beat:WorkerDeadAfter"] = "00:00:06" });
        var client = redis.CreateClient();
        var one = new ScheduleOptions { Concurrency = new ConcurrencyLimit("one-at-a-time", 1) };
        var fast = TaskRuns.Fast(retries: 1, hardSeconds: 30);
        var holder = await client.ScheduleAsync(new ShellTask("sleep", ["3"]) { Execution = fast }, "in 1 second", one with { Id = "holder" });
        await TaskRuns.WaitRunningAsync(client, holder.Id);
        var waiter = await client.ScheduleAsync(new ShellTask("sleep", ["0.2"]) { Execution = fast }, "in 1 second", one with { Id = "waiter" });
        var waiting = await Eventually.WaitAsync(() => client.GetAsync(waiter.Id), t => t!.Waiting is not null, TaskRuns.Patience, "the second run to wait");
        Assert.Equal("concurrency one-at-a-time", waiting!.Waiting!.Key);

        system.Kill("worker1");
        system.Start("worker2", "Scheduler.Worker");

        var holderRuns = await TaskRuns.UntilFinalAsync(client, holder.Id, TimeSpan.FromSeconds(90));
        var waiterRuns = await TaskRuns.UntilFinalAsync(client, waiter.Id, TimeSpan.FromSeconds(90));
        var (last, next) = (holderRuns[^1], waiterRuns[^1]);
        Assert.Equal(RunOutcome.Succeeded, last.Outcome);
        Assert.Equal(RunOutcome.Succeeded, next.Outcome);
        Assert.True(last.Attempt >= 2, "the killed attempt was not counted");
        Assert.True(next.StartedAt >= last.FinishedAt, $"the waiter ran {next.StartedAt:O}-{next.FinishedAt:O} beside the re-run holder {last.StartedAt:O}-{last.FinishedAt:O}");
        Assert.NotNull(next.FlowDelay);
    }
}
