namespace Scheduler.Worker.Mcp;

/// <summary>The MCP servers this worker can call. Bound from <c>Scheduler:Mcp</c>.</summary>
public sealed class McpOptions
{
    public const string Section = "Scheduler:Mcp";

    /// <summary>Servers by the name tasks use (case-insensitive).</summary>
    public Dictionary<string, McpServerOptions> Servers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
