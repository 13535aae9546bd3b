using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.RedisDeployment;

/// <summary>A Redis without the 6.2 commands Scheduler relies on is refused at start, not at the first job.</summary>
public sealed class RedisVersionTests
{
    private static readonly string[] Components = ["Scheduler.Beat", "Scheduler.Worker", "Scheduler.Dashboard"];

    [Fact]
    public async Task A_redis_without_getdel_stops_every_component_at_start_naming_the_version_needed()
    {
        // What a Redis 6.0 answers to GETDEL, on the redis-server at hand: the command renamed away.
        await using var server = await PrivateRedis.StartAsync("--rename-command", "GETDEL", "");

        var results = await Task.WhenAll(Components.Select(project => ChildProcess.RunAsync(project, [],
            new Dictionary<string, string?> { ["SCHEDULER_REDIS"] = server.ConnectionString, ["Scheduler__Dashboard__Port"] = RedisServer.FreePort().ToString() },
            TimeSpan.FromSeconds(60))));

        foreach (var (project, (code, output)) in Components.Zip(results))
        {
            Assert.True(code == 1, $"{project} exited {code}: {output}");
            Assert.Contains("does not know GETDEL: Scheduler needs Redis 6.2 or later", output);
            Assert.DoesNotContain("   at ", output);
        }
    }
}
