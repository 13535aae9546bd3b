using System.Text;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Handlers;

namespace Scheduler.Worker.Mcp;

/// <summary>
/// Calls an MCP tool through the pooled client for its server. A result with <c>isError</c> (which is also how the
/// SDK reports an unknown tool or bad arguments) fails the attempt; a broken connection is dropped and the attempt
/// fails retryably. Cancellation aborts the call (over stdio the server is also told, via notifications/cancelled).
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
            result = await client.CallToolAsync(task.ToolName, arguments, cancellationToken: cancellationToken);
        }
        catch (McpProtocolException e)
        {
            // The server answered with a JSON-RPC error (e.g. an unknown tool on some servers): the request is wrong.
            throw new NonRetryableTaskException($"MCP server \"{task.ServerName}\" rejected tool \"{task.ToolName}\": {e.Message}", e);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not NonRetryableTaskException)
        {
            await pool.EvictAsync(task.ServerName, client);
            throw;
        }
        var text = Render(result);
        if (result.IsError == true) throw new McpToolFailedException($"MCP tool \"{task.ToolName}\" on \"{task.ServerName}\" returned an error: {text}");
        return text;
    }

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
