using System.Text.Json;
using Scheduler.Contracts.Tasks;

namespace Scheduler.UnitTests.Tasks;

/// <summary>Each task type's <c>Validate()</c>: the exact sentence for each problem, nothing for a valid definition.</summary>
public sealed class TaskValidationTests
{
    private static readonly ShellTask Echo = new("echo");

    [Fact]
    public void Valid_definitions_have_no_errors()
    {
        TaskDefinition[] valid =
        [
            new ShellTask("echo", ["a"], "/tmp", new Dictionary<string, string> { ["A"] = "1" }, "in", UseShell: false),
            new McpToolTask("web", "echo", new Dictionary<string, JsonElement>()),
            new PluginCommandTask("sample", "fail-once", new Dictionary<string, string> { ["marker"] = "/tmp/m" }),
            new NotificationTask("hi", Channels: ["events", "ops-hook"]),
            new SequenceTask([new("a", Echo), new("b", Echo, ["a"]), new("c", new SequenceTask([new("inner", Echo)]), ["a", "b"])]),
        ];
        Assert.All(valid, task => Assert.Empty(task.Validate()));
    }

    [Theory]
    [InlineData("", "shell \"command\" is empty; expected a program name or path")]
    [InlineData("  ", "shell \"command\" is empty; expected a program name or path")]
    [InlineData("a\0b", "shell \"command\" contains a NUL character; expected plain text")]
    public void Shell_command_must_be_given(string command, string expected) =>
        Assert.Equal([expected], new ShellTask(command).Validate());

    [Fact]
    public void A_whole_command_line_as_the_program_name_is_refused_with_the_argv_and_shell_forms()
    {
        Assert.Equal(
        [
            "shell \"command\" \"echo hi from shell\" is a program with its arguments in one text, which without a shell is looked up as " +
            "one program of that whole name (the command is not split into words); expected the program alone with its arguments in \"args\" (\"command\": \"echo\", " +
            "\"args\": [\"hi\",\"from\",\"shell\"]; CLI: -- echo hi from shell), or \"useShell\": true (CLI --use-shell) to run it as a /bin/sh script",
        ], new ShellTask("echo hi from shell").Validate());
        Assert.Single(new ShellTask("python3 -u", ["job.py"]).Validate());
    }

    [Theory]
    [InlineData("tar czf /tmp/x.tgz /etc/hostname", "\"command\": \"tar\", \"args\": [\"czf\",\"/tmp/x.tgz\",\"/etc/hostname\"]")]
    [InlineData("/usr/bin/find /tmp/clean -name *.tmp -delete", "\"command\": \"/usr/bin/find\", \"args\": [\"/tmp/clean\",\"-name\",\"*.tmp\",\"-delete\"]")]
    [InlineData("python3 /opt/report.py --daily", "\"command\": \"python3\", \"args\": [\"/opt/report.py\",\"--daily\"]")]
    [InlineData("/opt/backup.sh --full", "\"command\": \"/opt/backup.sh\", \"args\": [\"--full\"]")]
    public void A_command_line_naming_paths_is_refused_too_not_taken_for_a_path_with_spaces(string command, string argvForm) =>
        Assert.Contains(argvForm, Assert.Single(new ShellTask(command).Validate()));

    [Theory]
    [InlineData("echo hi", true)]
    [InlineData("/opt/My Tools/backup", false)]
    [InlineData("./run me.sh", false)]
    [InlineData(" echo ", false)]
    public void A_command_line_is_accepted_through_a_shell_and_a_path_may_have_spaces(string command, bool useShell) =>
        Assert.Empty(new ShellTask(command, UseShell: useShell).Validate());

    [Fact]
    public void Shell_environment_names_and_working_directory_are_checked()
    {
        var errors = new ShellTask("env", WorkingDirectory: " ", Environment: new Dictionary<string, string> { ["A=B"] = "x" }).Validate().ToList();
        Assert.Equal(
        [
            "shell \"workingDirectory\" is blank; expected a directory path or no value",
            "shell \"environment\" has the invalid variable name \"A=B\"; expected a name without '=', spaces or control characters",
        ], errors);
    }

