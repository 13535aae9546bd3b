namespace Scheduler.Worker.Mcp;

/// <summary>An MCP tool returned <c>isError = true</c>; retryable like any task failure.</summary>
public sealed class McpToolFailedException(string message) : Exception(message);
