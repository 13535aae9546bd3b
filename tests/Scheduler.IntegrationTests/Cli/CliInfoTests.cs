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
        Assert.Contains("max runs:    5 (0 used by scheduled runs; runs asked for by hand do not count)", info.Out);
        Assert.Contains("end at:      2030-01-01 00:00:00.000 +00:00", info.Out);
        Assert.Contains("queue:       critical", info.Out);
        Assert.Contains("policies:    misfire runOnce, overlap allow", info.Out);

        // Two fired by Beat, four run in all (two asked for by hand): the max runs says how much of it the two used.
        await redis.Redis.GetDatabase().HashSetAsync(redis.KeyPrefix + "task:" + task.Id, [new("fireCount", 2), new("runCount", 4)]);
        var used = await InProcessCli.RunAsync(redis, "info", task.Id);
        Assert.Contains("runs:        4", used.Out);
        Assert.Contains("max runs:    5 (2 used by scheduled runs;", used.Out);
    }

    [Fact]
    public async Task Info_shows_the_next_run_in_the_zone_its_schedule_names()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-info-zone");
        var task = await redis.CreateClient().ScheduleAsync(new NotificationTask("x"), "every day at 9am",
            new Contracts.Schedules.ScheduleOptions { TimeZone = "Europe/Berlin", StartAfter = DateTimeOffset.Parse("2030-01-15T00:00:00Z") });

        var info = await InProcessCli.RunAsync(redis, "info", task.Id);

        Assert.Contains("schedule:    every day at 09:00 (Europe/Berlin)", info.Out);
        Assert.Contains("next run:    2030-01-15 09:00:00.000 +01:00 Europe/Berlin (in ", info.Out);
    }
}
