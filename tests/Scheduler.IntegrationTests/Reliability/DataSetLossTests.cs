using Scheduler.Cli;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// A Redis that comes back without Scheduler's data (restarted without persistence, flushed) is told apart from one that
/// was only away: the running processes find the data's identity gone, and health checks say so instead of "healthy".
/// </summary>
public sealed class DataSetLossTests
{
    [Fact]
    public async Task Data_lost_while_processes_run_is_reported_by_health_checks_and_a_system_that_kept_it_is_healthy()
    {
        await using var redis = await RedisTestContext.CreateAsync("dataset-loss");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        await client.ScheduleAsync(new NotificationTask("kept?"), "every 1 hour");
        var before = await Eventually.WaitAsync(() => InProcessCli.RunAsync(redis, "health"), r => r.Code == 0, TaskRuns.Patience, "a healthy system");
        Assert.StartsWith("healthy", before.Out);
        Assert.Null(await client.GetDataSetLossAsync());

        await redis.EmptyAsync();

        var loss = await Eventually.WaitAsync(() => client.GetDataSetLossAsync(), l => l is not null, TimeSpan.FromSeconds(20), "a process to find the data gone");
        Assert.StartsWith("worker:", loss!.DetectedBy.Replace("beat:", "worker:"));
        Assert.NotNull(loss.LostDataCreatedAt);
        var after = await InProcessCli.RunAsync(redis, "health");
        Assert.Equal(ExitCodes.Failure, after.Code);
        Assert.StartsWith("degraded: Redis lost Scheduler's data", after.Out);
        Assert.Contains("restore Redis from a backup", after.Out);
    }
}
