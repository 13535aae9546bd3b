using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// "every hour on the hour", "every hour at :30": a minute of every hour on the clock, the cron that says it, where
/// "every hour" alone counts an exact hour from now. Now is Saturday 2026-03-07 12:00 UTC.
/// </summary>
public sealed class HourlyOnTheClockSpecTests
{
    [Theory]
    [InlineData("every hour on the hour", "hourly")]
    [InlineData("hourly on the hour", "hourly")]
    [InlineData("every hour at :30", "cron:30 * * * *")]
    [InlineData("every hour at half past", "cron:30 * * * *")]
    [InlineData("every hour at half past the hour", "cron:30 * * * *")]
    [InlineData("every hour on the half hour", "cron:30 * * * *")]
    [InlineData("every hour at quarter past", "cron:15 * * * *")]
    [InlineData("every hour at quarter to", "cron:45 * * * *")]
    [InlineData("every hour at 20 past", "cron:20 * * * *")]
    [InlineData("every hour on the hour from 9am to 5pm", "hourly between 9:00 and 17:00")]
    [InlineData("every hour on the hour on weekdays", "hourly on weekdays")]
    [InlineData("every hour at :30 from 9am to 5pm", "cron:30 9-16 * * *")]
    [InlineData("every hour at :30 on weekdays", "cron:30 * * * 1-5")]
    public void A_minute_of_every_hour_is_the_schedule_of_the_equivalent_form(string spec, string equivalent)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        var expected = ScheduleParser.Parse(equivalent, Options());
        Assert.Equal(ScheduleKind.Cron, parsed.Kind);
        Assert.Equal(expected.Canonical, parsed.Canonical);
    }

    [Theory]
    [InlineData("every hour on the hour")]
    [InlineData("every hour on the hour until oct 26")]
    [InlineData("every hour on the hour 4 times")]
    public void A_minute_of_every_hour_bounded_or_not_runs_the_hour_a_fall_back_repeats_twice(string spec)
    {
        // 01:30 CEST on 2026-10-25; at 03:00 CEST the clocks go back to 02:00 CET, so 02:00 comes twice, an hour apart.
        var now = Instant("2026-10-24T23:30:00Z");
        var parsed = ScheduleParser.Parse(spec, Options("Europe/Berlin", now: now));
        Occurrences(parsed, ["2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z", "2026-10-25T03:00:00Z"], now);
    }

    [Fact]
    public void A_bounded_minute_of_every_hour_in_a_half_hour_zone_keeps_the_local_minute()
    {
        // Kolkata is UTC+05:30: local :15 and :45 are UTC :45 and :15.
        var now = Instant("2026-03-07T12:00:00Z");
        var parsed = ScheduleParser.Parse("every hour at :15 and :45 3 times", Options("Asia/Kolkata", now: now));
        Occurrences(parsed, ["2026-03-07T12:15:00Z", "2026-03-07T12:45:00Z", "2026-03-07T13:15:00Z"], now);
        Assert.Null(parsed.NextAfter(Instant("2026-03-07T13:15:00Z")));
    }

    [Fact]
    public void Every_hour_on_the_hour_runs_at_minute_0_not_an_hour_from_now()
    {
        var now = Instant("2026-03-07T12:20:00Z");
        var parsed = ScheduleParser.Parse("every hour on the hour", Options(now: now));
        Occurrences(parsed, ["2026-03-07T13:00:00Z", "2026-03-07T14:00:00Z"], now);
        Assert.Equal(ScheduleKind.Interval, ScheduleParser.Parse("every hour", Options(now: now)).Kind);
    }

    [Fact]
    public void Every_hour_on_the_hour_in_berlin_runs_in_both_offsets_of_the_repeated_hour()
    {
        // 2026-10-25 03:00 CEST falls back to 02:00 CET: 02:00 local happens twice, as "hourly" runs it.
        var now = Instant("2026-10-24T23:30:00Z");
        var parsed = ScheduleParser.Parse("every hour on the hour", Options("Europe/Berlin", now));
        Assert.Equal(ScheduleParser.Parse("hourly", Options("Europe/Berlin", now)).Canonical, parsed.Canonical);
        Occurrences(parsed, ["2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z"], now);
    }

    [Theory]
    [InlineData("every 2 hours on the hour", "\"every 2 hours from 0:00 to 22:00\"")]
    [InlineData("every 2 hours at :30", "\"every 2 hours from 0:30 to 22:30\"")]
    [InlineData("every 30 minutes on the hour", "\"every hour on the hour\"")]
    [InlineData("every day on the hour", "goes with an hourly step")]
    [InlineData("every hour at :75", "0-59")]
    [InlineData("every hour at 9am", "cron")]
    [InlineData("on the hour", "\"every hour on the hour\"")]
    [InlineData("on the half hour", "\"every hour on the half hour\"")]
    public void A_minute_of_the_hour_without_an_hourly_step_is_refused_with_what_to_write(string spec, string expected)
    {
        Assert.Contains(expected, Rejects(spec).Message);
    }

    [Theory]
    [InlineData("every half-hour from 9am to 5pm", "every 30 minutes from 9am to 5pm")]
    [InlineData("every quarter hour between 9 and 17", "every 15 minutes between 9 and 17")]
    public void A_quarter_or_half_hour_in_a_window_is_the_step_in_minutes(string spec, string equivalent)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        var expected = ScheduleParser.Parse(equivalent, Options());
        Assert.Equal(expected.Kind, parsed.Kind);
        Assert.Equal(expected.Canonical, parsed.Canonical);
        Assert.Equal(expected.Next(5, Now), parsed.Next(5, Now));
    }
}
