using System.Text.Json;
using Scheduler.Cli;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Cli;

/// <summary>
/// `info --next`, REST's occurrences and the task page stop at the runs max runs leaves: Beat ends the task once it has
/// fired that many, so the ones after were never going to run.
/// </summary>
public sealed class CliOccurrencesMaxRunsTests
{
    [Fact]
    public async Task Upcoming_occurrences_stop_after_the_runs_left_by_max_runs()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-next-max-runs");
        var scheduled = await InProcessCli.RunAsync(redis, "schedule", "notification", "every day at 9am", "-m", "x", "--id", "capped", "--max-runs", "3");
        Assert.True(scheduled.Code == ExitCodes.Ok, scheduled.Err);
        // As Beat leaves the record after two fires (the field it counts max runs by).
        await redis.Redis.GetDatabase().HashSetAsync(redis.KeyPrefix + "task:capped", "fireCount", 2);

        var info = await InProcessCli.RunAsync(redis, "info", "capped", "--next", "5", "--json");
        Assert.True(info.Code == ExitCodes.Ok, info.Err);
        Assert.Equal(1, JsonDocument.Parse(info.Out).RootElement.GetProperty("occurrences").GetArrayLength());
        Assert.Single((await redis.CreateClient().GetNextOccurrencesAsync("capped", 5))!);

        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        using var rest = JsonDocument.Parse(await dashboard.Http.GetStringAsync("/api/tasks/capped/occurrences?count=5"));
        Assert.Equal(1, rest.RootElement.GetProperty("occurrences").GetArrayLength());
    }
}
