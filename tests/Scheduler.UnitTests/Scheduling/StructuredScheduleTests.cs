using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>The seed API's structured fields map onto the same schedule model.</summary>
public sealed class StructuredScheduleTests
{
    [Theory]
    [InlineData(0, "2026-03-07T12:00:00Z")]
    [InlineData(30, "2026-03-07T12:00:30Z")]
    [InlineData(1.5, "2026-03-07T12:00:01.5Z")]
    [InlineData(86400, "2026-03-08T12:00:00Z")]
    public void From_delay_is_once_that_many_seconds_after_now(double seconds, string expected)
    {
        var parsed = StructuredSchedule.FromDelay(seconds, Options());
        Assert.Equal(ScheduleKind.Once, parsed.Kind);
        Assert.Equal(Instant(expected), parsed.Anchor);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e300)]
    public void From_delay_rejects_impossible_delays(double seconds)
    {
        Assert.Throws<ScheduleSpecException>(() => StructuredSchedule.FromDelay(seconds, Options()));
    }

    [Fact]
    public void From_interval_is_an_exact_interval()
    {
        var parsed = StructuredSchedule.FromInterval(TimeSpan.FromMinutes(90), Options());
        Assert.Equal(ScheduleKind.Interval, parsed.Kind);
        Assert.Equal("PT1H30M", parsed.Canonical);
        Assert.Equal(Now.AddMinutes(90), parsed.Anchor);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-10_000_000L)]
    [InlineData(5_000L)]
    [InlineData(long.MaxValue)]
    public void From_interval_rejects_out_of_range_periods(long ticks)
    {
        Assert.Throws<ScheduleSpecException>(() => StructuredSchedule.FromInterval(TimeSpan.FromTicks(ticks), Options()));
    }

    [Theory]
    [InlineData("seconds", "45", "PT45S")]
    [InlineData("minutes", "5", "PT5M")]
    [InlineData("Minutes", "1.5", "PT1M30S")]
    [InlineData("hours", "2", "PT2H")]
    [InlineData("days", "1", "P1D")]
    [InlineData("weeks", "2", "P14D")]
    public void From_interval_type_with_fixed_units_is_an_interval(string type, string value, string canonical)
    {
        var parsed = StructuredSchedule.FromIntervalType(type, value, Options());
        Assert.Equal(ScheduleKind.Interval, parsed.Kind);
        Assert.Equal(canonical, parsed.Canonical);
    }

    [Theory]
    [InlineData("months", "1", "UTC", "0 12 7 * *", "2026-04-07T12:00:00Z", "2026-05-07T12:00:00Z")]
    [InlineData("months", "3", "UTC", "0 12 7 3,6,9,12 *", "2026-06-07T12:00:00Z", "2026-09-07T12:00:00Z")]
    [InlineData("months", "1", "Europe/Berlin", "0 13 7 * *", "2026-04-07T11:00:00Z", "2026-05-07T11:00:00Z")]
    [InlineData("cron", "*/5 * * * *", "UTC", "*/5 * * * *", "2026-03-07T12:05:00Z", "2026-03-07T12:10:00Z")]
    [InlineData("CRON", "0 9 * * mon-fri", "UTC", "0 9 * * MON-FRI", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z")]
    public void From_interval_type_months_and_cron_are_cron(string type, string value, string zone, string canonical, params string[] next)
    {
        var parsed = StructuredSchedule.FromIntervalType(type, value, Options(zone));
        Assert.Equal(ScheduleKind.Cron, parsed.Kind);
        Assert.Equal(canonical, parsed.Canonical);
        Occurrences(parsed, next);
    }

    [Theory]
    [InlineData("fortnights", "1", "fortnights")]
    [InlineData("minutes", "abc", "abc")]
    [InlineData("minutes", "-5", "-5")]
    [InlineData("minutes", "0", "\"0\"")]
    [InlineData("months", "5", "1, 2, 3, 4, 6 or 12")]
    [InlineData("months", "1.5", "1, 2, 3, 4, 6 or 12")]
    [InlineData("cron", "not a cron", "fields")]
    [InlineData("weeks", "1000000", "100 years")]
    public void From_interval_type_rejects_bad_values(string type, string value, string expected)
    {
        var error = Assert.Throws<ScheduleSpecException>(() => StructuredSchedule.FromIntervalType(type, value, Options()));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void From_next_execution_is_once_and_rejects_the_past()
    {
        var at = Now.AddHours(3).ToOffset(TimeSpan.FromHours(2));
        var parsed = StructuredSchedule.FromNextExecution(at, Options());
        Assert.Equal(ScheduleKind.Once, parsed.Kind);
        Assert.Equal(Now.AddHours(3), parsed.Anchor);
        Assert.Equal("2026-03-07T15:00:00.0000000+00:00", parsed.Canonical);
        Assert.Throws<ScheduleSpecException>(() => StructuredSchedule.FromNextExecution(Now.AddHours(-1), Options()));
        Assert.Equal(Now.AddHours(-1), StructuredSchedule.FromNextExecution(Now.AddHours(-1), Options(allowPast: true)).Anchor);
    }
}
