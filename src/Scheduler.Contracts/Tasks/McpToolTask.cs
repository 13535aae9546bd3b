using System.Text.Json;

namespace Scheduler.Contracts.Tasks;

/// <summary>
/// Calls a tool on a Model Context Protocol server that the worker knows by name (worker configuration
/// <c>Scheduler:Mcp:Servers:&lt;name&gt;</c>). The tool's text content, or its structured content, is the result;
/// a tool error fails the attempt.
/// </summary>
/// <param name="ServerName">The configured server name.</param>
/// <param name="ToolName">The tool to call, as the server lists it.</param>
/// <param name="Arguments">The tool's arguments as a JSON object; none when null.</param>
[TaskType("mcp_tool")]
public sealed record McpToolTask(
    string ServerName,
    string ToolName,
    IReadOnlyDictionary<string, JsonElement>? Arguments = null) : TaskDefinition
{
    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (var error in base.Validate()) yield return error;
        if (!TaskNames.IsValid(ServerName)) yield return $"mcp_tool \"serverName\" is {TaskNames.Describe(ServerName)}; expected {TaskNames.Shape}";
        if (string.IsNullOrWhiteSpace(ToolName)) yield return "mcp_tool \"toolName\" is empty; expected the name of a tool the server lists";
        else if (ToolName.Length > 256) yield return $"mcp_tool \"toolName\" is {ToolName.Length} characters; at most 256 are accepted";
    }
}
