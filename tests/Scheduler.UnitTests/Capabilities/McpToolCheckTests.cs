using System.Text.Json;
using Scheduler.Contracts.Capabilities;
using Scheduler.Contracts.Tasks;

namespace Scheduler.UnitTests.Capabilities;

public sealed class McpToolCheckTests
{
    private static WorkerCapabilities Worker(string id, string[] servers, Dictionary<string, string[]>? tools) =>
        new(id, ["mcp_tool", "sequence"], new Dictionary<string, IReadOnlyList<string>>(), servers, ["events", "log"], true, [])
        {
            McpTools = tools?.ToDictionary(t => t.Key, t => (IReadOnlyList<McpToolInfo>)[.. t.Value.Select(name => new McpToolInfo(name, []))]),
        };

    private static Dictionary<string, JsonElement> Args(object value) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(value))!;

    private static IReadOnlyList<string> Problems(TaskDefinition task, params WorkerCapabilities[] live) => CapabilityCheck.Problems(task, "default", live);

    [Fact]
    public void A_tool_no_live_worker_lists_is_refused_naming_the_servers_tools()
    {
        var live = Worker("a", ["web"], new() { ["web"] = ["echo", "fail"] });
        var problem = Assert.Single(Problems(new McpToolTask("web", "ehco"), live));
        Assert.StartsWith("MCP server \"web\" has no tool \"ehco\" on any live worker; its tools: echo, fail;", problem);
        Assert.Contains("--no-verify", problem);
        Assert.Empty(Problems(new McpToolTask("WEB", "echo"), live));
    }

    [Fact]
    public void Tool_names_are_compared_as_the_server_spells_them()
    {
        Assert.Single(Problems(new McpToolTask("web", "Echo"), Worker("a", ["web"], new() { ["web"] = ["echo"] })));
    }

    [Fact]
    public void A_server_whose_tools_were_not_listed_by_every_worker_configuring_it_is_not_checked()
    {
        // Worker b has the server too but has not listed it (not answering yet, or listing switched off): its tools may differ.
        Assert.Empty(Problems(new McpToolTask("web", "anything"),
            Worker("a", ["web"], new() { ["web"] = ["echo"] }), Worker("b", ["web"], new())));
        Assert.Empty(Problems(new McpToolTask("web", "anything"), Worker("old", ["web"], null)));
    }

    [Fact]
    public void Tools_listed_by_different_workers_count_together_and_a_sequence_needs_them_on_one_worker()
    {
        var a = Worker("a", ["web"], new() { ["web"] = ["echo"] });
        var b = Worker("b", ["web"], new() { ["web"] = ["fetch"] });
        Assert.Empty(Problems(new McpToolTask("web", "fetch"), a, b));
        var both = new SequenceTask([new SequenceStep("one", new McpToolTask("web", "echo")), new SequenceStep("two", new McpToolTask("web", "fetch"))]);
        Assert.StartsWith("no single live worker offers every step of this sequence", Assert.Single(Problems(both, a, b)));
    }

    [Fact]
    public void A_tool_call_without_an_argument_the_tools_schema_requires_is_refused_naming_it()
    {
        var live = Worker("a", ["web"], null) with
        {
            McpTools = new Dictionary<string, IReadOnlyList<McpToolInfo>> { ["web"] = [new McpToolInfo("copy", ["from", "to"])] },
        };
        var problem = Assert.Single(Problems(new McpToolTask("web", "copy", Args(new { from = "a", mode = "fast" })), live));
        Assert.StartsWith("MCP tool \"copy\" of server \"web\" requires argument(s) \"to\", which the task does not give; it requires from, to and was given from, mode;", problem);
        Assert.Empty(Problems(new McpToolTask("web", "copy", Args(new { from = "a", to = "b" })), live));
    }
}
