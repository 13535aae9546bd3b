using Microsoft.Extensions.Time.Testing;
using Scheduler.Cli;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.UnitTests.Cli;

/// <summary>
/// Input the CLI can refuse without Redis is refused before it connects: exit 2 with one line saying what is wrong,
/// even though Redis is unreachable here; accepted input gets as far as the connection (exit 4).
/// </summary>
public sealed class CheckedBeforeConnectingTests
{
    [Fact]
    public async Task A_spec_the_parser_refuses_is_exit_2_in_its_words_even_when_redis_is_down_and_one_it_reads_offline_is_not()
    {
        foreach (var spec in new[] { "bogus spec", "", "every munday at 9am" })
        {
            var expected = Assert.Throws<ScheduleSpecException>(() => ScheduleParser.Parse(spec)).Message;
            var result = await CliParse.RunAsync("schedule", "notification", spec, "-m", "x");
            Assert.True(result.Code == ExitCodes.BadInput, $"\"{spec}\": exit {result.Code}: {result.Err}");
            Assert.Equal($"error: {expected}", result.Err.TrimEnd());
        }
        // Triggers name a task or event the server knows, relative specs count from now: both parse without Redis.
        foreach (var spec in new[] { "after:other-task", "after:other-task:failed", "on:file.arrived", "in 5 minutes", "@daily", "every weekday at 9am" })
            Assert.Equal(ExitCodes.RedisUnreachable, (await CliParse.RunAsync("schedule", "notification", spec, "-m", "x", "--tz", "Europe/Berlin")).Code);
    }

    [Fact]
    public async Task Publish_data_that_is_not_json_is_said_in_plain_words_with_where_before_connecting()
    {
        var result = await CliParse.RunAsync("publish", "file.arrived", "--data", "{bad");

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.StartsWith("error: --data is not JSON ('b' is an invalid start of a property name. Expected a '\"' at character 2); expected e.g. --data ", result.Err);
        Assert.DoesNotContain("LineNumber", result.Err);
        Assert.DoesNotContain("BytePositionInLine", result.Err);
    }

    [Fact]
    public async Task A_past_one_shot_is_refused_before_connecting_unless_run_if_past_is_given()
    {
        var past = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(ExitCodes.BadInput, (await CliParse.RunAsync("schedule", "notification", past, "-m", "x")).Code);
        Assert.Equal(ExitCodes.RedisUnreachable, (await CliParse.RunAsync("schedule", "notification", past, "-m", "x", "--run-if-past")).Code);
    }

    [Theory]
    [InlineData(new[] { "schedule", "shell", "every 1 minute", "--id", "fail1", "--max-retries", "0", "--", "false" }, "--max-retries")]
    [InlineData(new[] { "schedule", "shell", "in 1 hour", "--bogus-flag", "3", "--", "echo", "hi" }, "--bogus-flag")]
    [InlineData(new[] { "schedule", "shell", "in 1 hour", "--bogus-flag" }, "--bogus-flag")]
    [InlineData(new[] { "schedule", "shell", "in 1 hour", "echo", "-n", "--", "hi" }, "-n")]
    public async Task An_unknown_option_before_the_double_dash_is_bad_input_naming_it_and_where_the_command_goes(string[] args, string unknown)
    {
        var result = await CliParse.RunAsync(args);
        Assert.Equal(ExitCodes.BadInput, result.Code);
        var line = Assert.Single(result.Err.TrimEnd().Split('\n'));
        Assert.StartsWith($"error: \"{unknown}\" is not an option of schedule shell", line);
        Assert.Contains("the command and its arguments go after --", line);
        // After the double dash every word is the command's, dashes and all; without one, plain words still are.
        Assert.Equal(ExitCodes.RedisUnreachable, (await CliParse.RunAsync("schedule", "shell", "in 1 hour", "--", unknown, "--retries", "0")).Code);
        Assert.Equal(ExitCodes.RedisUnreachable, (await CliParse.RunAsync("schedule", "shell", "in 1 hour", "echo", "hi")).Code);
    }

