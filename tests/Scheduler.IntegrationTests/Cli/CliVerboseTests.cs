using Scheduler.Cli;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Cli;

/// <summary>The CLI's <c>--verbose</c> debug switch: what it says on stderr, and what it never says.</summary>
public sealed class CliVerboseTests
{
    [Fact]
    public async Task Verbose_names_the_endpoint_with_the_password_masked_and_every_cause_without_a_stack_trace()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-verbose");
        var failed = await InProcessCli.RunAsync(redis, "list", "--verbose", "--redis", "redis://app:s3cret@127.0.0.1:1/0");

        Assert.Equal(ExitCodes.RedisUnreachable, failed.Code);
        Assert.Contains("verbose: connecting to Redis at", failed.Err);
        Assert.Contains($"key prefix \"{redis.KeyPrefix}\"", failed.Err);
        Assert.Contains("verbose: cause: RedisConnectionException", failed.Err);
        Assert.Contains("error: cannot reach Redis", failed.Err);
        Assert.DoesNotContain("s3cret", failed.Err);
        Assert.DoesNotContain("   at ", failed.Err);
    }

    [Fact]
    public async Task Verbose_reports_the_connection_and_the_time_taken_and_without_it_stderr_stays_empty()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-verbose-ok");
        var verbose = await InProcessCli.RunAsync(redis, "list", "--verbose");
        Assert.Equal(0, verbose.Code);
        Assert.Matches(@"verbose: connected in \d+ ms", verbose.Err);
        Assert.Matches(@"verbose: done in \d+ ms, exit code 0", verbose.Err);

        var quiet = await InProcessCli.RunAsync(redis, "list");
        Assert.Equal(0, quiet.Code);
        Assert.Equal("", quiet.Err);
    }
}
