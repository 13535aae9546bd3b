using System.Text.Json;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>A shared stdio MCP server that dies fails every call running on it, each naming the exit (not only the call that killed it).</summary>
public sealed class McpSharedServerCrashTests
{
    private static Dictionary<string, JsonElement> Args(object value) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(value))!;

    [Fact]
    public async Task Calls_running_on_a_stdio_server_that_another_call_crashes_fail_naming_the_servers_exit()
    {
        await using var redis = await RedisTestContext.CreateAsync("mcp-shared-crash");
        await using var system = await InProcessSystem.StartAsync(redis, settings: new Dictionary<string, string?>
        {
            ["Scheduler:Mcp:Servers:local:Transport"] = "stdio",
            ["Scheduler:Mcp:Servers:local:Command"] = "dotnet",
            ["Scheduler:Mcp:Servers:local:Args:0"] = TestPaths.McpTestServerDll,
        });
        using var dir = TestPaths.CreateTempDirectory("mcp-shared-crash");
        var client = redis.CreateClient();

        var slow = new List<ScheduledTask>();
        for (var i = 0; i < 4; i++)
            slow.Add(await TaskRuns.StartAsync(client, new McpToolTask("local", "slow", Args(new { ms = 60000, startedMarker = dir.File($"started{i}") }))
                { Execution = TaskRuns.Fast(softSeconds: 120, hardSeconds: 180) }));
        await Eventually.WaitAsync(() => Task.FromResult(Enumerable.Range(0, 4).All(i => File.Exists(dir.File($"started{i}")))), TaskRuns.Patience, "the slow tools to start on the server");
        var crash = Assert.Single(await TaskRuns.RunAsync(client, new McpToolTask("local", "crash") { Execution = TaskRuns.Fast() }));
        Assert.Equal(RunOutcome.Failed, crash.Outcome);

        foreach (var task in slow)
        {
            var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, task.Id, TimeSpan.FromSeconds(15)));
            Assert.True(run.Outcome == RunOutcome.Failed && run.Error!.StartsWith("MCP server \"local\" broke off the call of tool \"slow\": ", StringComparison.Ordinal),
                $"{run.Outcome}: {run.Error}");
            Assert.Contains("exit code: 3", run.Error);
        }
    }
}
