using System.Text.Json;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.UnitTests.Tasks;

/// <summary>
/// Durations in a task's JSON take the short form the flow options take ("30s", "10m") as well as "00:00:30", so a REST
/// body does not accept "10m" for a debounce and refuse "30s" for a jitter; they are still written "00:00:30".
/// </summary>
public sealed class DurationJsonTests
{
    [Fact]
    public void Jitter_and_timeouts_read_the_short_form_and_the_clock_form_and_write_the_clock_form()
    {
        var options = JsonSerializer.Deserialize<ScheduleOptions>("""{"jitter":"30s"}""", TaskTypes.JsonOptions)!;
        Assert.Equal(TimeSpan.FromSeconds(30), options.Jitter);
        var task = (ShellTask)JsonSerializer.Deserialize<TaskDefinition>(
            """{"type":"shell","command":"true","execution":{"softTimeout":"2m","hardTimeout":"00:05:00"}}""", TaskTypes.JsonOptions)!;
        Assert.Equal((TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5)), (task.Execution!.SoftTimeout, task.Execution.HardTimeout));
        Assert.Contains("\"jitter\":\"00:00:30\"", JsonSerializer.Serialize(options, TaskTypes.JsonOptions));
    }

    [Fact]
    public void A_duration_that_is_none_is_refused_naming_what_is_accepted()
    {
        var refused = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ScheduleOptions>("""{"jitter":"soon"}""", TaskTypes.JsonOptions));
        Assert.Contains("expected a number with ms, s, m, h or d", refused.Message);
    }
}
