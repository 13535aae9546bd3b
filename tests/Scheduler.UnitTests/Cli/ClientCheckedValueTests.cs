using Scheduler.Cli;

namespace Scheduler.UnitTests.Cli;

/// <summary>
/// A value the client refuses whatever Redis holds ("--tz Mars/Base", "--queue 'BAD Q'") is refused before the CLI
/// connects: exit 2 with the client's words, not exit 4 because Redis happens to be down (here it is unreachable).
/// </summary>
public sealed class ClientCheckedValueTests
{
    [Theory]
    [InlineData(new[] { "schedule", "notification", "in 5m", "-m", "x", "--tz", "Mars/Base" }, "unknown time zone \"Mars/Base\"")]
    [InlineData(new[] { "update", "t1", "--queue", "BAD Q" }, "queue \"BAD Q\" is not accepted")]
    [InlineData(new[] { "update", "t1", "--tz", "Mars/Base" }, "unknown time zone \"Mars/Base\"")]
    public async Task A_value_the_client_refuses_is_exit_2_before_any_connection(string[] args, string expected)
    {
        var result = await CliParse.RunAsync(args);
        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Contains(expected, result.Err);
        Assert.DoesNotContain("Redis", result.Err);
    }

    [Theory]
    [InlineData("schedule", "notification", "in 5m", "-m", "x", "--max-runs", "3", "--retries", "2")]
    [InlineData("update", "t1", "--max-runs", "3", "--name", "nightly")]
    public async Task Accepted_values_reach_the_connection(params string[] args)
    {
        Assert.Equal(ExitCodes.RedisUnreachable, (await CliParse.RunAsync(args)).Code);
    }
}
