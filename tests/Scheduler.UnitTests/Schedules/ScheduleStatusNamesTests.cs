using System.Text.Json;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.UnitTests.Schedules;

public sealed class ScheduleStatusNamesTests
{
    [Theory]
    [InlineData("pending", ScheduleStatus.Scheduled)]
    [InlineData(" Pending ", ScheduleStatus.Scheduled)]
    [InlineData("scheduled", ScheduleStatus.Scheduled)]
    [InlineData("PAUSED", ScheduleStatus.Paused)]
    [InlineData("expired", ScheduleStatus.Expired)]
    public void Names_in_any_case_and_pending_are_read(string text, ScheduleStatus expected) =>
        Assert.Equal(expected, ScheduleStatusNames.Parse(text));

    [Theory]
    [InlineData("sleeping")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_refused_naming_the_accepted_names(string? text)
    {
        Assert.False(ScheduleStatusNames.TryParse(text, out _));
        Assert.Contains("scheduled (or pending), paused, running, completed, failed, cancelled, expired", Assert.Throws<FormatException>(() => ScheduleStatusNames.Parse(text)).Message);
    }

    [Fact]
    public void Json_reads_pending_and_writes_the_lower_case_name()
    {
        Assert.Equal(ScheduleStatus.Scheduled, JsonSerializer.Deserialize<ScheduleStatus>("\"pending\"", TaskTypes.JsonOptions));
        Assert.Equal("\"paused\"", JsonSerializer.Serialize(ScheduleStatus.Paused, TaskTypes.JsonOptions));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ScheduleStatus>("\"sleeping\"", TaskTypes.JsonOptions));
    }

    [Theory]
    [InlineData(ScheduleStatus.Completed, true)]
    [InlineData(ScheduleStatus.Failed, true)]
    [InlineData(ScheduleStatus.Cancelled, true)]
    [InlineData(ScheduleStatus.Expired, true)]
    [InlineData(ScheduleStatus.Scheduled, false)]
    [InlineData(ScheduleStatus.Paused, false)]
    [InlineData(ScheduleStatus.Running, false)]
    public void Ended_statuses_are_the_ones_that_never_fire_again(ScheduleStatus status, bool ended) =>
        Assert.Equal(ended, ScheduleStatusNames.HasEnded(status));
}
