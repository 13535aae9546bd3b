namespace Scheduler.Worker.Mcp;

/// <summary>How the worker reaches an MCP server.</summary>
public enum McpTransport
{
    /// <summary>Start <see cref="McpServerOptions.Command"/> and speak JSON-RPC over its stdin and stdout.</summary>
    Stdio,
    /// <summary>Streamable HTTP at <see cref="McpServerOptions.Url"/>.</summary>
    Http,
}
