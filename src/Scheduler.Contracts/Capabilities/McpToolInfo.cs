namespace Scheduler.Contracts.Capabilities;

/// <summary>One tool an MCP server lists, as a worker advertises it.</summary>
/// <param name="Name">The tool's name, as the server spells it.</param>
/// <param name="RequiredArguments">The arguments its input schema requires (its top-level <c>required</c>).</param>
public sealed record McpToolInfo(string Name, IReadOnlyList<string> RequiredArguments);
