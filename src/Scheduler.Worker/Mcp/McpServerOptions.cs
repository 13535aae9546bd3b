namespace Scheduler.Worker.Mcp;

/// <summary>One MCP server tasks can call by name. Bound from <c>Scheduler:Mcp:Servers:&lt;name&gt;</c>.</summary>
public sealed class McpServerOptions
{
    public McpTransport Transport { get; set; } = McpTransport.Stdio;

    /// <summary>Stdio: the program to start (e.g. "dotnet", "node").</summary>
    public string? Command { get; set; }

    /// <summary>Stdio: its arguments.</summary>
    public string[] Args { get; set; } = [];

    /// <summary>Stdio: extra environment variables for the server process.</summary>
    public Dictionary<string, string> Environment { get; set; } = [];

    /// <summary>Stdio: the server's working directory.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Http: the endpoint, e.g. http://127.0.0.1:3001/mcp.</summary>
    public string? Url { get; set; }

    /// <summary>Http: extra request headers (e.g. Authorization).</summary>
    public Dictionary<string, string> Headers { get; set; } = [];

    /// <summary>The first problem with these settings, or null.</summary>
    public string? Problem(string name) => Transport switch
    {
        McpTransport.Stdio when string.IsNullOrWhiteSpace(Command) => $"MCP server \"{name}\" uses stdio but Scheduler:Mcp:Servers:{name}:Command is empty",
        McpTransport.Http when !Uri.TryCreate(Url, UriKind.Absolute, out var url) || (url.Scheme != "http" && url.Scheme != "https")
            => $"MCP server \"{name}\" uses http but Scheduler:Mcp:Servers:{name}:Url is not an absolute http(s) URL",
        _ => null,
    };
}
