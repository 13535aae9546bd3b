namespace Scheduler.Contracts.Capabilities;

/// <summary>What a worker advertises, in the words the CLI's <c>workers</c> and the dashboard's Workers page show.</summary>
internal static class CapabilityText
{
    /// <summary>
    /// Each MCP server with the tools it listed, "web (echo, fail), files (tools not listed)": a server not listed is
    /// one whose tool names scheduling does not check; "none" when no server is configured.
    /// </summary>
    public static string McpServers(WorkerCapabilities worker) =>
        worker.McpServers.Count == 0 ? "none"
        : string.Join(", ", worker.McpServers.Select(server =>
            worker.McpTools is null ? server
            : worker.McpTools.FirstOrDefault(t => string.Equals(t.Key, server, StringComparison.OrdinalIgnoreCase)).Value is { } tools
                ? $"{server} ({(tools.Count == 0 ? "no tools" : string.Join(", ", tools.Select(t => t.Name).Distinct()))})"
                : $"{server} (tools not listed)"));
}