    [Fact]
    public async Task Wait_for_a_malformed_run_id_or_one_of_another_task_is_exit_2_instead_of_a_timeout()
    {
        foreach (var (runId, expected) in new[]
                 {
                     ("garbage id", "--run-id \"garbage id\" is not a run id"), ("sh1", "--run-id \"sh1\" is not a run id"),
                     ("sh1:", "--run-id \"sh1:\" is not a run id"), ("sh1:soon", "--run-id \"sh1:soon\" is not a run id"),
                     ("other:123", "--run-id \"other:123\" is a run of task other, not of sh1"),
                 })
        {
            var result = await CliParse.RunAsync("wait", "sh1", "--run-id", runId, "--timeout", "2s");
            Assert.True(result.Code == ExitCodes.BadInput, $"{runId}: exit {result.Code}: {result.Err}");
            Assert.StartsWith($"error: {expected}", result.Err);
        }
        // Each shape a run id has: a due instant, a run by hand, a trigger's.
        foreach (var runId in new[] { "sh1:1764500000000", "sh1:t1764500000000", "sh1:e42" })
            Assert.Equal(ExitCodes.RedisUnreachable, (await CliParse.RunAsync("wait", "sh1", "--run-id", runId, "--timeout", "2s")).Code);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a b:123")]
    [InlineData(":123")]
    public async Task Retry_of_a_malformed_run_id_is_exit_2_even_when_redis_is_down(string runId)
    {
        var result = await CliParse.RunAsync("retry", runId);
        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Contains($"run id \"{runId}\" is not a run id", result.Err);
    }

    // Options read once connected (by Redis's clock, or against the stored task) are checked before too, in the words
    // every option's refusal has: the option, what was given, what is accepted.
    [Theory]
    [InlineData(new[] { "pause", "t1", "--until", "zz" }, "--until \"zz\" is neither a duration from now nor an instant; expected a duration from now such as 30m, 2h or 1d, or an instant such as 2026-12-01T09:00Z")]
    [InlineData(new[] { "pause", "--all", "--until", "soonish" }, "--until \"soonish\" is neither a duration from now nor an instant; expected")]
    [InlineData(new[] { "pause", "t1", "--until", "2026-13-45T09:00" }, "--until: invalid date \"2026-13-45\" in \"2026-13-45T09:00\"; expected ISO-8601")]
    [InlineData(new[] { "events", "--after", "zz" }, "--after \"zz\" is not accepted; expected an event id as events prints it, such as 1732363200000-0, or 0 (from the oldest retained)")]
    [InlineData(new[] { "events", "--follow", "--after", "12-x" }, "--after \"12-x\" is not accepted; expected an event id")]
    [InlineData(new[] { "update", "t1", "--start-after", "zz" }, "--start-after \"zz\" is not an instant; expected e.g. 2026-12-31T18:00, \"tomorrow at 6pm\"")]
    [InlineData(new[] { "update", "t1", "--end-at", "every day" }, "--end-at \"every day\" is not one instant; expected e.g. 2026-12-31T18:00")]
    [InlineData(new[] { "cleanup", "update", "c1", "--interval", "zz" }, "--interval \"zz\" is not accepted; expected a duration from 1s to 366d, e.g. 30m, 6h, 1d or 06:00:00")]
    [InlineData(new[] { "cleanup", "update", "c1", "--interval", "500ms" }, "--interval \"500ms\" is not accepted; expected a duration from 1s to 366d")]
    [InlineData(new[] { "cleanup", "register", "-d", "/tmp", "-p", "*.log", "--interval", "400d" }, "--interval \"400d\" is not accepted; expected a duration from 1s to 366d")]
    [InlineData(new[] { "reschedule", "t1", "every munday" }, "unknown weekday \"munday\"")]
    [InlineData(new[] { "reschedule", "t1", "every day", "--tz", "Nowhere/X" }, "--tz: unknown time zone \"Nowhere/X\"; expected an IANA id")]
    public async Task An_option_read_once_connected_is_refused_before_connecting_naming_the_option_the_value_and_what_is_accepted(string[] args, string expected)
    {
        var result = await CliParse.RunWithAsync(new Dictionary<string, string?> { ["SCHEDULER_HOUSEKEEPING_ALLOWED_ROOTS"] = "/tmp" }, args);
        Assert.True(result.Code == ExitCodes.BadInput, $"exit {result.Code}: {result.Err}");
        var line = Assert.Single(result.Err.TrimEnd().Split('\n'));
        Assert.StartsWith($"error: {expected}", line);
    }

    [Theory]
    [InlineData("pause", "t1", "--until", "2h")]
    [InlineData("pause", "t1", "--until", "tomorrow at 9am")]
    [InlineData("events", "--after", "0")]
    [InlineData("events", "--after", "1732363200000-0")]
    [InlineData("update", "t1", "--start-after", "monday at 9am", "--end-at", "dec 31")]
    [InlineData("cleanup", "update", "c1", "--interval", "6h")]
    [InlineData("reschedule", "t1", "every day at 6am", "--tz", "Europe/Berlin")]
    [InlineData("reschedule", "t1", "2020-01-01T09:00")]
    public async Task The_same_options_accepted_get_as_far_as_connecting(params string[] args) =>
        Assert.Equal(ExitCodes.RedisUnreachable, (await CliParse.RunAsync(args)).Code);

    // Without --tz the spec is read in the task's zone, which only Redis knows: "until today" may be over in UTC and
    // still ahead in the task's zone (UTC-2 here), so a refusal in UTC alone is not the client's. The clock is fixed:
    // in the first two hours of a UTC day the UTC-2 zone's "today" is the day before, and the spec ends in both.
    [Fact]
    public async Task Reschedule_without_tz_is_not_refused_for_a_spec_that_reads_in_another_zone_than_utc()
    {
        var now = new DateTimeOffset(2026, 6, 15, 12, 30, 0, TimeSpan.Zero);
        const string spec = "every day at 12:00 until today";
        Assert.Throws<ScheduleSpecException>(() => ScheduleParser.Parse(spec, new ScheduleParseOptions { Now = now, AllowPast = true }));
        ScheduleParser.Parse(spec, new ScheduleParseOptions { TimeZone = "Etc/GMT+2", Now = now, AllowPast = true });
        var result = await RunAtAsync(now, "reschedule", "t1", spec);
        Assert.True(result.Code == ExitCodes.RedisUnreachable, $"exit {result.Code}: {result.Err}");
        // Refused in every zone, it still is before connecting.
        Assert.Equal(ExitCodes.BadInput, (await RunAtAsync(now, "reschedule", "t1", "every day at 9am until 2020-01-01")).Code);
    }

    private static async Task<(int Code, string Err)> RunAtAsync(DateTimeOffset now, params string[] args)
    {
        var error = new StringWriter();
        var environment = new Dictionary<string, string?> { ["SCHEDULER_REDIS"] = "127.0.0.1:1", ["SCHEDULER_VERIFY"] = "false" };
        var context = new CliContext(TextWriter.Null, error, name => environment.GetValueOrDefault(name)) { Time = new FakeTimeProvider(now) };
        return (await SchedulerCli.RunAsync(args, context), error.ToString());
    }

    [Theory]
    [InlineData("--start-after", "monday")]
    [InlineData("--end-at", "tomorrow")]
    [InlineData("--until", "tomorrow at noon")]
    public async Task An_unknown_tz_is_named_as_such_not_taken_for_a_misspelt_instant(string option, string value)
    {
        string[] args = option == "--until" ? ["--paused", option, value] : [option, value];
        var result = await CliParse.RunAsync(["schedule", "notification", "every day at 9am", "-m", "x", "--tz", "Mars/Base", .. args]);
        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.StartsWith($"error: {option}: unknown time zone \"Mars/Base\"; expected an IANA id", result.Err);
    }

    [Fact]
    public async Task A_true_false_option_given_another_word_names_the_option_and_what_it_takes()
    {
        var result = await CliParse.RunAsync("list", "--recurring", "maybe");
        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Contains("error: --recurring \"maybe\" is not accepted; expected true or false", result.Err);
        Assert.DoesNotContain("Unrecognized", result.Err);
        Assert.Equal(ExitCodes.RedisUnreachable, (await CliParse.RunAsync("list", "--recurring", "false")).Code);
    }

    [Fact]
    public async Task A_variable_given_twice_and_a_relative_working_directory_are_refused_before_connecting()
    {
        var twice = await CliParse.RunAsync("schedule", "shell", "in 1 hour", "--env", "A=1", "--env", "A=2", "--", "env");
        Assert.Equal(ExitCodes.BadInput, twice.Code);
        Assert.Equal("error: --env gives \"A\" twice (A=1, A=2); give each name once", twice.Err.TrimEnd());

        var relative = await CliParse.RunAsync("schedule", "shell", "in 1 hour", "--cwd", "work", "--", "env");
        Assert.Equal(ExitCodes.BadInput, relative.Code);
        Assert.Contains("\"work\" is a relative path; expected an absolute path", relative.Err);
    }

    [Fact]
    public async Task A_bad_key_prefix_is_bad_input_naming_it_not_an_unreachable_redis()
    {
        foreach (var prefix in new[] { "", "a b", "x*" })
        {
            var result = await CliParse.RunAsync("list", "--prefix", prefix);
            Assert.Equal(ExitCodes.BadInput, result.Code);
            Assert.Contains($"key prefix \"{prefix}\"", result.Err);
            Assert.DoesNotContain("cannot reach Redis", result.Err);
        }
    }

    [Fact]
    public async Task The_default_time_zone_is_checked_before_connecting_and_parse_previews_in_it()
    {
        var bad = await CliParse.RunWithAsync(new Dictionary<string, string?> { ["SCHEDULER_TIMEZONE"] = "Nowhere/X" }, "list");
        Assert.Equal(ExitCodes.BadInput, bad.Code);
        Assert.StartsWith("error: $SCHEDULER_TIMEZONE: unknown time zone \"Nowhere/X\"", bad.Err);

        var preview = await CliParse.RunWithAsync(new Dictionary<string, string?> { ["SCHEDULER_TIMEZONE"] = "Europe/Berlin" },
            "parse", "every day at 9am", "--now", "2026-12-04T12:00:00Z", "--next", "1");
        Assert.Equal(0, preview.Code);
        Assert.Contains("(Europe/Berlin)", preview.Out);
        Assert.Contains("2026-12-05 09:00:00.000 +01:00", preview.Out);
    }

    [Theory]
    [InlineData("parse")]
    [InlineData("schedule notification")]
    public async Task Help_names_the_effective_default_time_zone(string commandLine)
    {
        var command = commandLine.Split(' ');
        var help = await CliParse.RunWithAsync(new Dictionary<string, string?> { ["SCHEDULER_TIMEZONE"] = "Europe/Berlin" }, [.. command, "--help"]);
        Assert.Equal(0, help.Code);
        Assert.Matches(@"default:\s+Europe/Berlin", help.Out);
        var utc = await CliParse.RunAsync([.. command, "--help"]);
        Assert.DoesNotContain("Europe/Berlin", utc.Out);
        Assert.Matches(@"default:\s+UTC", utc.Out);
    }
}
