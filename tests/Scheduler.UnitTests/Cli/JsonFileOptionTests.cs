using System.Text;
using Scheduler.Cli;
using Scheduler.Cli.Commands;
using Scheduler.Contracts.Tasks;

namespace Scheduler.UnitTests.Cli;

/// <summary><c>--definition</c> and <c>--steps</c>: a file is read up to 1 MiB, and what is wrong in it is said in plain words.</summary>
public sealed class JsonFileOptionTests
{
    private const string Example = "{\"type\": \"notification\", \"message\": \"hi\"}";
    private const string StepsExample = "[{\"id\": \"a\", \"task\": {\"type\": \"notification\", \"message\": \"hi\"}}]";

    /// <summary>A stream without end or length, as /dev/zero: reading it whole never finishes.</summary>
    private sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }
        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Clear(buffer, offset, count);
            Served += count;
            return count;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void A_stream_without_end_is_refused_after_one_byte_more_than_the_limit()
    {
        var endless = new EndlessStream();
        var error = Assert.Throws<CliException>(() => JsonFileOption.ReadCapped(endless, "--definition", "/dev/zero"));
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal("--definition \"/dev/zero\" holds more than the limit of 1,048,576 bytes (1 MiB)", error.Message);
        Assert.Equal(JsonFileOption.MaxBytes + 1, endless.Served);
    }

    [Fact]
    public void A_file_longer_than_the_limit_is_refused_with_its_size_before_it_is_read()
    {
        using var big = new MemoryStream(new byte[JsonFileOption.MaxBytes + 10]);
        var error = Assert.Throws<CliException>(() => JsonFileOption.ReadCapped(big, "--steps", "big.json"));
        Assert.Equal("--steps \"big.json\" is 1,048,586 bytes; the limit is 1,048,576 bytes (1 MiB)", error.Message);
        Assert.Equal(0, big.Position);
    }

    [Theory]
    [InlineData("no-such-file.json")]
    [InlineData("no-such-folder/schedules.json")]
    public void A_file_that_does_not_exist_is_named_with_where_it_was_looked_for(string path)
    {
        var error = Assert.Throws<CliException>(() => JsonFileOption.ReadBytes(path, "file"));
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal($"file \"{path}\" does not exist (looked for {Path.GetFullPath(path)}); expected a JSON file, or - for standard input", error.Message);
    }

    [Fact]
    public void A_file_of_exactly_the_limit_is_read_whole()
    {
        using var full = new MemoryStream(new byte[JsonFileOption.MaxBytes]);
        Assert.Equal(JsonFileOption.MaxBytes, JsonFileOption.ReadCapped(full, "--definition", "full.json").Length);
    }

    [Theory]
    [InlineData("{\"message\": \"x\"}", "the task has no \"type\"; expected one of cleanup, mcp_tool, method_call, notification, plugin, sequence, shell")]
    [InlineData("{\"type\": \"bogus\"}", "type \"bogus\" is not a task type; expected one of cleanup, mcp_tool")]
    [InlineData("{\"type\": \"notification\", \"message\": 5}", "message has the wrong type; expected a string")]
    [InlineData("{\"type\": \"notification\", \"message\": \"x\", \"level\": \"loud\"}", "level is not one of info, warning, error")]
    [InlineData("{\"type\": \"shell\", \"command\": \"ls\", \"execution\": {\"maxRetries\": \"x\"}}", "execution.maxRetries has the wrong type; expected a whole number")]
    [InlineData("{\"type\": \"sequence\", \"steps\": [{\"id\": \"a\", \"task\": {\"message\": \"x\"}}]}", "steps[0].task has no \"type\"; expected one of")]
    [InlineData("[1]", "the file holds an array; expected e.g. " + Example)]
    [InlineData("{\"type\": \"shell\", \"command\": \"env\", \"command\": \"rm\"}", "field \"command\" is given twice; expected each field once")]
    [InlineData("{\"type\": \"shell\", \"command\": \"env\", \"environment\": {\"A\": \"1\", \"A\": \"2\"}}", "field \"environment.A\" is given twice")]
    [InlineData("{\"type\": \"notification\"", "it is not JSON: Expected depth to be zero")]
    [InlineData("{\"type\": \"shell\", \"command\": \"echo\", \"timeout\": 5}", "unknown field \"timeout\"; expected one of type, command, args, workingDirectory, environment, stdin, useShell, execution")]
    [InlineData("{\"type\": \"shell\", \"command\": \"ls\", \"execution\": {\"retries\": 2}}", "execution: unknown field \"retries\"; expected one of maxRetries,")]
    [InlineData("{\"type\": \"notification\", \"message\": \"x\", \"timeZone\": \"Europe/Paris\"}", "unknown field \"timeZone\"; expected one of type, message, level, title, channels, execution; \"timeZone\" is a schedule option, not a field of the task: on the command line it is --tz")]
    [InlineData("{\"type\": \"notification\", \"message\": \"x\", \"maxRuns\": 3}", "\"maxRuns\" is a schedule option, not a field of the task: on the command line it is --max-runs")]
    [InlineData("{\"type\": \"shell\", \"command\": \"ls\", \"maxRetries\": 2}", "unknown field \"maxRetries\"; expected one of type, command, args, workingDirectory, environment, stdin, useShell, execution; \"maxRetries\" belongs in execution.maxRetries")]
    public void A_definition_that_is_not_a_task_says_what_is_wrong_in_plain_words(string json, string expected)
    {
        var error = Assert.Throws<CliException>(() => JsonFileOption.Bind<TaskDefinition>(Encoding.UTF8.GetBytes(json), "--definition", "task.json", Example));
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith("--definition \"task.json\" is not valid: ", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("Scheduler.", error.Message);
        Assert.DoesNotContain("System.", error.Message);
        Assert.DoesNotContain("$", error.Message);
    }

    [Theory]
    [InlineData("{\"type\": \"notification\"}", "the file holds an object; expected e.g. " + StepsExample)]
    [InlineData("[{\"id\": \"a\", \"task\": {\"message\": \"x\"}}]", "steps[0].task has no \"type\"; expected one of cleanup")]
    [InlineData("[{\"id\": \"a\", \"dependsOn\": \"b\"}]", "steps[0].dependsOn has the wrong type; expected an array of strings")]
    [InlineData("[{\"id\": \"a\", \"task\": {\"type\": \"nope\"}}]", "steps[0].task.type \"nope\" is not a task type")]
    [InlineData("[{\"type\": \"notification\", \"message\": \"a\"}]", "steps[0]: unknown field \"type\"; expected one of id, task,")]
    public void Steps_that_are_not_a_list_of_steps_say_which_step_is_wrong(string json, string expected)
    {
        var error = Assert.Throws<CliException>(() =>
            JsonFileOption.Bind<List<SequenceStep>>(Encoding.UTF8.GetBytes(json), "--steps", "steps.json", StepsExample, root: "steps"));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("System.Collections", error.Message);
    }

    [Fact]
    public void A_definition_with_a_byte_order_mark_is_read()
    {
        var task = JsonFileOption.Bind<TaskDefinition>([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"type\": \"notification\", \"message\": \"hi\"}")], "--definition", "bom.json", Example);
        Assert.Equal("hi", Assert.IsType<NotificationTask>(task).Message);
    }

    [Fact]
    public void A_string_that_is_not_UTF8_is_named_as_such()
    {
        byte[] json = [.. Encoding.UTF8.GetBytes("{\"type\": \"notification\", \"message\": \"h"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}")];
        var error = Assert.Throws<CliException>(() => JsonFileOption.Bind<TaskDefinition>(json, "--definition", "latin1.json", Example));
        Assert.Equal("--definition \"latin1.json\" is not valid: message is not valid UTF-8 text; expected the file encoded in UTF-8", error.Message);
    }
}
