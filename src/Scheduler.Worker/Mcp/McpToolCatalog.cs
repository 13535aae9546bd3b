using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;
using Scheduler.Contracts.Capabilities;

namespace Scheduler.Worker.Mcp;

/// <summary>
/// The tools each configured MCP server lists, asked at start and again every <see cref="McpOptions.ToolListInterval"/>,
/// and advertised with the worker's capabilities so that scheduling refuses a tool no live worker's server offers
/// (a typo found when the task is written, not at its first run). A server not listed yet, or never listed because it
/// did not answer, is left out, so its tools are not checked; one that stops answering keeps its last list.
/// </summary>
internal sealed partial class McpToolCatalog(McpClientPool pool, IOptions<McpOptions> options, TimeProvider time, ILogger<McpToolCatalog> logger)
    : BackgroundService
{
    /// <summary>How long one server's connection and listing may take before it is left out of this round.</summary>
    internal static readonly TimeSpan ListTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How many servers are listed at once: a stdio server is a process started, so not all of them together.</summary>
    internal const int ListConcurrency = 8;

    private readonly Lock _publishing = new();

    private volatile IReadOnlyDictionary<string, IReadOnlyList<McpToolInfo>> _tools =
        new Dictionary<string, IReadOnlyList<McpToolInfo>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Tools by server name, for the servers listed so far.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<McpToolInfo>> Tools => _tools;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ListTools || options.Value.Servers.Count == 0) return;
        using var timer = new PeriodicTimer(options.Value.ToolListInterval, time);
        do await RefreshAsync(stoppingToken).ConfigureAwait(false);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Lists every server at once (at most <see cref="ListConcurrency"/> at a time), each under its own timeout, and
    /// publishes each list as it comes: a server that hangs holds up only its own list, not the others' (listed one
    /// after another, one hanging server kept every server after it unlisted for its whole timeout).
    /// </summary>
    internal Task RefreshAsync(CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(pool.ServerNames.Where(server => options.Value.Servers[server].Problem(server) is null),
            new ParallelOptions { MaxDegreeOfParallelism = ListConcurrency, CancellationToken = cancellationToken },
            async (server, ct) =>
            {
                if (await ListAsync(server, ct).ConfigureAwait(false) is { } tools) Publish(server, tools);
            });

    private async Task<IReadOnlyList<McpToolInfo>?> ListAsync(string server, CancellationToken cancellationToken)
    {
        // On the injected clock, as every other wait of the worker's: a test's fake time ends a hung listing.
        using var timeout = new CancellationTokenSource(ListTimeout, time);
        using var listing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var client = await pool.GetAsync(server, listing.Token).ConfigureAwait(false);
            var tools = await client.ListToolsAsync(cancellationToken: listing.Token).ConfigureAwait(false);
            return [.. tools.Select(Info).OrderBy(t => t.Name, StringComparer.Ordinal)];
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogNotListed(logger, server, e is OperationCanceledException ? $"no answer within {ListTimeout.TotalSeconds:0} s" : e.Message);
            return null;
        }
    }

    // Copy on write: the heartbeat reads the lists while other servers' answers are still coming in.
    private void Publish(string server, IReadOnlyList<McpToolInfo> tools)
    {
        lock (_publishing)
            _tools = new Dictionary<string, IReadOnlyList<McpToolInfo>>(_tools, StringComparer.OrdinalIgnoreCase) { [server] = tools };
    }

    // The arguments the tool's input schema requires at its top level; a schema of another shape requires none here.
    private static McpToolInfo Info(McpClientTool tool)
    {
        var schema = tool.JsonSchema;
        var required = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("required", out var names) && names.ValueKind == JsonValueKind.Array
            ? names.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!).ToList()
            : [];
        return new McpToolInfo(tool.Name, required);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Could not list the tools of MCP server {Server} ({Reason}); scheduling does not check its tool names until it answers")]
    private static partial void LogNotListed(ILogger logger, string server, string reason);
}
