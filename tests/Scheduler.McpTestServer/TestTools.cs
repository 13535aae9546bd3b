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

    [McpServerTool(Name = "throw"), Description("Fails with an exception that is not an McpException, as a bug in a tool does.")]
    public static string Throw(string? reason = null) => throw new InvalidOperationException(reason ?? "the tool broke");

    [McpServerTool(Name = "die"), Description("Crashes the server process with an unhandled exception, which .NET prints with its stack trace to stderr.")]
    public static string Die(string? reason = null)
    {
        var thread = new Thread(() => throw new InvalidOperationException(reason ?? "the server broke"));
        thread.Start();
        thread.Join();
        return "unreachable";
    }

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
