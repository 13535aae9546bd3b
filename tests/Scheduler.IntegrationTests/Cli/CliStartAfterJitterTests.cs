using Scheduler.Cli;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Cli;

/// <summary>
/// `--start-after` and `--jitter`, which the REST API and the client take, on `schedule` and `update` too: a CLI user
/// could otherwise only bound a task's start or spread its runs through JSON.
/// </summary>
public sealed class CliStartAfterJitterTests
{
    [Fact]
    public async Task Schedule_and_update_take_a_start_bound_and_a_jitter()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-start-after");
        var scheduled = await InProcessCli.RunAsync(redis, "schedule", "notification", "every 15 minutes", "-m", "poll", "--json",
            "--tz", "Europe/Berlin", "--start-after", "2030-01-07T09:00", "--jitter", "30s");
        Assert.True(scheduled.Code == 0, scheduled.Err);
        var id = System.Text.Json.JsonDocument.Parse(scheduled.Out).RootElement.GetProperty("id").GetString()!;
        var task = (await redis.CreateClient().GetAsync(id))!;
        Assert.Equal(DateTimeOffset.Parse("2030-01-07T08:00:00Z"), task.Options.StartAfter);
        Assert.Equal(TimeSpan.FromSeconds(30), task.Options.Jitter);
        Assert.True(task.NextRunAt >= task.Options.StartAfter, $"next run {task.NextRunAt:O} before the start bound");

        var updated = await InProcessCli.RunAsync(redis, "update", id, "--start-after", "2031-03-02T06:00", "--jitter", "2m");
        Assert.True(updated.Code == 0, updated.Err);
        task = (await redis.CreateClient().GetAsync(id))!;
        Assert.Equal(DateTimeOffset.Parse("2031-03-02T05:00:00Z"), task.Options.StartAfter);
        Assert.Equal(TimeSpan.FromMinutes(2), task.Options.Jitter);
        var info = await InProcessCli.RunAsync(redis, "info", id);
        Assert.Contains("start after: 2031-03-02 05:00:00.000 +00:00", info.Out);
        Assert.Contains("jitter:      up to 2m\n", info.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Without_tz_the_start_and_end_instants_are_read_in_SCHEDULER_TIMEZONE_as_the_spec_is()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-start-default-zone");
        var environment = InProcessCli.Environment(redis);
        environment["SCHEDULER_TIMEZONE"] = "Europe/Berlin";
        var scheduled = await InProcessCli.RunAsync(environment, "schedule", "notification", "every 1 hour", "-m", "poll", "--id", "berlin",
            "--start-at", "2030-01-07T10:00", "--start-after", "2030-01-07T09:00", "--end-at", "2030-01-31T18:00");
        Assert.True(scheduled.Code == 0, scheduled.Err);

        var task = (await redis.CreateClient().GetAsync("berlin"))!;
        Assert.Equal("Europe/Berlin", task.Schedule.TimeZone);
        // Before, these three were read in UTC: an hour later than the spec's own wall clock.
        Assert.Equal(DateTimeOffset.Parse("2030-01-07T09:00:00Z"), task.Options.StartAt);
        Assert.Equal(DateTimeOffset.Parse("2030-01-07T08:00:00Z"), task.Options.StartAfter);
        Assert.Equal(DateTimeOffset.Parse("2030-01-31T17:00:00Z"), task.Options.EndAt);
    }

    [Theory]
    [InlineData("schedule", "--jitter", "soon", "--jitter \"soon\" is not accepted; expected a duration from 0 to 1h")]
    [InlineData("schedule", "--jitter", "2h", "jitter")]
    [InlineData("schedule", "--start-after", "every friday", "--start-after")]
    [InlineData("update", "--jitter", "2h", "jitter")]
    [InlineData("update", "--start-after", "whenever", "--start-after")]
    public async Task A_bad_start_bound_or_jitter_is_exit_2_naming_it(string command, string option, string value, string named)
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-start-after-bad");
        var task = await redis.CreateClient().ScheduleAsync(new Scheduler.Contracts.Tasks.NotificationTask("x"), "every 1 hour");
        string[] args = command == "schedule"
            ? ["schedule", "notification", "every 1 hour", "-m", "m", option, value]
            : ["update", task.Id, option, value];
        var result = await InProcessCli.RunAsync(redis, args);
        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Contains(named, result.Err);
    }
}
