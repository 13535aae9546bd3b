using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Scheduler.McpTestServer;

/// <summary>Tools the integration tests call over stdio.</summary>
[McpServerToolType]
public sealed class TestTools
{
    [McpServerTool(Name = "echo"), Description("Returns the message.")]
    public static string Echo(string message) => $"echo: {message}";

    [McpServerTool(Name = "fail"), Description("Always reports a tool error.")]
    public static string Fail(string? reason = null) => throw new McpException(reason ?? "failed on purpose");

    [McpServerTool(Name = "crash"), Description("Ends the server process in the middle of the call, without answering.")]
    public static string Crash()
    {
        Environment.Exit(3);
        return "unreachable";
    }

    [McpServerTool(Name = "slow"), Description("Waits, honouring cancellation; writes marker files when it starts and when cancelled.")]
    public static async Task<string> Slow(int ms, string? startedMarker = null, string? cancelledMarker = null, CancellationToken cancellationToken = default)
    {
        if (startedMarker is not null) await File.WriteAllTextAsync(startedMarker, "started", CancellationToken.None);
        try
        {
            await Task.Delay(ms, cancellationToken);
            return $"waited {ms} ms";
        }
        catch (OperationCanceledException) when (cancelledMarker is not null)
        {
            await File.WriteAllTextAsync(cancelledMarker, "cancelled", CancellationToken.None);
            throw;
        }
    }
}
