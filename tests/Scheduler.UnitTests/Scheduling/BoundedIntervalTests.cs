using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// Exact intervals with a bound ("10 times", "until dec 31") compile to a UTC rule; its DTSTART is whole seconds, so
/// it is rounded up, never down before the first run; the StartAt option moves it as for ISO repetitions; steps the
/// rule cannot say (fractions of a second) are refused. Now is Saturday 2026-03-07 12:00 UTC.
/// </summary>
public sealed class BoundedIntervalTests
{
    [Fact]
    public void Starting_now_with_a_fractional_now_keeps_all_runs_and_the_first_at_once()
    {
        var now = Now.AddMilliseconds(500);
        var parsed = ScheduleParser.Parse("every 5 minutes 10 times starting now", Options(now: now));
        var runs = parsed.Next(11, now).ToList();
        Assert.Equal(10, runs.Count);
        Assert.Equal(Instant("2026-03-07T12:00:01Z"), runs[0]);
        Assert.Equal(Instant("2026-03-07T12:45:01Z"), runs[^1]);
    }

    [Fact]
    public void Without_a_start_the_first_run_is_not_before_one_period_after_now()
    {
        var now = Now.AddMilliseconds(500);
        var runs = ScheduleParser.Parse("every 5 minutes 10 times", Options(now: now)).Next(11, now).ToList();
        Assert.Equal(10, runs.Count);
        Assert.True(runs[0] >= now.AddMinutes(5));
    }

    [Theory]
    [InlineData("every 5 minutes 10 times", "2026-03-07T13:00:00Z", "2026-03-07T13:45:00Z", 10)]
    [InlineData("every hour until mar 8", "2026-03-07T13:00:00Z", "2026-03-08T23:00:00Z", 35)]
    public void The_start_option_moves_the_first_run_of_a_bounded_interval(string spec, string first, string last, int count)
    {
        var options = Options() with { StartAt = Instant("2026-03-07T13:00:00Z") };
        var runs = ScheduleParser.Parse(spec, options).Next(count + 1, Now).ToList();
        Assert.Equal(count, runs.Count);
        Assert.Equal(Instant(first), runs[0]);
        Assert.Equal(Instant(last), runs[^1]);
    }

    [Theory]
    [InlineData("every pt0.5s 10 times")]
    [InlineData("every pt1.5s 10 times")]
    [InlineData("every pt1.5s until dec 31")]
    public void A_bounded_interval_of_fractional_seconds_is_refused(string spec)
    {
        var e = Rejects(spec);
        Assert.Contains("whole seconds", e.Message);
        Assert.Contains("every 2 seconds 10 times", e.Message);
    }

    [Fact]
    public void An_unbounded_fractional_interval_is_still_accepted()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1500), ScheduleParser.Parse("every pt1.5s", Options()).Interval);
    }
}
