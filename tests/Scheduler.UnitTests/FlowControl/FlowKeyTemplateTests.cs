using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Tasks;

namespace Scheduler.UnitTests.FlowControl;

public sealed class FlowKeyTemplateTests
{
    private static readonly McpToolTask Mcp = new("files", "read", Arguments: null);

    [Fact]
    public void A_plain_key_is_itself_and_placeholders_take_the_task_fields_as_its_json_names_them()
    {
        Assert.Equal("backups", FlowKeyTemplate.Resolve("backups", Mcp));
        Assert.Equal("mcp:files/read", FlowKeyTemplate.Resolve("mcp:{serverName}/{toolName}", Mcp));
        Assert.Equal("mcp_tool:files", FlowKeyTemplate.Resolve("{type}:{ServerName}", Mcp));
        Assert.Equal("shell:/srv", FlowKeyTemplate.Resolve("shell:{workingDirectory}", new ShellTask("tar", WorkingDirectory: "/srv")));
    }

    [Fact]
    public void A_placeholder_the_task_lacks_or_cannot_be_text_is_refused_naming_the_fields_it_has()
    {
        var missing = Assert.Throws<FormatException>(() => FlowKeyTemplate.Resolve("mcp:{host}", Mcp));
        Assert.Contains("no field \"host\"", missing.Message);
        Assert.Contains("serverName", missing.Message);
        var list = Assert.Throws<FormatException>(() => FlowKeyTemplate.Resolve("{args}", new ShellTask("ls", ["-l"])));
        Assert.Contains("is a list", list.Message);
        Assert.Contains("without", Assert.Throws<FormatException>(() => FlowKeyTemplate.Resolve("a{server", Mcp)).Message);
        Assert.Contains("without", Assert.Throws<FormatException>(() => FlowKeyTemplate.Resolve("a}b", Mcp)).Message);
        // A field left out (null) is not there to read.
        Assert.Contains("no field", Assert.Throws<FormatException>(() => FlowKeyTemplate.Resolve("{workingDirectory}", new ShellTask("ls"))).Message);
    }
}
