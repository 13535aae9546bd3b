using System.Collections.Concurrent;
using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>A real MCP server (the official SDK, Streamable HTTP) on a free loopback port, for the duration of a test.</summary>
public sealed class McpHttpTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private McpHttpTestServer(WebApplication app, string url) => (_app, Url) = (app, url);

    /// <summary>The MCP endpoint, e.g. http://127.0.0.1:41234/mcp.</summary>
    public string Url { get; }

    public static async Task<McpHttpTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMcpServer().WithHttpTransport().WithTools<HttpTestTools>();
        var app = builder.Build();
        app.MapMcp("/mcp");
        await app.StartAsync();
        return new McpHttpTestServer(app, app.Urls.First() + "/mcp");
    }

    /// <summary>Worker settings naming this server <paramref name="name"/>.</summary>
    public Dictionary<string, string?> Settings(string name) => new()
    {
        [$"Scheduler:Mcp:Servers:{name}:Transport"] = "http", [$"Scheduler:Mcp:Servers:{name}:Url"] = Url,
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Tools of the HTTP test server.</summary>
    [McpServerToolType]
    public sealed class HttpTestTools
    {
        private static readonly ConcurrentDictionary<string, int> Calls = new();

        [McpServerTool(Name = "echo"), Description("Returns the message.")]
        public static string Echo(string message) => $"echo: {message}";

        [McpServerTool(Name = "fail"), Description("Always reports a tool error.")]
        public static string Fail(string? reason = null) => throw new McpException(reason ?? "failed on purpose");

        [McpServerTool(Name = "throw"), Description("Fails with an exception that is not an McpException, as a bug in a tool does.")]
        public static string Throw(string? reason = null) => throw new InvalidOperationException(reason ?? "the tool broke");

        [McpServerTool(Name = "fail-traced"), Description("Reports a tool error whose text is a whole .NET exception, stack trace included, as some servers do.")]
        public static string FailTraced(string path)
        {
            try { return File.ReadAllText(path); }
            catch (IOException e) { throw new McpException(new InvalidOperationException("could not read the report", e).ToString() + Environment.NewLine + e.StackTrace); }
        }

        [McpServerTool(Name = "flaky"), Description("Reports a tool error on the first call for a key, then succeeds.")]
        public static string Flaky(string key) =>
            Calls.AddOrUpdate(key, 1, (_, n) => n + 1) == 1 ? throw new McpException("first call fails") : $"call {Calls[key]} ok";

        [McpServerTool(Name = "slow"), Description("Waits, honouring cancellation.")]
        public static async Task<string> Slow(int ms, CancellationToken cancellationToken)
        {
            await Task.Delay(ms, cancellationToken);
            return $"waited {ms} ms";
        }
    }
}
