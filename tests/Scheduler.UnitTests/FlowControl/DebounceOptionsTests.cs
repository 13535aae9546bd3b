using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Cli.Commands;
using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.UnitTests.FlowControl;

public sealed class DebounceOptionsTests
{
    private static readonly NotificationTask Task = new("hello");

    [Fact]
    public void Debounce_and_idempotency_window_are_checked_with_messages_naming_what_is_accepted()
    {
        var errors = FlowPolicyValidator.Validate(Task, new ScheduleOptions
        {
            Debounce = new Debounce("digest:{host}", TimeSpan.FromMilliseconds(10)),
            Id = "fixed",
        }).ToList();
        Assert.Contains("debounce.window is 10ms; expected 100ms to 1d", errors);
        Assert.Contains(errors, e => e.StartsWith("debounce.key \"digest:{host}\": the task has no field \"host\""));
        Assert.Contains("debounce cannot be combined with id, idempotencyKey or replace; the debounce key names the task", errors);
        Assert.Contains(FlowPolicyValidator.Validate(Task, new ScheduleOptions { Debounce = new Debounce("", TimeSpan.FromSeconds(5)) }),
            e => e.StartsWith("debounce.key is empty"));

        Assert.Contains("idempotencyWindow is 31d; expected 100ms to 30d",
            FlowPolicyValidator.Validate(Task, new ScheduleOptions { IdempotencyKey = "k", IdempotencyWindow = TimeSpan.FromDays(31) }));
        Assert.Contains("idempotencyWindow needs an idempotencyKey",
            FlowPolicyValidator.Validate(Task, new ScheduleOptions { IdempotencyWindow = TimeSpan.FromMinutes(1) }));

        Assert.Empty(FlowPolicyValidator.Validate(Task, new ScheduleOptions { Debounce = new Debounce("digest:{message}", TimeSpan.FromSeconds(5)) }));
        Assert.Empty(FlowPolicyValidator.Validate(Task, new ScheduleOptions { IdempotencyKey = "k", IdempotencyWindow = TimeSpan.FromMinutes(10) }));
    }

    [Fact]
    public void Debounce_and_idempotency_window_read_durations_in_json_and_are_written_compact()
    {
        var options = JsonSerializer.Deserialize<ScheduleOptions>(
            """{"debounce":{"key":"k","window":"5s"},"idempotencyKey":"i","idempotencyWindow":"00:10:00"}""", TaskTypes.JsonOptions)!;
        Assert.Equal(new Debounce("k", TimeSpan.FromSeconds(5)), options.Debounce);
        Assert.Equal(TimeSpan.FromMinutes(10), options.IdempotencyWindow);
        var json = JsonSerializer.Serialize(options, TaskTypes.JsonOptions);
        Assert.Contains("\"window\":\"5s\"", json);
        Assert.Contains("\"idempotencyWindow\":\"10m\"", json);
        Assert.DoesNotContain("idempotencyWindow", JsonSerializer.Serialize(new ScheduleOptions(), TaskTypes.JsonOptions));
        Assert.Contains("not a duration", Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize<ScheduleOptions>("""{"idempotencyWindow":"later"}""", TaskTypes.JsonOptions)).Message);
    }

    [Fact]
    public void The_cli_reads_debounce_as_named_parts_and_says_what_is_wrong()
    {
        Assert.Equal(new Debounce("notify:{channel}", TimeSpan.FromSeconds(5)), FlowControlOptions.ParseDebounce("key=notify:{channel},window=5s"));
        Assert.Contains("window is missing; expected key=NAME,window=DURATION", Assert.Throws<CliException>(() => FlowControlOptions.ParseDebounce("key=x")).Message);
        Assert.Contains("window \"soon\" is not accepted; expected a duration from 100ms to 1d", Assert.Throws<CliException>(() => FlowControlOptions.ParseDebounce("key=x,window=soon")).Message);
    }

    [Fact]
    public void Scheduler_info_lists_debounce_and_the_idempotency_window()
    {
        var task = new ScheduledTask
        {
            Id = "t1", Name = "n", Task = Task, Spec = "in 1 hour",
            Schedule = Scheduler.Contracts.Scheduling.ScheduleParser.Parse("in 1 hour"), Status = ScheduleStatus.Scheduled,
            CreatedAt = DateTimeOffset.UnixEpoch,
            Options = new ScheduleOptions { Debounce = new Debounce("digest", TimeSpan.FromSeconds(5)), IdempotencyWindow = TimeSpan.FromMinutes(10) },
        };
        var lines = Scheduler.Cli.Output.FlowText.Lines(task, DateTimeOffset.UnixEpoch).ToList();
        Assert.Contains("debounce:    one run per burst with key \"digest\", window 5s", lines);
        Assert.Contains("idempotency: key kept 10m", lines);
    }
}
