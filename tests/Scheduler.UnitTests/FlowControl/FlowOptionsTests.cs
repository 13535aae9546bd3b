using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Cli.Commands;
using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.UnitTests.FlowControl;

public sealed class FlowOptionsTests
{
    [Fact]
    public void Flow_options_are_checked_against_the_task_with_messages_naming_what_is_accepted()
    {
        var task = new McpToolTask("files", "read");
        var errors = FlowPolicyValidator.Validate(task, new ScheduleOptions
        {
            Concurrency = new ConcurrencyLimit("mcp:{host}", 0),
            RateLimit = new RateLimit(" ", 5, TimeSpan.FromMilliseconds(10)),
            Priority = (TaskPriority)7,
        }).ToList();
        Assert.Contains("concurrency.limit is 0; expected 1 to 10000", errors);
        Assert.Contains(errors, e => e.StartsWith("concurrency.key \"mcp:{host}\": the task has no field \"host\""));
        Assert.Contains("rateLimit.per is 10ms; expected 100ms to 1d", errors);
        Assert.Contains(errors, e => e.StartsWith("rateLimit.key is empty"));
        Assert.Contains("priority is unknown; expected high, normal or low", errors);
        Assert.Empty(FlowPolicyValidator.Validate(task, new ScheduleOptions { Concurrency = new ConcurrencyLimit("mcp:{serverName}", 2) }));
    }

