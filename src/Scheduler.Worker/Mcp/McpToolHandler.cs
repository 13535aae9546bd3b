using System.Text;
using System.Text.Json;
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
/// </summary>
internal sealed class McpToolHandler(McpClientPool pool) : ITaskHandler<McpToolTask>
{
    public async Task<string?> HandleAsync(McpToolTask task, TaskExecutionContext context, CancellationToken cancellationToken)
    {
        var client = await pool.GetAsync(task.ServerName, cancellationToken);
        var arguments = task.Arguments?.ToDictionary(p => p.Key, p => (object?)p.Value) ?? [];
        CallToolResult result;
        try
        {
            result = await CallAsync(task, client, arguments, cancellationToken);
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
                throw Rejected(task, again);
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
            throw Rejected(task, e);
        }
        var text = Render(result);
        if (result.IsError == true) throw new McpToolFailedException($"MCP tool \"{task.ToolName}\" on \"{task.ServerName}\" returned an error: {text}");
        return text;
    }

    private async Task<CallToolResult> CallAsync(McpToolTask task, McpClient client, Dictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CallToolAsync(task.ToolName, arguments, cancellationToken: cancellationToken);
        }
        // Only a broken connection is dropped: the client is shared, and disposing it for one bad answer (a result
        // that does not parse) would cancel other attempts' calls and stop a stdio server under them.
        catch (Exception e) when (e is IOException or HttpRequestException || (e is not OperationCanceledException and not McpProtocolException && client.Completion.IsCompleted))
        {
            await pool.EvictAsync(task.ServerName, client);
            // The SDK's own message ("MCP server process exited unexpectedly") names neither the server nor the call.
            throw new IOException($"MCP server \"{task.ServerName}\" broke off the call of tool \"{task.ToolName}\": {e.Message}", e);
        }
    }

    // The server answered with a JSON-RPC error (e.g. an unknown tool on some servers): the request is wrong.
    private static NonRetryableTaskException Rejected(McpToolTask task, McpProtocolException e) =>
        new($"MCP server \"{task.ServerName}\" rejected tool \"{task.ToolName}\": {e.Message}", e);

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
