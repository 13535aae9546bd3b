using Scheduler.Cli.Output;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.UnitTests.Cli;

public class NextRunTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static ScheduledTask Task(ScheduleStatus status, DateTimeOffset next) => new()
    {
        Id = "t1", Name = "n", Task = new NotificationTask("hi"), Spec = "every 5s",
        Schedule = Scheduler.Contracts.Scheduling.ScheduleParser.Parse("every 5s"), Status = status,
        CreatedAt = DateTimeOffset.UnixEpoch, Options = new ScheduleOptions(), NextRunAt = next,
    };

    [Fact]
    public void A_paused_tasks_next_run_that_has_come_is_shown_held_not_late() =>
        Assert.Equal("held, due 6 s ago", Formatting.NextRun(Task(ScheduleStatus.Paused, Now.AddSeconds(-6)), Now));

    [Fact]
    public void A_paused_tasks_next_run_still_ahead_and_a_late_scheduled_one_read_as_before()
    {
        Assert.Equal("in 5 min", Formatting.NextRun(Task(ScheduleStatus.Paused, Now.AddMinutes(5)), Now));
        Assert.Equal("6 s ago", Formatting.NextRun(Task(ScheduleStatus.Scheduled, Now.AddSeconds(-6)), Now));
    }
}
