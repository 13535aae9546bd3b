using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Scheduler.Worker.Mcp;

/// <summary>
/// Each configured MCP server checked at start, named in its own message: a transport that is not stdio or http (the
/// binder leaves the server out without a word), stdio without a command, http without an absolute http(s) URL; a
/// tool-list interval under 5 s.
/// </summary>
internal sealed class McpOptionsValidator(IConfigurationSection section) : IValidateOptions<McpOptions>
{
    public ValidateOptionsResult Validate(string? name, McpOptions options)
    {
        var problems = new List<string>();
        if (options.ToolListInterval < TimeSpan.FromSeconds(5))
            problems.Add($"{McpOptions.Section}:{nameof(McpOptions.ToolListInterval)} is {options.ToolListInterval}; expected at least 00:00:05");
        foreach (var server in section.GetSection(nameof(McpOptions.Servers)).GetChildren())
        {
            if (server[nameof(McpServerOptions.Transport)] is { } transport && !Enum.TryParse<McpTransport>(transport, ignoreCase: true, out _))
                problems.Add($"{server.Path}:Transport is \"{transport}\"; expected stdio or http");
            else if (options.Servers.TryGetValue(server.Key, out var settings) && settings.Problem(server.Key) is { } problem)
                problems.Add(problem);
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
