using System.Text.Json;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>MCP tool calls on a real worker against real SDK servers: one over Streamable HTTP in the test, one over stdio as a child process.</summary>
public sealed class McpToolTaskTests
{
    private static Dictionary<string, JsonElement> Args(object value) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(value))!;

    private static Dictionary<string, string?> StdioSettings(string name) => new()
    {
        [$"Scheduler:Mcp:Servers:{name}:Transport"] = "stdio",
        [$"Scheduler:Mcp:Servers:{name}:Command"] = "dotnet",
        [$"Scheduler:Mcp:Servers:{name}:Args:0"] = TestPaths.McpTestServerDll,
    };

    [Fact]
    public async Task Tool_over_http_returns_its_text_content_as_the_result()
    {
        await using var mcp = await McpHttpTestServer.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("mcp-http");
        await using var system = await InProcessSystem.StartAsync(redis, settings: mcp.Settings("web"));

        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), new McpToolTask("web", "echo", Args(new { message = "hi" })) { Execution = TaskRuns.Fast() }));

        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        Assert.Equal("echo: hi", run.Result);
    }

    [Fact]
    public async Task Tool_over_stdio_runs_in_a_server_process_started_by_the_worker()
    {
        await using var redis = await RedisTestContext.CreateAsync("mcp-stdio");
        await using var system = await InProcessSystem.StartAsync(redis, settings: StdioSettings("local"));

        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), new McpToolTask("local", "echo", Args(new { message = "via stdio" })) { Execution = TaskRuns.Fast() }));

        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        Assert.Equal("echo: via stdio", run.Result);
    }

    [Theory]
    [InlineData("fail", "failed on purpose")]
    [InlineData("no-such-tool", "no-such-tool")]
    public async Task Tool_error_result_fails_the_attempt(string tool, string expected)
    {
        await using var mcp = await McpHttpTestServer.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("mcp-error");
        await using var system = await InProcessSystem.StartAsync(redis, settings: mcp.Settings("web"));

        var runs = await TaskRuns.RunAsync(redis.CreateClient(), new McpToolTask("web", tool, Args(new { reason = "failed on purpose" })) { Execution = TaskRuns.Fast() });

        var run = Assert.Single(runs);
        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.Contains(expected, run.Error);
    }

    [Fact]
    public async Task Tool_error_on_the_first_call_succeeds_on_retry()
    {
        await using var mcp = await McpHttpTestServer.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("mcp-retry");
        await using var system = await InProcessSystem.StartAsync(redis, settings: mcp.Settings("web"));

        var runs = await TaskRuns.RunAsync(redis.CreateClient(), new McpToolTask("web", "flaky", Args(new { key = Guid.NewGuid().ToString() })) { Execution = TaskRuns.Fast(retries: 2) });

        Assert.Equal([RunOutcome.Failed, RunOutcome.Succeeded], runs.Select(r => r.Outcome));
        Assert.Equal("call 2 ok", runs[1].Result);
    }

    [Fact]
    public async Task Unknown_server_fails_at_once_without_retries_listing_configured_servers()
    {
        await using var mcp = await McpHttpTestServer.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("mcp-unknown");
        await using var system = await InProcessSystem.StartAsync(redis, settings: mcp.Settings("web"));

        var runs = await TaskRuns.RunAsync(redis.CreateClient(), new McpToolTask("elsewhere", "echo") { Execution = TaskRuns.Fast(retries: 3) });

        var run = Assert.Single(runs);
        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.Equal("MCP server \"elsewhere\" is not configured on this worker; configured servers: web", run.Error);
    }

    [Fact]
    public async Task Soft_timeout_aborts_a_slow_tool_call()
    {
        await using var mcp = await McpHttpTestServer.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("mcp-soft");
        await using var system = await InProcessSystem.StartAsync(redis, settings: mcp.Settings("web"));

        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(),
            new McpToolTask("web", "slow", Args(new { ms = 30000 })) { Execution = TaskRuns.Fast(softSeconds: 1, hardSeconds: 10) }));

        Assert.Equal(RunOutcome.TimedOut, run.Outcome);
        Assert.StartsWith("soft timeout", run.Error);
        // Cut short: the tool alone takes 30 s.
        Assert.True(run.Duration < TimeSpan.FromSeconds(30), $"took {run.Duration}");
    }

    [Fact]
    public async Task Cancelling_the_task_cancels_the_running_tool_call_on_the_stdio_server()
    {
        await using var redis = await RedisTestContext.CreateAsync("mcp-cancel");
        await using var system = await InProcessSystem.StartAsync(redis, settings: StdioSettings("local"));
        using var dir = TestPaths.CreateTempDirectory("mcp-cancel");
        var client = redis.CreateClient();

        var scheduled = await TaskRuns.StartAsync(client, new McpToolTask("local", "slow", Args(new { ms = 60000, startedMarker = dir.File("started"), cancelledMarker = dir.File("cancelled") }))
            { Execution = TaskRuns.Fast(retries: 3, softSeconds: 120, hardSeconds: 180) });
        await Eventually.WaitAsync(() => Task.FromResult(File.Exists(dir.File("started"))), TaskRuns.Patience, "the tool to start on the server");
        Assert.True(await client.CancelAsync(scheduled.Id));

        var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, scheduled.Id, TimeSpan.FromSeconds(15)));
        Assert.Equal(RunOutcome.Cancelled, run.Outcome);
        // The SDK client sent notifications/cancelled over stdio, so the server stopped the tool too.
        await Eventually.WaitAsync(() => Task.FromResult(File.Exists(dir.File("cancelled"))), TimeSpan.FromSeconds(10), "the server to see the cancellation");
    }
}
