using Scheduler.Cli;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.RedisDeployment;

/// <summary>How a Sentinel connection is given: the mistake of leaving out serviceName is named at start; a URL works too.</summary>
public sealed class SentinelConnectionTests
{
    [Fact]
    public async Task Sentinel_addresses_without_service_name_stop_a_component_and_the_cli_saying_to_add_service_name()
    {
        await using var cluster = await SentinelCluster.StartAsync();
        var bare = string.Join(",", cluster.SentinelPorts.Select(p => $"127.0.0.1:{p}"));

        var (code, output) = await ChildProcess.RunAsync("Scheduler.Beat", [],
            new Dictionary<string, string?> { ["SCHEDULER_REDIS"] = bare }, TimeSpan.FromSeconds(60));
        var cli = await RedisAuthTests.RunCliAsync(bare, "scheduler:", "list");

        Assert.True(code == 1, $"beat exited {code}: {output}");
        Assert.Contains("is a Sentinel", output);
        Assert.Contains("serviceName=", output);
        Assert.Equal(ExitCodes.RedisUnreachable, cli.Code);
        Assert.True(cli.Err.Contains("serviceName="), cli.Err);
    }

    [Fact]
    public async Task A_sentinel_connection_given_as_a_redis_url_reaches_the_primary()
    {
        await using var cluster = await SentinelCluster.StartAsync();
        var url = "redis://" + string.Join(",", cluster.SentinelPorts.Select(p => $"127.0.0.1:{p}")) + $"?serviceName={SentinelCluster.ServiceName}";
        await using var redis = await RedisTestContext.CreateAsync("sentinel-url", cluster.ConnectionString);
        var task = await redis.CreateClient().ScheduleAsync(new NotificationTask("via sentinel url"), "in 2 hours");

        var listed = await RedisAuthTests.RunCliAsync(url, redis.KeyPrefix, "list");

        Assert.True(listed.Code == 0, listed.Err);
        Assert.Contains(task.Id, listed.Out);
    }
}
