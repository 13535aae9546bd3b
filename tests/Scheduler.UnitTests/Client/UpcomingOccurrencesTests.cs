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

    [Fact]
    public void A_first_run_anchored_off_the_cron_s_own_times_is_listed_first_then_the_cron_s_occurrences()
    {
        // IntervalSchedule { Cron = "0 3 * * MON", NextExecution = Monday 05:00 } (or --start-at): Beat fires 05:00 first.
        var schedule = ScheduleParser.Parse("cron:0 3 * * MON", new ScheduleParseOptions { TimeZone = "Europe/Berlin", Now = Now });
        var firstRun = new DateTimeOffset(2026, 12, 7, 4, 0, 0, TimeSpan.Zero);
        var task = Daily(null) with { Spec = "cron:0 3 * * MON", Schedule = schedule, NextRunAt = firstRun };

        var upcoming = SchedulerClient.Upcoming(task, 3, Now);

        Assert.Equal(
            [
                new DateTimeOffset(2026, 12, 7, 5, 0, 0, TimeSpan.FromHours(1)),
                new DateTimeOffset(2026, 12, 14, 3, 0, 0, TimeSpan.FromHours(1)),
                new DateTimeOffset(2026, 12, 21, 3, 0, 0, TimeSpan.FromHours(1)),
            ],
            upcoming);
    }

    [Fact]
    public void A_next_run_moved_by_jitter_is_listed_as_held_and_the_occurrences_after_it_follow()
    {
        var task = Daily(null);
        task = task with { NextRunAt = task.NextRunAt!.Value.AddSeconds(20) };

        var upcoming = SchedulerClient.Upcoming(task, 2, Now);

        Assert.Equal([task.NextRunAt.Value, new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.FromHours(1))], upcoming);
    }
}
