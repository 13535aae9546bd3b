using Scheduler.Contracts.Schedules;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>A handler that blocks synchronously before its first await is still held to the attempt's timeouts.</summary>
public sealed class BlockingHandlerTests
{
    [Fact]
    public async Task Handler_blocking_before_its_first_await_is_abandoned_at_the_hard_timeout_and_recorded_timed_out()
    {
        await using var redis = await RedisTestContext.CreateAsync("blocking-handler");
        await using var system = await InProcessSystem.StartAsync(redis,
            configureWorker: w => w.AddTaskHandler<BlockingProbe, BlockingProbeHandler>());

        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(),
            new BlockingProbe(8_000) { Execution = TaskRuns.Fast(softSeconds: 1, hardSeconds: 2) }));

        Assert.Equal(RunOutcome.TimedOut, run.Outcome);
        Assert.Equal("hard timeout: abandoned after 00:00:02", run.Error);
    }
}
