using Scheduler.Cli;

namespace Scheduler.UnitTests.Cli;

/// <summary>
/// The CLI takes Scheduler:Redis:ReplicaAcknowledgement from its flags or from the environment variables the components
/// read it from, with their ranges and words: a bad value is exit 2 naming where it came from, before connecting.
/// </summary>
public sealed class ReplicaAcknowledgementOptionTests
{
    [Theory]
    [InlineData(new[] { "--replica-ack", "11" }, "--replica-ack \"11\" is not accepted: Replicas 11 must be 0 (off) to 10")]
    [InlineData(new[] { "--replica-ack", "-1" }, "--replica-ack \"-1\" is not accepted: Replicas -1 must be 0 (off) to 10")]
    [InlineData(new[] { "--replica-ack", "one" }, "--replica-ack \"one\" is not accepted; expected a whole number, 0 (off) to 10")]
    [InlineData(new[] { "--replica-ack", "1", "--replica-ack-timeout", "5s" }, "--replica-ack-timeout \"5s\" is not accepted: Timeout 00:00:05 must be 10 ms to 4 s")]
    [InlineData(new[] { "--replica-ack", "1", "--replica-ack-timeout", "5ms" }, "--replica-ack-timeout \"5ms\" is not accepted: Timeout 00:00:00.0050000 must be 10 ms to 4 s")]
    [InlineData(new[] { "--replica-ack-timeout", "soon" }, "--replica-ack-timeout \"soon\" is not a duration; expected 10ms to 4s, e.g. 500ms, 2s or 00:00:00.500")]
    public async Task A_flag_out_of_range_or_of_no_form_is_exit_2_in_the_settings_words(string[] flags, string expected)
    {
        var result = await CliParse.RunAsync(["pause", "some-task", .. flags]);
        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Equal($"error: {expected}", result.Err.TrimEnd());
    }

    [Fact]
    public async Task The_environment_variables_of_the_components_are_read_and_named_in_their_errors()
    {
        var replicas = await CliParse.RunWithAsync(new Dictionary<string, string?> { [CliContext.ReplicasVariable] = "20" }, "pause", "some-task");
        Assert.Equal(ExitCodes.BadInput, replicas.Code);
        Assert.Equal("error: $Scheduler__Redis__ReplicaAcknowledgement__Replicas \"20\" is not accepted: Replicas 20 must be 0 (off) to 10", replicas.Err.TrimEnd());

        var timeout = await CliParse.RunWithAsync(new Dictionary<string, string?> { ["SCHEDULER__REDIS__REPLICAACKNOWLEDGEMENT__TIMEOUT"] = "00:00:10" }, "pause", "some-task");
        Assert.Equal(ExitCodes.BadInput, timeout.Code);
        Assert.Contains("$SCHEDULER__REDIS__REPLICAACKNOWLEDGEMENT__TIMEOUT \"00:00:10\" is not accepted: Timeout 00:00:10 must be 10 ms to 4 s", timeout.Err);

        // The flag wins over the environment; accepted values get as far as connecting (exit 4: nothing listens).
        Assert.Equal(ExitCodes.RedisUnreachable, (await CliParse.RunWithAsync(new Dictionary<string, string?> { [CliContext.ReplicasVariable] = "20" },
            "pause", "some-task", "--replica-ack", "1")).Code);
        Assert.Equal(ExitCodes.RedisUnreachable, (await CliParse.RunWithAsync(new Dictionary<string, string?>
        {
            [CliContext.ReplicasVariable] = "2", [CliContext.ReplicaTimeoutVariable] = "00:00:00.250",
        }, "pause", "some-task")).Code);
        Assert.Equal(ExitCodes.RedisUnreachable, (await CliParse.RunAsync("pause", "some-task", "--replica-ack", "1", "--replica-ack-timeout", "4s")).Code);
    }

    // A command that only reads writes nothing to wait for: the variables, set for the components, do not stop a look.
    [Theory]
    [InlineData("list")]
    [InlineData("info", "t1")]
    [InlineData("runs", "t1")]
    [InlineData("events")]
    [InlineData("workers")]
    [InlineData("failed")]
    [InlineData("health")]
    [InlineData("export")]
    public async Task A_command_that_only_reads_runs_despite_malformed_variables_with_one_warning_naming_the_variable_its_value_and_what_is_accepted(params string[] args)
    {
        var result = await CliParse.RunWithAsync(new Dictionary<string, string?> { [CliContext.ReplicasVariable] = "one" }, args);
        // Past the settings to the connection, which fails here (nothing listens): exit 4, not the settings' exit 2.
        Assert.True(result.Code == ExitCodes.RedisUnreachable, $"exit {result.Code}: {result.Err}");
        var warning = Assert.Single(result.Err.Split('\n'), line => line.StartsWith("warning:", StringComparison.Ordinal));
        Assert.Equal("warning: $Scheduler__Redis__ReplicaAcknowledgement__Replicas \"one\" is not accepted; expected a whole number, 0 (off) to 10 "
            + "(ignored: this command only reads, with no write to wait for)", warning);

        var timeout = await CliParse.RunWithAsync(new Dictionary<string, string?> { [CliContext.ReplicaTimeoutVariable] = "00:00:10" }, args);
        Assert.Equal(ExitCodes.RedisUnreachable, timeout.Code);
        Assert.Contains("warning: $Scheduler__Redis__ReplicaAcknowledgement__Timeout \"00:00:10\" is not accepted: Timeout 00:00:10 must be 10 ms to 4 s", timeout.Err);
    }

    [Theory]
    [InlineData("pause", "t1")]
    [InlineData("delete", "t1")]
    [InlineData("trigger", "t1")]
    [InlineData("schedule", "notification", "in 5m", "-m", "x")]
    public async Task A_command_that_writes_still_refuses_malformed_variables_with_exit_2(params string[] args)
    {
        var result = await CliParse.RunWithAsync(new Dictionary<string, string?> { [CliContext.ReplicasVariable] = "one" }, args);
        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Equal("error: $Scheduler__Redis__ReplicaAcknowledgement__Replicas \"one\" is not accepted; expected a whole number, 0 (off) to 10", result.Err.TrimEnd());
    }

    [Fact]
    public async Task A_malformed_flag_typed_on_a_command_that_only_reads_is_still_exit_2()
    {
        var result = await CliParse.RunAsync("list", "--replica-ack", "one");
        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Equal("error: --replica-ack \"one\" is not accepted; expected a whole number, 0 (off) to 10", result.Err.TrimEnd());
    }
}
