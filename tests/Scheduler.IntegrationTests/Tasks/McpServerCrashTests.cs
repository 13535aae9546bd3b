using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>An MCP stdio server that dies in the middle of a call: the attempt fails at once naming server and tool, and the retry gets a new server.</summary>
public sealed class McpServerCrashTests
{
    [Fact]
    public async Task A_stdio_server_dying_mid_call_fails_the_attempt_at_once_naming_server_and_tool_and_the_retry_starts_a_new_server()
    {
        await using var redis = await RedisTestContext.CreateAsync("mcp-crash");
        await using var system = await InProcessSystem.StartAsync(redis, settings: new Dictionary<string, string?>
        {
            ["Scheduler:Mcp:Servers:local:Transport"] = "stdio",
            ["Scheduler:Mcp:Servers:local:Command"] = "dotnet",
            ["Scheduler:Mcp:Servers:local:Args:0"] = TestPaths.McpTestServerDll,
        });

        var runs = await TaskRuns.RunAsync(redis.CreateClient(),
            new McpToolTask("local", "crash") { Execution = TaskRuns.Fast(retries: 1, softSeconds: 20, hardSeconds: 30) }, TimeSpan.FromSeconds(60));

        Assert.Equal(2, runs.Count);
        Assert.All(runs, run =>
        {
            Assert.Equal(RunOutcome.Failed, run.Outcome);
            Assert.StartsWith("MCP server \"local\" broke off the call of tool \"crash\": ", run.Error);
            // The server's exit, not the SDK's bare "The transport was closed." that sometimes comes first.
            Assert.Contains("exited unexpectedly (exit code: 3)", run.Error);
            Assert.True(run.Duration < TimeSpan.FromSeconds(15), $"took {run.Duration}");
        });
    }
}
