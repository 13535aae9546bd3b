using System.Text.Json;
using Scheduler.Contracts.Tasks;

namespace Scheduler.UnitTests.Tasks;

/// <summary>Every task type survives a JSON round trip through <see cref="TaskTypes.JsonOptions"/> with its "type" discriminator.</summary>
public sealed class TaskJsonTests
{
    private static readonly JsonSerializerOptions Options = TaskTypes.JsonOptions;

    private static TaskDefinition RoundTrip(TaskDefinition task, string expectedType)
    {
        var json = JsonSerializer.Serialize(task, Options);
        Assert.Equal(expectedType, JsonDocument.Parse(json).RootElement.GetProperty("type").GetString());
        return JsonSerializer.Deserialize<TaskDefinition>(json, Options)!;
    }

    [Fact]
    public void Shell_task_round_trips()
    {
        var task = new ShellTask("sh", ["-c", "echo"], "/tmp", new Dictionary<string, string> { ["A"] = "1" }, "input", UseShell: true)
            { Execution = new ExecutionPolicy(MaxRetries: 2, SoftTimeout: TimeSpan.FromSeconds(1)) };
        var back = Assert.IsType<ShellTask>(RoundTrip(task, "shell"));
        Assert.Equal(task.Command, back.Command);
        Assert.Equal(task.Args, back.Args);
        Assert.Equal("1", back.Environment!["A"]);
        Assert.Equal(("input", true, "/tmp"), (back.Stdin, back.UseShell, back.WorkingDirectory));
        Assert.Equal(task.Execution, back.Execution);
    }

    [Fact]
    public void Mcp_tool_task_round_trips_with_json_arguments()
    {
        var args = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"message":"hi","n":3,"nested":{"x":[1,2]}}""")!;
        var back = Assert.IsType<McpToolTask>(RoundTrip(new McpToolTask("web", "echo", args), "mcp_tool"));
        Assert.Equal(("web", "echo"), (back.ServerName, back.ToolName));
        Assert.Equal("hi", back.Arguments!["message"].GetString());
        Assert.Equal(2, back.Arguments["nested"].GetProperty("x")[1].GetInt32());
    }

    [Fact]
    public void Plugin_task_round_trips()
    {
        var back = Assert.IsType<PluginCommandTask>(RoundTrip(new PluginCommandTask("sample", "echo", new Dictionary<string, string> { ["a"] = "b" }), "plugin"));
        Assert.Equal(("sample", "echo", "b"), (back.PluginName, back.CommandName, back.Arguments!["a"]));
    }

    [Fact]
    public void Notification_task_round_trips_with_channels()
    {
        var back = Assert.IsType<NotificationTask>(RoundTrip(new NotificationTask("hi", NotificationLevel.Error, "t", ["hook"]), "notification"));
        Assert.Equal(("hi", NotificationLevel.Error, "t"), (back.Message, back.Level, back.Title));
        Assert.Equal(["hook"], back.Channels);
    }

    [Fact]
    public void Sequence_round_trips_with_nested_polymorphic_steps()
    {
        var task = new SequenceTask(
        [
            new("a", new ShellTask("echo")),
            new("b", new SequenceTask([new("inner", new PluginCommandTask("sample", "echo"))]), ["a"], ContinueOnFailure: true),
        ]);
        var back = Assert.IsType<SequenceTask>(RoundTrip(task, "sequence"));
        Assert.IsType<ShellTask>(back.Steps[0].Task);
        var nested = Assert.IsType<SequenceTask>(back.Steps[1].Task);
        Assert.IsType<PluginCommandTask>(nested.Steps[0].Task);
        Assert.Equal(["a"], back.Steps[1].DependsOn);
        Assert.True(back.Steps[1].ContinueOnFailure);
    }

    [Fact]
    public void Sequence_is_read_from_hand_written_json_with_type_words()
    {
        const string json = """
            {"type":"sequence","steps":[
              {"id":"run","task":{"type":"shell","command":"echo","args":["hi"]}},
              {"id":"tell","dependsOn":["run"],"task":{"type":"mcp_tool","serverName":"web","toolName":"echo","arguments":{"message":"done"}}}
            ]}
            """;
        var sequence = Assert.IsType<SequenceTask>(JsonSerializer.Deserialize<TaskDefinition>(json, Options));
        Assert.Empty(sequence.Validate());
        Assert.Equal("done", Assert.IsType<McpToolTask>(sequence.Steps[1].Task).Arguments!["message"].GetString());
    }

    [Fact]
    public void Every_built_in_type_name_is_registered()
    {
        foreach (var name in new[] { "notification", "shell", "mcp_tool", "plugin", "sequence" }) Assert.NotNull(TaskTypes.Find(name));
    }
}
