using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Cli;

/// <summary>`scheduler info` shows what `scheduler update` changes: tags, max runs, bounds, queue and policies.</summary>
public sealed class CliInfoTests
{
    [Fact]
    public async Task Info_shows_the_limits_and_policies_an_update_set()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-info-options");
        var task = await redis.CreateClient().ScheduleAsync(new NotificationTask("x"), "every 1 hour");

        var updated = await InProcessCli.RunAsync(redis, "update", task.Id, "--tag", "nightly", "--max-runs", "5",
            "--end-at", "2030-01-01T00:00", "--queue", "critical", "--overlap", "allow");
        Assert.True(updated.Code == 0, updated.Err);

        var info = await InProcessCli.RunAsync(redis, "info", task.Id);
        Assert.True(info.Code == 0, info.Err);
        Assert.Contains("tags:        nightly", info.Out);
        Assert.Contains("max runs:    5", info.Out);
        Assert.Contains("end at:      2030-01-01 00:00:00.000 +00:00", info.Out);
        Assert.Contains("queue:       critical", info.Out);
        Assert.Contains("policies:    misfire runOnce, overlap allow", info.Out);
    }
}
