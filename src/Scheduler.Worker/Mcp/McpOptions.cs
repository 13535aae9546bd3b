namespace Scheduler.Worker.Mcp;

/// <summary>The MCP servers this worker can call. Bound from <c>Scheduler:Mcp</c>.</summary>
public sealed class McpOptions
{
    public const string Section = "Scheduler:Mcp";

    /// <summary>Servers by the name tasks use (case-insensitive).</summary>
    public Dictionary<string, McpServerOptions> Servers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether the worker asks each server for its tools at start (starting a stdio server then, not at the first
    /// call) and advertises them, so that scheduling refuses a tool name no server lists.
    /// </summary>
    public bool ListTools { get; set; } = true;

    /// <summary>How often the tool lists are asked again (a server may add or drop tools while it runs); at least 5 s.</summary>
    public TimeSpan ToolListInterval { get; set; } = TimeSpan.FromMinutes(5);
}
