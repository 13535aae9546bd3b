using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;
using Scheduler.Worker.Handlers;

namespace Scheduler.Worker.Mcp;

/// <summary>
/// One connected MCP client per configured server, created on first use and shared by all attempts (a stdio server
/// process is started once, not per call). A client whose connection broke is dropped and recreated on the next call.
/// Disposed with the worker, which stops stdio server processes.
/// </summary>
internal sealed class McpClientPool(IOptions<McpOptions> options, ILoggerFactory loggers, TimeProvider time) : IAsyncDisposable
{
    // "2025-11-25" skips the SDK's server/discover probe, which costs 5 s against servers that ignore it.
    private const string ProtocolVersion = "2025-11-25";

    /// <summary>How long connecting to a server (and, over HTTP, its first tool listing) may take.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, Lazy<Task<McpClient>>> _clients = new(StringComparer.OrdinalIgnoreCase);

    // Cancelled on dispose: a connection still being made then (the tool catalog starts stdio servers as the worker
    // starts) is given up and its server process stopped, rather than finished after the pool has let go of it.
    private readonly CancellationTokenSource _disposing = new();

    public IReadOnlyList<string> ServerNames => [.. options.Value.Servers.Keys.Order(StringComparer.Ordinal)];

    public async Task<McpClient> GetAsync(string serverName, CancellationToken cancellationToken)
    {
        if (!options.Value.Servers.TryGetValue(serverName, out var server))
        {
            var known = options.Value.Servers.Count == 0 ? "none" : string.Join(", ", ServerNames);
            throw new NonRetryableTaskException($"MCP server \"{serverName}\" is not configured on this worker; configured servers: {known}");
        }
        if (server.Problem(serverName) is { } problem) throw new NonRetryableTaskException(problem);
        var key = serverName.ToLowerInvariant();
        while (true)
        {
            var lazy = _clients.GetOrAdd(key, _ => new(() => ConnectAsync(serverName, server)));
            McpClient client;
            try
            {
                client = await lazy.Value.WaitAsync(cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                _clients.TryRemove(new KeyValuePair<string, Lazy<Task<McpClient>>>(key, lazy));
                throw;
            }
            // A session that ended while idle (a stdio server that exited, a closed HTTP stream) is replaced, not handed out.
            if (!client.Completion.IsCompleted) return client;
            await EvictAsync(serverName, client);
        }
    }

    /// <summary>The server is a child process of this worker, talked to over its stdin and stdout.</summary>
    public bool IsStdio(string serverName) =>
        options.Value.Servers.TryGetValue(serverName, out var server) && server.Transport == McpTransport.Stdio;

    /// <summary>Over HTTP a session can go stale while its client looks healthy: the server restarted and forgot it.</summary>
    public bool SessionsCanGoStale(string serverName) =>
        options.Value.Servers.TryGetValue(serverName, out var server) && server.Transport == McpTransport.Http;

    /// <summary>
    /// A client on a new session, outside the pool, for telling a stale session from a real refusal; hand it to
    /// <see cref="AdoptAsync"/> if it works, else dispose it.
    /// </summary>
    public async Task<McpClient> ConnectFreshAsync(string serverName, CancellationToken cancellationToken)
    {
        var connecting = ConnectAsync(serverName, options.Value.Servers[serverName]);
        try
        {
            return await connecting.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The connection goes on after the attempt gave up on it; no one else will have it.
            _ = connecting.ContinueWith(t => DisposeQuietlyAsync(t.Result), CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>Puts <paramref name="fresh"/> in the pool in place of <paramref name="stale"/> and disposes the stale one.</summary>
    public async Task AdoptAsync(string serverName, McpClient stale, McpClient fresh)
    {
        var key = serverName.ToLowerInvariant();
        var adopted = _clients.TryGetValue(key, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && lazy.Value.Result == stale
            && _clients.TryUpdate(key, new(() => Task.FromResult(fresh)), lazy);
        await EvictAsync(serverName, stale);
        // Another attempt replaced the stale client first: this one was only needed for the call just made.
        if (!adopted) await DisposeQuietlyAsync(fresh);
    }

    /// <summary>Drops a client after a transport failure so the next call reconnects.</summary>
    public async Task EvictAsync(string serverName, McpClient client)
    {
        var key = serverName.ToLowerInvariant();
        if (_clients.TryGetValue(key, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && lazy.Value.Result == client)
            _clients.TryRemove(new KeyValuePair<string, Lazy<Task<McpClient>>>(key, lazy));
        await DisposeQuietlyAsync(client);
    }

    public static async Task DisposeQuietlyAsync(McpClient client)
    {
        try { await client.DisposeAsync(); }
        catch (Exception) { } // already broken
    }

    private async Task<McpClient> ConnectAsync(string name, McpServerOptions server)
    {
        IClientTransport transport = server.Transport == McpTransport.Http
            ? new HttpClientTransport(new HttpClientTransportOptions
            {
                Name = name, Endpoint = new Uri(server.Url!), TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = server.Headers,
            }, loggers)
            : new StdioClientTransport(new StdioClientTransportOptions
            {
                Name = name, Command = server.Command!, Arguments = server.Args,
                // Scheduler's own settings left out (null removes an inherited variable), then the server's own.
                EnvironmentVariables = ChildEnvironment.Unset().Concat(server.Environment.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)))
                    .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value),
                WorkingDirectory = server.WorkingDirectory,
            }, loggers);
        // Not the attempt's token: the connection outlives the attempt that happened to open it.
        using var timeout = new CancellationTokenSource(ConnectTimeout, time);
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _disposing.Token);
        var client = await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = ProtocolVersion }, loggers, connectTimeout.Token);
        try
        {
            if (server.Transport == McpTransport.Http) await client.ListToolsAsync(cancellationToken: connectTimeout.Token);
            _disposing.Token.ThrowIfCancellationRequested();
        }
        catch
        {
            await DisposeQuietlyAsync(client);
            throw;
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _disposing.CancelAsync();
        foreach (var lazy in _clients.Values)
        {
            if (!lazy.IsValueCreated) continue;
            // One still connecting ends now (cancelled, its process stopped by the SDK); one connected is disposed.
            try { await (await lazy.Value).DisposeAsync(); }
            catch (Exception) { } // shutting down; the server process is gone either way
        }
        _clients.Clear();
    }
}
