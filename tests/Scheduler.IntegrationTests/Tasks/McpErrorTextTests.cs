using System.Text.Json;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>A run's error says what the MCP server said went wrong, not its stack trace (which the worker logs).</summary>
public sealed class McpErrorTextTests
{
    private static Dictionary<string, JsonElement> Args(object value) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(value))!;

    private static void HasNoStackTrace(string? error)
    {
        Assert.NotNull(error);
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain(" at System.", error);
        Assert.DoesNotContain(":line ", error);
    }

    [Fact]
    public async Task A_tool_error_carrying_a_dotnet_stack_trace_is_recorded_as_its_exception_types_and_messages()
    {
        await using var mcp = await McpHttpTestServer.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("mcp-error-traced");
        await using var system = await InProcessSystem.StartAsync(redis, settings: mcp.Settings("web"));

        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(),
            new McpToolTask("web", "fail-traced", Args(new { path = "/nonexistent/report.csv" })) { Execution = TaskRuns.Fast() }));

        Assert.Equal(RunOutcome.Failed, run.Outcome);
        HasNoStackTrace(run.Error);
        Assert.StartsWith("MCP tool \"fail-traced\" on \"web\" returned an error: An error occurred invoking 'fail-traced': "
            + "System.InvalidOperationException: could not read the report; ---> System.IO.DirectoryNotFoundException: ", run.Error);
        Assert.EndsWith("(the server's full text is in the worker's log)", run.Error);
    }

    [Fact]
    public async Task A_stdio_server_that_dies_of_an_unhandled_exception_is_recorded_with_its_exit_and_the_exception_not_its_stderr()
    {
        await using var redis = await RedisTestContext.CreateAsync("mcp-error-die");
        await using var system = await InProcessSystem.StartAsync(redis, settings: new Dictionary<string, string?>
        {
            ["Scheduler:Mcp:Servers:local:Transport"] = "stdio",
            ["Scheduler:Mcp:Servers:local:Command"] = "dotnet",
            ["Scheduler:Mcp:Servers:local:Args:0"] = TestPaths.McpTestServerDll,
        });

        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(),
            new McpToolTask("local", "die", Args(new { reason = "disk full" })) { Execution = TaskRuns.Fast() }));

        Assert.Equal(RunOutcome.Failed, run.Outcome);
        HasNoStackTrace(run.Error);
        Assert.True(run.Error!.StartsWith("MCP server \"local\" broke off the call of tool \"die\": MCP server process exited unexpectedly", StringComparison.Ordinal), run.Error);
        Assert.Contains("its stderr ended with: Unhandled exception. System.InvalidOperationException: disk full", run.Error);
    }
}