    [Fact]
    public void Rate_periods_read_compact_or_clock_form_in_json_and_are_written_compact()
    {
        var options = JsonSerializer.Deserialize<ScheduleOptions>("""{"rateLimit":{"key":"k","count":5,"per":"1m"},"priority":"high"}""", TaskTypes.JsonOptions)!;
        Assert.Equal(new RateLimit("k", 5, TimeSpan.FromMinutes(1)), options.RateLimit);
        Assert.Equal(TaskPriority.High, options.Priority);
        Assert.Equal(TimeSpan.FromSeconds(90), JsonSerializer.Deserialize<RateLimit>("""{"key":"k","count":1,"per":"00:01:30"}""", TaskTypes.JsonOptions)!.Per);
        Assert.Contains("\"per\":\"90s\"", JsonSerializer.Serialize(new RateLimit("k", 1, TimeSpan.FromSeconds(90)), TaskTypes.JsonOptions));
        Assert.Contains("not a duration", Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize<RateLimit>("""{"key":"k","count":1,"per":"soon"}""", TaskTypes.JsonOptions)).Message);
        // Normal priority is not written, so tasks without flow options store what they stored before.
        Assert.DoesNotContain("priority", JsonSerializer.Serialize(new ScheduleOptions(), TaskTypes.JsonOptions));
    }

    [Theory]
    [InlineData("""{"jitter":"99999999d"}""")]
    [InlineData("""{"rateLimit":{"key":"k","count":1,"per":"10000001s"}}""")]
    [InlineData("""{"idempotencyWindow":"9999999999999999999999ms"}""")]
    [InlineData("""{"debounce":{"key":"k","window":"12345678901h"}}""")]
    public void A_duration_too_large_to_read_is_refused_as_out_of_range_not_as_no_duration(string json)
    {
        var message = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ScheduleOptions>(json, TaskTypes.JsonOptions)).Message;

        Assert.Contains("is out of range; expected a number of at most 10000000 with ms, s, m, h or d, or hh:mm:ss", message);
        Assert.DoesNotContain("not a duration", message);
    }

    [Fact]
    public void A_task_duration_too_large_to_read_is_refused_as_out_of_range_and_the_largest_one_is_read()
    {
        var message = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TaskDefinition>(
            """{"type":"notification","message":"m","execution":{"softTimeout":"99999999d"}}""", TaskTypes.JsonOptions)).Message;
        Assert.StartsWith("\"99999999d\" is out of range", message);
        Assert.Equal(TimeSpan.FromDays(10_000_000),
            JsonSerializer.Deserialize<RateLimit>("""{"key":"k","count":1,"per":"10000000d"}""", TaskTypes.JsonOptions)!.Per);
    }

    [Theory]
    [InlineData("30", "\"30\" has no unit; write it with one (30s, 30m, 30h or 30d) or as hh:mm:ss")]
    [InlineData("1.5", "\"1.5\" has no unit; write it with one (1.5s, 1.5m, 1.5h or 1.5d) or as hh:mm:ss")]
    [InlineData("0.5ms", "\"0.5ms\" is not whole milliseconds; expected a number with ms, s, m, h or d (e.g. 500ms, 30s, 1m, 1.5h) or hh:mm:ss")]
    public void A_bare_number_is_refused_for_its_missing_unit_rather_than_read_as_days_and_a_fraction_of_a_millisecond_is_refused(string text, string expected)
    {
        // .NET's own TimeSpan reading takes "30" as 30 days, where the command line reads it as 30 seconds.
        var message = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TaskDefinition>(
            $$$"""{"type":"notification","message":"m","execution":{"softTimeout":"{{{text}}}"}}""", TaskTypes.JsonOptions)).Message;

        Assert.Equal(expected, message);
    }

    [Theory]
    [InlineData(10_000_001)]
    [InlineData(86_400_001)]
    [InlineData(1_500)]
    public void A_duration_of_more_milliseconds_than_a_count_takes_is_written_so_it_reads_back(long milliseconds)
    {
        var limit = new RateLimit("k", 1, TimeSpan.FromMilliseconds(milliseconds));

        var json = JsonSerializer.Serialize(limit, TaskTypes.JsonOptions);

        Assert.Equal(limit, JsonSerializer.Deserialize<RateLimit>(json, TaskTypes.JsonOptions));
    }

    [Theory]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("0.25s", 250)]
    [InlineData("2.5d", 216_000_000)]
    [InlineData("1.00:00:00", 86_400_000)]
    [InlineData("00:00:30", 30_000)]
    public void A_duration_with_a_fraction_and_a_unit_is_read_as_the_command_line_reads_it(string text, long milliseconds)
    {
        var limit = JsonSerializer.Deserialize<RateLimit>($$"""{"key":"k","count":1,"per":"{{text}}"}""", TaskTypes.JsonOptions)!;

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), limit.Per);
    }

    [Fact]
    public void Workers_take_low_lanes_after_all_their_queues_and_high_runs_stay_in_their_queue()
    {
        Assert.Equal(["default", "default-low"], FlowQueues.Expand(["default"]));
        Assert.Equal(["a", "b", "a-low", "b-low"], FlowQueues.Expand(["a", "b"]));
        Assert.Equal("mail", FlowQueues.For("mail", TaskPriority.High));
        Assert.Equal("mail-low", FlowQueues.For("mail", TaskPriority.Low));
    }

    [Fact]
    public void The_cli_reads_concurrency_and_rate_limit_as_named_parts_and_says_what_is_wrong()
    {
        Assert.Equal(new ConcurrencyLimit("shell:{workingDirectory}", 2), FlowControlOptions.ParseConcurrency("key=shell:{workingDirectory},limit=2"));
        Assert.Equal(new RateLimit("a,b", 5, TimeSpan.FromMinutes(1)), FlowControlOptions.ParseRateLimit("key=a,b,count=5,per=1m"));
        Assert.Contains("limit is missing; expected key=NAME,limit=N", Assert.Throws<CliException>(() => FlowControlOptions.ParseConcurrency("key=x")).Message);
        Assert.Contains("count \"many\" is not accepted; expected a whole number from 1 to 100000", Assert.Throws<CliException>(() => FlowControlOptions.ParseRateLimit("key=x,count=many,per=1s")).Message);
        Assert.Contains("per \"soon\" is not accepted; expected a duration from 100ms to 1d", Assert.Throws<CliException>(() => FlowControlOptions.ParseRateLimit("key=x,count=1,per=soon")).Message);
        Assert.Contains("\"extra\" is not one of key, count, per", Assert.Throws<CliException>(() => FlowControlOptions.ParseRateLimit("key=x,count=1,per=1m,extra=1")).Message);
    }
}
