using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Handlers;

namespace Scheduler.Worker.Mcp;

/// <summary>
/// Calls an MCP tool through the pooled client for its server. A result with <c>isError</c> (which is also how the
/// SDK reports an unknown tool or bad arguments) fails the attempt; a broken connection is dropped and the attempt
/// fails retryably; over HTTP a JSON-RPC refusal is tried once more on a new session, since a restarted server refuses
/// the session it forgot. Cancellation aborts the call (over stdio the server is also told, via notifications/cancelled).
/// What the server said goes into the run's error without its stack trace (<see cref="McpErrorText"/>); the whole text
/// is logged.
/// </summary>
internal sealed partial class McpToolHandler(McpClientPool pool, TimeProvider time, ILogger<McpToolHandler> logger) : ITaskHandler<McpToolTask>
{
    private const string StderrTailMarker = McpErrorText.StderrTail;

    /// <summary>How long a call broken off by a dying server waits to learn its exit code.</summary>
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(2);

    public async Task<string?> HandleAsync(McpToolTask task, TaskExecutionContext context, CancellationToken cancellationToken)
    {
        McpClient client;
        try
        {
            client = await pool.GetAsync(task.ServerName, cancellationToken);
        }
        catch (Exception e) when (e is not NonRetryableTaskException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // A server that cannot start says why on its stderr, which the SDK's error carries whole.
            throw new IOException($"MCP server \"{task.ServerName}\" could not be reached for tool \"{task.ToolName}\": {Said(task, context, e.Message)}", e);
        }
        var arguments = task.Arguments?.ToDictionary(p => p.Key, p => (object?)p.Value) ?? [];
        CallToolResult result;
        try
        {
            result = await CallAsync(task, context, client, arguments, cancellationToken);
        }
        catch (McpProtocolException) when (pool.SessionsCanGoStale(task.ServerName))
        {
            // A server restarted since this session began answers its stale id with a JSON-RPC error (server-everything:
            // 400, -32000), as it would a call it refuses. A fresh session tells them apart without disturbing the calls
            // of other attempts on the pooled client: it replaces that client only if it works.
            var fresh = await pool.ConnectFreshAsync(task.ServerName, cancellationToken);
            try
            {
                result = await fresh.CallToolAsync(task.ToolName, arguments, cancellationToken: cancellationToken);
            }
            catch (McpProtocolException again)
            {
                await McpClientPool.DisposeQuietlyAsync(fresh);
                throw Rejected(task, context, again);
            }
            catch (Exception)
            {
                await McpClientPool.DisposeQuietlyAsync(fresh);
                throw;
            }
            await pool.AdoptAsync(task.ServerName, client, fresh);
        }
        catch (McpProtocolException e)
        {
            throw Rejected(task, context, e);
        }
        var text = Render(result);
        if (result.IsError == true)
            throw new McpToolFailedException($"MCP tool \"{task.ToolName}\" on \"{task.ServerName}\" returned an error: {Said(task, context, text)}");
        return text;
    }

    private async Task<CallToolResult> CallAsync(McpToolTask task, TaskExecutionContext context, McpClient client, Dictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CallToolAsync(task.ToolName, arguments, cancellationToken: cancellationToken);
        }
        // Only a broken connection is dropped: the client is shared, and disposing it for one bad answer (a result
        // that does not parse) would cancel other attempts' calls and stop a stdio server under them.
        catch (Exception e) when (e is IOException or HttpRequestException || (e is not OperationCanceledException and not McpProtocolException && client.Completion.IsCompleted))
        {
            var why = pool.IsStdio(task.ServerName) ? await WhyClosedAsync(client, e) : e.Message;
            await pool.EvictAsync(task.ServerName, client);
            // The SDK's own message ("MCP server process exited unexpectedly") names neither the server nor the call.
            throw new IOException($"MCP server \"{task.ServerName}\" broke off the call of tool \"{task.ToolName}\": {Said(task, context, why)}", e);
        }
    }

    // A stdio server that died fails its pending calls with either the SDK's "exited unexpectedly" (exit code, stderr
    // tail) or a bare "The transport was closed.", whichever it notices first; the session's completion has the exit
    // either way, a moment later.
    private async Task<string> WhyClosedAsync(McpClient client, Exception e)
    {
        if (e.Message.Contains(StderrTailMarker, StringComparison.Ordinal)) return e.Message;
        ClientCompletionDetails? details = (e as ClientTransportClosedException)?.Details;
        if (details is not StdioClientCompletionDetails { ExitCode: not null })
        {
            try { details = await client.Completion.WaitAsync(ExitWait, time); }
            catch (TimeoutException) { return e.Message; }
        }
        if (details is not StdioClientCompletionDetails { ExitCode: { } code } stdio) return e.Message;
        var tail = stdio.StandardErrorTail is { Count: > 0 } lines ? $"\n{StderrTailMarker}\n{string.Join("\n", lines)}" : "";
        return $"MCP server process exited unexpectedly (exit code: {code}){tail}";
    }

    // The server answered with a JSON-RPC error (e.g. an unknown tool on some servers): the request is wrong.
    private NonRetryableTaskException Rejected(McpToolTask task, TaskExecutionContext context, McpProtocolException e) =>
        new($"MCP server \"{task.ServerName}\" rejected tool \"{task.ToolName}\": {Said(task, context, e.Message)}", e);

    // The server's words for the run's error: its message lines, not its stack trace, which goes to the log.
    private string Said(McpToolTask task, TaskExecutionContext context, string text)
    {
        var (condensed, shortened) = McpErrorText.Condense(text);
        if (!shortened) return condensed;
        LogFullError(task.ServerName, task.ToolName, context.TaskId, context.RunId, context.Attempt, text);
        return $"{condensed} (the server's full text is in the worker's log)";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Server}, tool {Tool}, task {TaskId} run {RunId} attempt {Attempt}: the server's full error text:\n{Text}")]
    private partial void LogFullError(string server, string tool, string taskId, string runId, int attempt, string text);

    private static string Render(CallToolResult result)
    {
        var texts = result.Content.OfType<TextContentBlock>().Select(b => b.Text).ToList();
        if (texts.Count > 0) return string.Join("\n", texts);
        if (result.StructuredContent is { } structured) return JsonSerializer.Serialize(structured);
        var other = new StringBuilder();
        foreach (var block in result.Content) other.Append('[').Append(block.Type).Append(']');
        return other.ToString();
    }
}
