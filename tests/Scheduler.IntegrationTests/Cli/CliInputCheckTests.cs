using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Cli;

/// <summary>
/// Input the CLI checks itself, against real Redis: malformed ids and unknown task types are bad input (exit 2), not a
/// missing task or an empty list; instants Redis cannot read and files of any size are refused before it is asked.
/// </summary>
public sealed class CliInputCheckTests
{
    private const string IdRule = "expected 1 to 128 letters, digits, '.', '_' or '-', not only dots";

    [Fact]
    public async Task A_definition_file_over_1_MiB_is_refused_with_its_size_and_nothing_is_scheduled()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-big-file");
        using var directory = TestPaths.CreateTempDirectory("cli-big-file");
        var big = directory.File("big.json");
        await File.WriteAllTextAsync(big, $"{{\"type\": \"notification\", \"message\": \"{new string('x', 2_000_000)}\"}}");

        var result = await InProcessCli.RunAsync(redis, "schedule", "task", "every 10s", "--definition", big, "--no-verify");
        Assert.True(result.Code == ExitCodes.BadInput, $"exit {result.Code}: {result.Err}");
        Assert.Contains($"--definition \"{big}\" is {new FileInfo(big).Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} bytes; the limit is 1,048,576 bytes (1 MiB)", result.Err);
        Assert.Empty(await redis.CreateClient().ListAsync());
    }

    [Fact]
    public async Task A_file_without_end_is_refused_after_the_limit_instead_of_being_read_into_memory()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-dev-zero");
        var result = await InProcessCli.RunAsync(redis, "schedule", "task", "every 10s", "--definition", "/dev/zero", "--no-verify");
        Assert.True(result.Code == ExitCodes.BadInput, $"exit {result.Code}: {result.Err}");
        Assert.Contains("--definition \"/dev/zero\" holds more than the limit of 1,048,576 bytes (1 MiB)", result.Err);
        var steps = await InProcessCli.RunAsync(redis, "schedule", "sequence", "every 10s", "--steps", "/dev/zero", "--no-verify");
        Assert.Contains("--steps \"/dev/zero\" holds more than the limit", steps.Err);
    }

    [Fact]
    public async Task Audit_since_before_1970_is_refused_by_the_cli_not_by_redis()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-audit-1960");
        var result = await InProcessCli.RunAsync(redis, "audit", "--since", "1960-01-01T00:00");
        Assert.True(result.Code == ExitCodes.BadInput, $"exit {result.Code}: {result.Err}");
        Assert.Contains("before the audit log can begin; expected an instant on or after 1970-01-01T00:00Z", result.Err);
        Assert.DoesNotContain("Redis", result.Err);
    }

    [Fact]
    public async Task Yesterday_as_the_help_texts_advertise_it_is_read_by_audit_and_backfill()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-yesterday");
        var scheduled = await InProcessCli.RunAsync(redis, "schedule", "notification", "every 1 hour", "-m", "x", "--id", "hourly");
        Assert.True(scheduled.Code == 0, scheduled.Err);

        var audit = await InProcessCli.RunAsync(redis, "audit", "--since", "yesterday at 6pm", "--json");
        Assert.True(audit.Code == 0, audit.Err);
        Assert.Contains("\"hourly\"", audit.Out);
        var backfill = await InProcessCli.RunAsync(redis, "backfill", "hourly", "--from", "yesterday at 6pm", "--dry-run");
        Assert.True(backfill.Code == 0, backfill.Err);
        Assert.Contains("occurrence(s) of hourly", backfill.Out);
    }

    [Fact]
    public async Task An_unknown_option_before_the_double_dash_stores_nothing_and_a_command_after_it_may_start_with_a_dash()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-shell-dash");
        var refused = await InProcessCli.RunAsync(redis, "schedule", "shell", "every 1 minute", "--id", "fail1", "--max-retries", "0", "--", "false");
        Assert.True(refused.Code == ExitCodes.BadInput, $"exit {refused.Code}: {refused.Err}");
        Assert.Null(await redis.CreateClient().GetAsync("fail1"));

        var result = await InProcessCli.RunAsync(redis, "schedule", "shell", "in 1 hour", "--id", "dash", "--retries", "0", "--", "-weird", "--retries", "5");
        Assert.True(result.Code == 0, $"exit {result.Code}: {result.Err}");
        var task = Assert.IsType<ShellTask>((await redis.CreateClient().GetAsync("dash"))!.Task);
        Assert.Equal("-weird", task.Command);
        Assert.Equal(["--retries", "5"], task.Args!);
        Assert.Equal(0, task.Execution!.MaxRetries);
    }

    [Fact]
    public async Task Wait_for_a_run_id_of_another_task_is_bad_input_at_once_instead_of_a_timeout()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-wait-other-run");
        Assert.Equal(0, (await InProcessCli.RunAsync(redis, "schedule", "shell", "in 1 hour", "--id", "sh1", "--", "true")).Code);
        var result = await InProcessCli.RunAsync(redis, "wait", "sh1", "--run-id", "other:123", "--timeout", "2s");
        Assert.True(result.Code == ExitCodes.BadInput, $"exit {result.Code}: {result.Err}");
        Assert.Contains("--run-id \"other:123\" is a run of task other, not of sh1", result.Err);
    }

    [Theory]
    [InlineData("info", "a:b")]
    [InlineData("cancel", "a*")]
    [InlineData("delete", "")]
    [InlineData("runs", "..")]
    [InlineData("trigger", "a b")]
    public async Task A_malformed_task_id_is_bad_input_naming_what_ids_may_contain(string command, string id)
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-bad-id");
        var result = await InProcessCli.RunAsync(redis, command, id);
        Assert.True(result.Code == ExitCodes.BadInput, $"exit {result.Code}: {result.Err}");
        Assert.Contains($"error: task id \"{id}\" is not accepted; {IdRule}", result.Err);
        Assert.Equal(ExitCodes.NotFound, (await InProcessCli.RunAsync(redis, command, "no-such-task")).Code);
    }

    [Fact]
    public async Task An_unknown_task_type_filter_is_bad_input_listing_the_types_instead_of_an_empty_list()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-bad-type");
        Assert.Equal(0, (await InProcessCli.RunAsync(redis, "schedule", "notification", "every 1 hour", "-m", "x")).Code);
        var expected = $"--type \"bogus\" is not a task type; expected one of {string.Join(", ", TaskTypes.Names)}";
        foreach (string[] args in new[] { ["list", "--type", "bogus"], new[] { "cancel", "--all", "--type", "bogus" } })
        {
            var result = await InProcessCli.RunAsync(redis, args);
            Assert.True(result.Code == ExitCodes.BadInput, $"{string.Join(' ', args)}: exit {result.Code}: {result.Out}{result.Err}");
            Assert.Contains(expected, result.Err);
        }
        var listed = await InProcessCli.RunAsync(redis, "list", "--type", "Notification", "--json");
        Assert.Equal(1, JsonDocument.Parse(listed.Out).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Update_takes_no_verify_as_its_advice_says_when_no_worker_serves_the_new_queue()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-update-no-verify");
        var verifying = InProcessCli.Environment(redis, verifyWorkers: true);
        var scheduled = await InProcessCli.RunAsync(redis, "schedule", "notification", "every 1h", "-m", "x", "--json");
        var id = JsonDocument.Parse(scheduled.Out).RootElement.GetProperty("id").GetString()!;

        var refused = await InProcessCli.RunAsync(verifying, "update", id, "--queue", "later");
        Assert.True(refused.Code != 0, refused.Out);
        Assert.Contains("--no-verify", refused.Err);

        var moved = await InProcessCli.RunAsync(verifying, "update", id, "--queue", "later", "--no-verify");
        Assert.True(moved.Code == 0, moved.Err);
        Assert.Equal("later", (await redis.CreateClient().GetAsync(id))!.Options.Queue);
    }

    [Fact]
    public async Task A_long_actor_name_is_refused_by_its_length_without_echoing_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-long-actor");
        var result = await InProcessCli.RunAsync(redis, "--as", new string('x', 5000), "list");
        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Contains("--as is 5000 characters long; expected a name of 1 to 200 characters", result.Err);
        Assert.DoesNotContain("xxxxxxxxxx", result.Err);
    }

    [Fact]
    public async Task Malformed_replica_acknowledgement_variables_leave_a_look_working_with_one_warning_and_still_refuse_a_write()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-ack-variables");
        var client = redis.CreateClient(verifyWorkers: false);
        await client.ScheduleAsync(new NotificationTask("x"), "every 1 hour", new Contracts.Schedules.ScheduleOptions { Id = "t1" });
        var environment = InProcessCli.Environment(redis);
        environment[CliContext.ReplicasVariable] = "one";

        var listed = await InProcessCli.RunAsync(environment, "list", "--json");
        Assert.True(listed.Code == ExitCodes.Ok, $"exit {listed.Code}: {listed.Err}");
        Assert.Equal("t1", Assert.Single(JsonDocument.Parse(listed.Out).RootElement.EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal($"warning: ${CliContext.ReplicasVariable} \"one\" is not accepted; expected a whole number, 0 (off) to 10 "
            + "(ignored: this command only reads, with no write to wait for)", listed.Err.TrimEnd());

        var paused = await InProcessCli.RunAsync(environment, "pause", "t1");
        Assert.True(paused.Code == ExitCodes.BadInput, $"exit {paused.Code}: {paused.Err}");
        Assert.Equal(Contracts.Schedules.ScheduleStatus.Scheduled, (await client.GetAsync("t1"))!.Status);
    }
}
