using System.Text.Json;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>Bad task definitions are rejected by the client before anything reaches Redis.</summary>
public sealed class ScheduleValidationTests
{
    public static TheoryData<TaskDefinition, string> BadTasks => new()
    {
        { new ShellTask(""), "shell \"command\" is empty" },
        { new ShellTask("echo") { Execution = new ExecutionPolicy(SoftTimeout: TimeSpan.FromSeconds(-1)) }, "execution \"softTimeout\"" },
        { new McpToolTask("web", " "), "mcp_tool \"toolName\" is empty" },
        { new McpToolTask("bad name!", "echo"), "mcp_tool \"serverName\" is \"bad name!\"" },
        { new PluginCommandTask("", "echo"), "plugin \"pluginName\" is empty" },
        { new NotificationTask("hi", Channels: ["no spaces allowed"]), "notification channel \"no spaces allowed\" is not a valid name" },
        {
            new SequenceTask([new("a", new ShellTask("echo"), ["b"]), new("b", new ShellTask("echo"), ["a"])]),
            "sequence steps form a cycle: a → b → a"
        },
        { new SequenceTask([new("a", new ShellTask("echo"), ["ghost"])]), "sequence step \"a\" depends on unknown step \"ghost\"" },
        { new SequenceTask([new("a", new ShellTask(""))]), "sequence step \"a\": shell \"command\" is empty" },
    };

    [Theory]
    [MemberData(nameof(BadTasks))]
    public async Task Bad_definition_is_rejected_at_schedule_time_with_a_clear_message(TaskDefinition task, string expected)
    {
        await using var redis = await RedisTestContext.CreateAsync("validate");
        var client = redis.CreateClient();

        var error = await Assert.ThrowsAsync<InvalidTaskException>(() => client.ScheduleAsync(task, "in 1 minute"));

        Assert.Contains(error.Errors, e => e.Contains(expected, StringComparison.Ordinal));
        Assert.Empty(await client.ListAsync());
    }

    [Fact]
    public async Task Valid_definitions_of_every_kind_are_accepted_and_stored_with_their_type()
    {
        await using var redis = await RedisTestContext.CreateAsync("validate-ok");
        var client = redis.CreateClient();

        var task = await client.ScheduleAsync(new SequenceTask(
        [
            new("shell", new ShellTask("echo", ["hi"])),
            new("mcp", new McpToolTask("web", "echo", new Dictionary<string, JsonElement> { ["message"] = JsonSerializer.SerializeToElement("x") }), ["shell"]),
            new("plugin", new PluginCommandTask("sample", "echo"), ["mcp"], ContinueOnFailure: true),
        ]), "in 1 hour");

        var stored = Assert.IsType<SequenceTask>((await client.GetAsync(task.Id))!.Task);
        Assert.Equal(["shell", "mcp", "plugin"], stored.Steps.Select(s => s.Id));
        Assert.IsType<McpToolTask>(stored.Steps[1].Task);
    }

    [Fact]
    public async Task A_jitter_as_long_as_the_gap_between_occurrences_is_rejected_at_schedule_and_update_time()
    {
        await using var redis = await RedisTestContext.CreateAsync("validate-jitter");
        var client = redis.CreateClient();

        var error = await Assert.ThrowsAsync<InvalidTaskException>(() =>
            client.ScheduleAsync(new ShellTask("echo"), "every 1 minute", new Contracts.Schedules.ScheduleOptions { Jitter = TimeSpan.FromSeconds(90) }));
        Assert.Contains(error.Errors, e => e.StartsWith("jitter is 90s, not shorter than the 1m", StringComparison.Ordinal));
        Assert.Empty(await client.ListAsync());

        var task = await client.ScheduleAsync(new ShellTask("echo"), "every 5 minutes", new Contracts.Schedules.ScheduleOptions { Jitter = TimeSpan.FromMinutes(1) });
        var update = await Assert.ThrowsAsync<InvalidTaskException>(() => client.UpdateAsync(task.Id, new TaskUpdate { Jitter = TimeSpan.FromMinutes(5) }));
        Assert.Contains(update.Errors, e => e.StartsWith("jitter is 5m", StringComparison.Ordinal));
        Assert.Equal(TimeSpan.FromMinutes(1), (await client.GetAsync(task.Id))!.Options.Jitter);
    }
}
