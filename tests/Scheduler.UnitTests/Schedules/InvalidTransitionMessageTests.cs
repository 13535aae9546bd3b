using Scheduler.Contracts.Schedules;

namespace Scheduler.UnitTests.Schedules;

/// <summary>A refused lifecycle change says which tasks the change is for, not only "cannot become scheduled".</summary>
public sealed class InvalidTransitionMessageTests
{
    [Theory]
    [InlineData(ScheduleStatus.Scheduled, ScheduleStatus.Scheduled, "task t1 is scheduled and cannot become scheduled; only a paused task can be resumed")]
    [InlineData(ScheduleStatus.Paused, ScheduleStatus.Paused, "task t1 is paused and cannot become paused; only a scheduled or running task can be paused")]
    [InlineData(ScheduleStatus.Cancelled, ScheduleStatus.Scheduled, "task t1 is cancelled and cannot become scheduled; a cancelled task is neither resumed nor changed; schedule it anew under its id")]
    [InlineData(ScheduleStatus.Cancelled, ScheduleStatus.Running, "task t1 is cancelled and cannot become running; a cancelled task is not run; schedule it anew under its id")]
    public void The_message_names_what_the_change_accepts(ScheduleStatus current, ScheduleStatus requested, string expected) =>
        Assert.Equal(expected, new InvalidTransitionException("t1", current, requested).Message);
}
