using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// Week-based schedules that name no weekday run on the weekday of their first occurrence, not on cron's default
/// Sunday; bounded "every day"/"every other week" keep the phase of the unbounded exact intervals. Now is Wednesday
/// 2026-03-11 12:00 UTC.
/// </summary>
public sealed class WeekPhaseSpecTests
{
    private static readonly DateTimeOffset Wednesday = new(2026, 3, 11, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("every 7 days at 9am", "2026-03-12T09:00:00Z", "2026-03-19T09:00:00Z", "2026-03-26T09:00:00Z")]
    [InlineData("every 1 week at 9am", "2026-03-12T09:00:00Z", "2026-03-19T09:00:00Z", "2026-03-26T09:00:00Z")]
    [InlineData("every 14 days at 9am", "2026-03-12T09:00:00Z", "2026-03-26T09:00:00Z", "2026-04-09T09:00:00Z")]
    [InlineData("every 2 weeks at 9am", "2026-03-12T09:00:00Z", "2026-03-26T09:00:00Z", "2026-04-09T09:00:00Z")]
    [InlineData("every other week at 9am", "2026-03-12T09:00:00Z", "2026-03-26T09:00:00Z", "2026-04-09T09:00:00Z")]
    [InlineData("every third week at 9am", "2026-03-12T09:00:00Z", "2026-04-02T09:00:00Z", "2026-04-23T09:00:00Z")]
    [InlineData("every 2 weeks at 9am 3 times", "2026-03-12T09:00:00Z", "2026-03-26T09:00:00Z", "2026-04-09T09:00:00Z")]
    public void A_week_step_without_a_weekday_runs_on_the_weekday_of_its_first_occurrence(string spec, params string[] next)
    {
        var parsed = ScheduleParser.Parse(spec, Options(now: Wednesday));
        Occurrences(parsed, next, Wednesday);
    }

    [Fact]
    public void The_weekday_of_the_first_occurrence_is_named_in_the_description()
    {
        var parsed = ScheduleParser.Parse("every 2 weeks at 9am", Options(now: Wednesday));
        Assert.Contains("Thursday", parsed.Description);
    }

    [Theory]
    [InlineData("every day until dec 31", "every day")]
    [InlineData("every other day until dec 31", "every other day")]
    [InlineData("every week 5 times", "every week")]
    [InlineData("every other week until dec 31", "every other week")]
    [InlineData("every 2 weeks until dec 31", "every 2 weeks")]
    public void A_bounded_exact_interval_keeps_the_phase_of_the_unbounded_one(string bounded, string unbounded)
    {
        var options = Options(now: Wednesday);
        var expected = ScheduleParser.Parse(unbounded, options).Next(3, Wednesday);
        Assert.Equal(expected, ScheduleParser.Parse(bounded, options).Next(3, Wednesday));
    }

    [Fact]
    public void Every_week_and_weekly_at_a_time_keep_cron_s_sunday()
    {
        Assert.Equal("0 9 * * 0", ScheduleParser.Parse("every week at 9am", Options(now: Wednesday)).Canonical);
        Assert.Equal("0 9 * * 0", ScheduleParser.Parse("weekly at 9am", Options(now: Wednesday)).Canonical);
    }
}
