using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Tasks;

namespace Scheduler.UnitTests.Client;

/// <summary>The next occurrences `info --next`, the REST API and the task page list are the ones Beat will fire.</summary>
public sealed class UpcomingOccurrencesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 7, 0, 0, TimeSpan.Zero);

    private static ScheduledTask Daily(DateTimeOffset? endAt)
    {
        var schedule = ScheduleParser.Parse("every day at 9am", new ScheduleParseOptions { TimeZone = "Europe/Berlin", Now = Now });
        return new ScheduledTask
        {
            Id = "t1", Name = "n", Task = new NotificationTask("hi"), Spec = "every day at 9am", Schedule = schedule,
            Status = ScheduleStatus.Scheduled, CreatedAt = Now, NextRunAt = schedule.NextInZone(1, Now)[0],
            Options = new ScheduleOptions { EndAt = endAt },
        };
    }

    [Fact]
    public void No_occurrence_after_the_task_s_end_is_listed_and_one_at_the_end_instant_is()
    {
        // Dec 31 09:00 in Berlin is 08:00 UTC: the last one to fire.
        var upcoming = SchedulerClient.Upcoming(Daily(new DateTimeOffset(2026, 12, 31, 8, 0, 0, TimeSpan.Zero)), 40, Now);

        Assert.Equal(27, upcoming.Count);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 9, 0, 0, TimeSpan.FromHours(1)), upcoming[^1]);
    }

    [Fact]
    public void Without_an_end_the_count_asked_for_is_listed() =>
        Assert.Equal(40, SchedulerClient.Upcoming(Daily(null), 40, Now).Count);

    [Theory]
    [InlineData(5, 0, 5)]
    [InlineData(5, 3, 2)]
    [InlineData(5, 5, 0)]
    [InlineData(5, 7, 0)]
    [InlineData(100, 3, 40)]
    public void No_more_are_listed_than_the_runs_max_runs_leaves_after_those_fired(int maxRuns, long fired, int listed)
    {
        var task = Daily(null) with { FireCount = fired };
        task = task with { Options = task.Options with { MaxRuns = maxRuns } };

        var upcoming = SchedulerClient.Upcoming(task, 40, Now);

        Assert.Equal(listed, upcoming.Count);
        if (listed > 0) Assert.Equal(task.NextRunAt, upcoming[0]);
    }
}
