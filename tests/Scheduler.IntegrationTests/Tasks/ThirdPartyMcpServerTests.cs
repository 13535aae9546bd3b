using System.Diagnostics;
using System.Text.Json;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>
/// MCP tool calls against npm's @modelcontextprotocol/server-everything (installed by scripts/install-test-prerequisites.sh),
/// over stdio and over Streamable HTTP. Skipped only when node or the package is missing.
/// </summary>
public sealed class ThirdPartyMcpServerTests
{
    private static readonly string Server = Path.Combine(TestPaths.RepositoryRoot, "tests", ".tools", "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
    private static readonly string Preload = Path.Combine(TestPaths.RepositoryRoot, "tests", "tools", "loopback-only.cjs");
    private const string Missing = "server-everything is not installed: run scripts/install-test-prerequisites.sh (needs node and npm)";

    private static McpToolTask Echo(string server, string message) =>
        new(server, "echo", new Dictionary<string, JsonElement> { ["message"] = JsonSerializer.SerializeToElement(message) }) { Execution = TaskRuns.Fast() };

    [SkippableFact]
    public async Task Echo_over_stdio_returns_the_servers_text()
    {
        Skip.IfNot(File.Exists(Server), Missing);
        await using var redis = await RedisTestContext.CreateAsync("mcp-everything-stdio");
        await using var system = await InProcessSystem.StartAsync(redis, settings: new Dictionary<string, string?>
        {
            ["Scheduler:Mcp:Servers:everything:Transport"] = "stdio",
            ["Scheduler:Mcp:Servers:everything:Command"] = "node",
            ["Scheduler:Mcp:Servers:everything:Args:0"] = Server,
            ["Scheduler:Mcp:Servers:everything:Args:1"] = "stdio",
        });

        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), Echo("everything", "hello stdio")));

        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        Assert.Contains("hello stdio", run.Result);
    }

    [SkippableFact]
    public async Task A_tool_error_over_stdio_is_recorded_as_the_servers_message()
    {
        Skip.IfNot(File.Exists(Server), Missing);
        await using var redis = await RedisTestContext.CreateAsync("mcp-everything-error");
        await using var system = await InProcessSystem.StartAsync(redis, settings: new Dictionary<string, string?>
        {
            ["Scheduler:Mcp:Servers:everything:Transport"] = "stdio",
            ["Scheduler:Mcp:Servers:everything:Command"] = "node",
            ["Scheduler:Mcp:Servers:everything:Args:0"] = Server,
            ["Scheduler:Mcp:Servers:everything:Args:1"] = "stdio",
        });
        var arguments = new Dictionary<string, JsonElement> { ["a"] = JsonSerializer.SerializeToElement("x"), ["b"] = JsonSerializer.SerializeToElement(2) };

        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), new McpToolTask("everything", "get-sum", arguments) { Execution = TaskRuns.Fast() }));

        // server-everything answers a bad argument with one line (isError): kept word for word.
        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.Equal("MCP tool \"get-sum\" on \"everything\" returned an error: MCP error -32602: Input validation error: Invalid arguments for tool get-sum: "
            + "Invalid input: expected number, received string at a", run.Error);
    }

    [SkippableFact]
    public async Task Echo_over_streamable_http_returns_the_servers_text_and_an_unknown_tool_fails()
    {
        Skip.IfNot(File.Exists(Server), Missing);
        var port = RedisServer.FreePort();
        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--require", Preload, Server, "streamableHttp" }) start.ArgumentList.Add(arg);
        start.Environment["PORT"] = port.ToString();
        using var node = Process.Start(start)!;
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient();
            await Eventually.WaitAsync(async () =>
            {
                try { await http.GetAsync($"http://127.0.0.1:{port}/mcp"); return true; }
                catch (HttpRequestException) { return false; }
            }, TimeSpan.FromSeconds(20), "server-everything to listen");
            await using var redis = await RedisTestContext.CreateAsync("mcp-everything-http");
            await using var system = await InProcessSystem.StartAsync(redis, settings: new Dictionary<string, string?>
            {
                ["Scheduler:Mcp:Servers:everything:Transport"] = "http",
                ["Scheduler:Mcp:Servers:everything:Url"] = $"http://127.0.0.1:{port}/mcp",
            });
            var client = redis.CreateClient();

            var run = Assert.Single(await TaskRuns.RunAsync(client, Echo("everything", "hello http")));
            Assert.Equal(RunOutcome.Succeeded, run.Outcome);
            Assert.Contains("hello http", run.Result);

            var unknown = await TaskRuns.RunAsync(client, new McpToolTask("everything", "no-such-tool") { Execution = TaskRuns.Fast() });
            Assert.All(unknown, r => Assert.NotEqual(RunOutcome.Succeeded, r.Outcome));
        }
        finally
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
        }
    }

    [SkippableFact]
    public async Task A_call_after_the_http_server_restarted_runs_on_a_new_session_instead_of_failing_for_good()
    {
        Skip.IfNot(File.Exists(Server), Missing);
        var port = RedisServer.FreePort();
        var node = await StartHttpServerAsync(port);
        try
        {
            await using var redis = await RedisTestContext.CreateAsync("mcp-everything-restart");
            await using var system = await InProcessSystem.StartAsync(redis, settings: new Dictionary<string, string?>
            {
                ["Scheduler:Mcp:Servers:everything:Transport"] = "http",
                ["Scheduler:Mcp:Servers:everything:Url"] = $"http://127.0.0.1:{port}/mcp",
            });
            var client = redis.CreateClient();
            Assert.Equal(RunOutcome.Succeeded, Assert.Single(await TaskRuns.RunAsync(client, Echo("everything", "before"))).Outcome);

            // The server restarts and forgets every session; the worker's pooled client still holds its old one.
            await StopAsync(node);
            node = await StartHttpServerAsync(port);

            // No retries: the call itself must go through, not a later attempt.
            var after = Assert.Single(await TaskRuns.RunAsync(client, Echo("everything", "after the restart")));
            Assert.True(after.Outcome == RunOutcome.Succeeded, after.Error);
            Assert.Contains("after the restart", after.Result);
        }
        finally { await StopAsync(node); }
    }

    private static async Task<Process> StartHttpServerAsync(int port)
    {
        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--require", Preload, Server, "streamableHttp" }) start.ArgumentList.Add(arg);
        start.Environment["PORT"] = port.ToString();
        var node = Process.Start(start)!;
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
        using var http = new HttpClient();
        await Eventually.WaitAsync(async () =>
        {
            try { await http.GetAsync($"http://127.0.0.1:{port}/mcp"); return true; }
            catch (HttpRequestException) { return false; }
        }, TimeSpan.FromSeconds(20), "server-everything to listen");
        return node;
    }

    private static async Task StopAsync(Process node)
    {
        try
        {
            if (!node.HasExited) node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
        }
        catch (InvalidOperationException) { } // stopped already
        node.Dispose();
    }
}
