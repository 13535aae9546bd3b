using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Cli;

/// <summary>`scheduler events --limit N` without --follow shows the newest N events, as its help says, not the oldest.</summary>
public sealed class CliEventsTests
{
    [Fact]
    public async Task Events_without_follow_show_the_newest_and_after_0_the_oldest()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-events-recent");
        var client = redis.CreateClient();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add((await client.ScheduleAsync(new NotificationTask("x"), "in 1 hour")).Id);

        var recent = await InProcessCli.RunAsync(redis, "events", "--limit", "2");
        Assert.True(recent.Code == 0, recent.Err);
        var lines = recent.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains(ids[3], lines[0]);
        Assert.Contains(ids[4], lines[1]);

        var ofOne = await InProcessCli.RunAsync(redis, "events", "--task", ids[1], "--limit", "5");
        Assert.Contains(ids[1], Assert.Single(ofOne.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)));

        var oldest = await InProcessCli.RunAsync(redis, "events", "--after", "0", "--limit", "1");
        Assert.Contains(ids[0], Assert.Single(oldest.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
