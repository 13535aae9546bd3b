using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Scheduler.Contracts.Capabilities;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Worker.Mcp;

namespace Scheduler.IntegrationTests.Capabilities;

/// <summary>
/// A worker lists its MCP servers' tools at start and advertises them: scheduling a tool no server lists is refused
/// when the task is written, and so is a call without an argument the tool's schema requires, against a real SDK
/// server; a server that does not answer leaves its tools unchecked.
/// </summary>
public sealed class McpToolListTests
{
    [Fact]
    public async Task Scheduling_a_tool_the_server_does_not_list_or_without_a_required_argument_is_refused_and_an_unanswering_server_is_not_checked()
    {
        await using var mcp = await McpHttpTestServer.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("mcp-tools");
        var settings = mcp.Settings("web");
        settings["Scheduler:Mcp:Servers:down:Transport"] = "http";
        settings["Scheduler:Mcp:Servers:down:Url"] = "http://127.0.0.1:9/mcp";
        await using var system = await InProcessSystem.StartAsync(redis, beats: 0, settings: settings);
        var client = redis.CreateClient(verifyWorkers: true);

        await Eventually.WaitAsync(async () => (await client.GetWorkerCapabilitiesAsync()) is [{ McpTools: { } t }] && t.ContainsKey("web"),
            TimeSpan.FromSeconds(30), "the worker's advertisement with the web server's tools");
        var worker = Assert.Single(await client.GetWorkerCapabilitiesAsync());
        Assert.Contains(new[] { "message" }, worker.McpTools!["web"].Where(t => t.Name == "echo").Select(t => t.RequiredArguments.ToArray()));
        Assert.False(worker.McpTools.ContainsKey("down"));

        var typo = await Assert.ThrowsAsync<TaskNotOfferedException>(() => client.ScheduleAsync(new McpToolTask("web", "ehco"), "in 1 hour"));
        Assert.Contains($"MCP server \"web\" has no tool \"ehco\" on any live worker; its tools: {string.Join(", ", worker.McpTools["web"].Select(t => t.Name))}", typo.Message);
        Assert.Empty(await client.ListAsync());

        var noMessage = await Assert.ThrowsAsync<TaskNotOfferedException>(() => client.ScheduleAsync(new McpToolTask("web", "echo"), "in 1 hour"));
        Assert.Contains("MCP tool \"echo\" of server \"web\" requires argument(s) \"message\", which the task does not give", noMessage.Message);
        var message = new Dictionary<string, JsonElement> { ["message"] = JsonSerializer.SerializeToElement("hi") };
        Assert.Equal(ScheduleStatus.Scheduled, (await client.ScheduleAsync(new McpToolTask("web", "echo", message), "in 1 hour")).Status);
        Assert.Equal(ScheduleStatus.Scheduled, (await client.ScheduleAsync(new McpToolTask("down", "anything"), "in 1 hour")).Status);
    }

    [Fact]
    public async Task A_server_that_never_answers_does_not_hold_up_the_listing_of_the_others()
    {
        // Named to come first in the servers' order.
        await using var hung = HungServer.Start();
        await using var mcp = await McpHttpTestServer.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("mcp-tools-hung");
        var settings = mcp.Settings("web");
        settings["Scheduler:Mcp:Servers:a-hung:Transport"] = "http";
        settings["Scheduler:Mcp:Servers:a-hung:Url"] = $"http://127.0.0.1:{hung.Port}/mcp";
        await using var system = await InProcessSystem.StartAsync(redis, beats: 0, settings: settings);
        var client = redis.CreateClient(verifyWorkers: true);

        // Well within the hung server's own timeout: listed one after the other, "web" waited all of it.
        await Eventually.WaitAsync(async () => (await client.GetWorkerCapabilitiesAsync()) is [{ McpTools: { } t }] && t.ContainsKey("web"),
            McpToolCatalog.ListTimeout / 2, "the web server's tools while the hung server has not answered");
        var tools = Assert.Single(await client.GetWorkerCapabilitiesAsync()).McpTools!;
        Assert.Contains("echo", tools["web"].Select(t => t.Name));
        Assert.False(tools.ContainsKey("a-hung"));
        await Eventually.WaitAsync(() => Task.FromResult(hung.Asked), TimeSpan.FromSeconds(10), "the hung server to be asked");
    }

    [Fact]
    public async Task A_listing_that_never_answers_is_given_up_when_the_injected_clock_passes_its_timeout()
    {
        await using var hung = HungServer.Start();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = Options.Create(new McpOptions());
        options.Value.Servers["hung"] = new McpServerOptions { Transport = McpTransport.Http, Url = $"http://127.0.0.1:{hung.Port}/mcp" };
        var logs = new CapturedLogs(LogLevel.Warning);
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        await using var pool = new McpClientPool(options, loggers, time);
        var catalog = new McpToolCatalog(pool, options, time, loggers.CreateLogger<McpToolCatalog>());

        var refresh = catalog.RefreshAsync(CancellationToken.None);
        // Asked, so its timeout is running (it starts before the connection).
        await Eventually.WaitAsync(() => Task.FromResult(hung.Asked), TimeSpan.FromSeconds(10), "the hung server to be asked");
        time.Advance(McpToolCatalog.ListTimeout);
        // The host's clock would end it too, after its 30 s: well before them, only the injected clock can have.
        await refresh.WaitAsync(McpToolCatalog.ListTimeout / 3);

        Assert.Empty(catalog.Tools);
        Assert.Contains(logs.Messages(nameof(McpToolCatalog), LogLevel.Warning),
            m => m.StartsWith("Could not list the tools of MCP server hung (no answer within 30 s)", StringComparison.Ordinal));
    }

    // Takes connections and never answers them, as a hung server does.
    private sealed class HungServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly ConcurrentQueue<Socket> _held = new();
        private Task _accepting = Task.CompletedTask;

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>Someone has connected.</summary>
        public bool Asked => !_held.IsEmpty;

        public static HungServer Start()
        {
            var server = new HungServer();
            server._listener.Start();
            server._accepting = Task.Run(async () =>
            {
                try { while (true) server._held.Enqueue(await server._listener.AcceptSocketAsync()); }
                catch (Exception e) when (e is SocketException or ObjectDisposedException) { } // stopped at the test's end
            });
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await _accepting;
            foreach (var socket in _held) socket.Dispose();
        }
    }
}
