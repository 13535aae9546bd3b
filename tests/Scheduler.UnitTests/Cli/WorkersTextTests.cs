using Scheduler.Cli.Commands;
using Scheduler.Contracts.Capabilities;

namespace Scheduler.UnitTests.Cli;

/// <summary><c>scheduler workers</c> lists what a worker runs as "label: value" lines whose values start in one column.</summary>
public sealed class WorkersTextTests
{
    [Fact]
    public void Every_value_of_a_worker_starts_in_the_same_column_method_calls_included()
    {
        var worker = new WorkerCapabilities("worker:h:1:a", ["shell", "notification"], new Dictionary<string, IReadOnlyList<string>>(), [], ["events"], true, [])
        {
            MethodCallAssemblies = ["Billing"],
        };

        var lines = WorkersCommand.Lines(worker).ToList();

        Assert.Equal("  method calls: Billing", lines[^1]);
        Assert.Equal("  types:        shell, notification", lines[0]);
        // The values all start in column 16, the one after "  method calls: ".
        Assert.All(lines, line => Assert.True(line[15] == ' ' && line[16] != ' ', $"\"{line}\" has its value out of the column"));
    }

    [Fact]
    public void Each_mcp_server_is_listed_with_the_tools_it_listed_or_as_not_listed()
    {
        var worker = new WorkerCapabilities("worker:h:1:a", ["mcp_tool"], new Dictionary<string, IReadOnlyList<string>>(), ["files", "web"], ["events"], true, [])
        {
            McpTools = new Dictionary<string, IReadOnlyList<McpToolInfo>> { ["web"] = [new("echo", ["message"]), new("fail", [])] },
        };

        Assert.Contains("  mcp servers:  files (tools not listed), web (echo, fail)", WorkersCommand.Lines(worker));
    }
}