    [Fact]
    public void A_relative_working_directory_a_spaced_variable_name_and_a_NUL_in_a_value_are_refused()
    {
        var errors = new ShellTask("env", WorkingDirectory: "work/dir",
            Environment: new Dictionary<string, string> { ["BAD NAME"] = "1", ["OK"] = "a\0b" }).Validate().ToList();
        Assert.Equal(
        [
            "shell \"workingDirectory\" \"work/dir\" is a relative path; expected an absolute path (a relative one would be read against each worker's own directory)",
            "shell \"environment\" has the invalid variable name \"BAD NAME\"; expected a name without '=', spaces or control characters",
            "shell \"environment\" variable \"OK\" has a null value or a NUL character in it; expected plain text",
        ], errors);
        Assert.Empty(new ShellTask("env", WorkingDirectory: "/srv", Environment: new Dictionary<string, string> { ["A_1"] = "x y" }).Validate());
    }

    [Fact]
    public void Negative_and_inverted_timeouts_are_rejected_for_any_task()
    {
        var task = Echo with { Execution = new ExecutionPolicy(SoftTimeout: TimeSpan.FromSeconds(-1), HardTimeout: TimeSpan.FromSeconds(-2)) };
        var errors = task.Validate().ToList();
        Assert.Contains(errors, e => e.StartsWith("execution \"softTimeout\" is -00:00:01"));
        Assert.Contains(errors, e => e.StartsWith("execution \"hardTimeout\" is -00:00:02"));
    }

    [Fact]
    public void Mcp_tool_needs_a_server_name_of_the_right_shape_and_a_tool_name()
    {
        Assert.Equal(
        [
            "mcp_tool \"serverName\" is empty; expected 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit",
            "mcp_tool \"toolName\" is empty; expected the name of a tool the server lists",
        ], new McpToolTask("", "").Validate());
        Assert.Equal(["mcp_tool \"serverName\" is \"-web\"; expected 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit"],
            new McpToolTask("-web", "echo").Validate());
    }

    [Fact]
    public void Plugin_needs_plugin_and_command_names_and_non_null_arguments()
    {
        var errors = new PluginCommandTask("sample", "bad command", new Dictionary<string, string> { [""] = "x" }).Validate().ToList();
        Assert.Equal(
        [
            "plugin \"commandName\" is \"bad command\"; expected 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit",
            "plugin \"arguments\" has an empty name or a null value; expected name → text pairs",
        ], errors);
    }

    [Fact]
    public void Notification_channel_names_must_have_the_name_shape()
    {
        Assert.Equal(["notification channel \"a b\" is not a valid name; expected 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit"],
            new NotificationTask("hi", Channels: ["a b"]).Validate());
    }

    [Fact]
    public void Sequence_without_steps_is_rejected() =>
        Assert.Equal(["sequence \"steps\" is empty; expected at least one step"], new SequenceTask([]).Validate());

    [Fact]
    public void Sequence_cycle_is_rejected_naming_the_cycle()
    {
        var sequence = new SequenceTask([new("a", Echo, ["c"]), new("b", Echo, ["a"]), new("c", Echo, ["b"]), new("d", Echo)]);
        Assert.Equal(["sequence steps form a cycle: a → c → b → a; expected dependencies without cycles"], sequence.Validate());
    }

    [Fact]
    public void Sequence_unknown_self_and_duplicate_ids_are_rejected()
    {
        var sequence = new SequenceTask([new("a", Echo, ["a"]), new("a", Echo), new("b", Echo, ["ghost"])]);
        Assert.Equal(
        [
            "sequence step id \"a\" is used twice; expected unique ids",
            "sequence step \"a\" depends on itself; expected other step ids",
            "sequence step \"b\" depends on unknown step \"ghost\"; known steps: a, b",
            "sequence steps form a cycle: a → a; expected dependencies without cycles",
        ], sequence.Validate());
    }

    [Fact]
    public void Sequence_reports_errors_of_nested_steps_with_the_step_id()
    {
        var sequence = new SequenceTask([new("outer", new SequenceTask([new("inner", new ShellTask(""))]))]);
        Assert.Equal(["sequence step \"outer\": sequence step \"inner\": shell \"command\" is empty; expected a program name or path"], sequence.Validate());
    }

    [Fact]
    public void Sequence_execution_order_puts_dependencies_first_and_otherwise_keeps_list_order()
    {
        var sequence = new SequenceTask([new("c", Echo, ["b"]), new("a", Echo), new("b", Echo, ["a"]), new("d", Echo)]);
        Assert.Equal(["a", "b", "c", "d"], sequence.ExecutionOrder().Select(s => s.Id));
    }
}
