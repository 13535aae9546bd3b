using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// Phrasings that used to be refused (issue #23's leftovers): a bare minute after an hourly step, a start and an end
/// of the day as a window, and the days after a step said with "every". Each is pinned to its occurrences across DST in Europe/Berlin and America/New_York.
/// </summary>
public sealed class LeftoverPhrasingSpecTests
{
    [Theory]
    [InlineData("hourly at 15")]
    [InlineData("every hour at 15")]
    [InlineData("hourly at :15")]
    [InlineData("every hour at 15 past")]
    public void A_bare_minute_after_an_hourly_step_is_that_minute_of_every_hour(string spec)
    {
        var parsed = ScheduleParser.Parse(spec, Options("Europe/Berlin"));
        Assert.Equal("15 * * * *", parsed.Canonical);
        Assert.Equal("every hour at minute 15 (Europe/Berlin)", parsed.Description);
    }

    [Fact]
    public void Hourly_at_a_minute_runs_each_real_hour_across_both_clock_changes()
    {
        // Berlin 2026-03-29 skips 02:00-03:00: 01:15 CET; the skipped 02:15 runs at the first instant after the gap,
        // 03:00 CEST, as every cron's gap time does (and as "hourly at :15" always has); then 03:15 CEST.
        var now = Instant("2026-03-28T23:30:00Z");
        Occurrences(ScheduleParser.Parse("hourly at 15", Options("Europe/Berlin", now)),
            ["2026-03-29T00:15:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:15:00Z"], after: now);
        // New York 2026-11-01 repeats 01:00-02:00: 01:15 runs in both offsets (EDT 05:15Z, EST 06:15Z), as cron's hours do.
        now = Instant("2026-11-01T04:00:00Z");
        Occurrences(ScheduleParser.Parse("every hour at 15", Options("America/New_York", now)),
            ["2026-11-01T04:15:00Z", "2026-11-01T05:15:00Z", "2026-11-01T06:15:00Z", "2026-11-01T07:15:00Z"], after: now);
    }

    [Theory]
    [InlineData("every hour at 75", "invalid minute of the hour \"75\"")]
    [InlineData("every hour at 15 and 45", "\"every hour at :15 and :45\"")]
    [InlineData("every hour at 9 am", "cron")]
    public void A_bare_number_that_is_no_single_minute_is_still_refused(string spec, string expected)
    {
        Assert.Contains(expected, Rejects(spec).Message);
    }

    [Fact]
    public void A_bare_number_after_a_daily_step_stays_a_time_of_day()
    {
        Assert.Equal("0 15 * * *", ScheduleParser.Parse("every day at 15", Options()).Canonical);
    }

    [Theory]
    [InlineData("every 2 hours starting at 08:00 ending at 18:00", "every 2 hours from 8am to 6pm")]
    [InlineData("every 2 hours starting at 8am until 6pm", "every 2 hours from 8am to 6pm")]
    [InlineData("every 2 hours from 8am ending at 6pm", "every 2 hours from 8am to 6pm")]
    [InlineData("every 15 minutes from 9am until 5pm", "every 15 minutes from 9am to 5pm")]
    [InlineData("every 15 minutes starting at 9am ending at 5pm on weekdays", "every 15 minutes from 9am to 5pm on weekdays")]
    public void A_start_and_an_end_of_the_day_are_the_window_between_them(string spec, string window)
    {
        var parsed = ScheduleParser.Parse(spec, Options("Europe/Berlin"));
        var plain = ScheduleParser.Parse(window, Options("Europe/Berlin"));
        Assert.Equal(plain.Canonical, parsed.Canonical);
        Assert.Equal(plain.Description, parsed.Description);
    }

    [Fact]
    public void A_window_from_start_to_end_includes_the_end_on_the_grid_across_spring_forward()
    {
        // New York 2026-03-08 springs forward at 02:00: 08:00 EDT is 12:00Z, 18:00 EDT (the end, included) 22:00Z.
        var now = Instant("2026-03-08T04:00:00Z");
        var parsed = ScheduleParser.Parse("every 2 hours starting at 08:00 ending at 18:00", Options("America/New_York", now));
        Assert.Equal("0 8-18/2 * * *", parsed.Canonical);
        Occurrences(parsed, ["2026-03-08T12:00:00Z", "2026-03-08T14:00:00Z", "2026-03-08T16:00:00Z", "2026-03-08T18:00:00Z",
            "2026-03-08T20:00:00Z", "2026-03-08T22:00:00Z", "2026-03-09T12:00:00Z"], after: now);
        // Berlin 2026-03-29: the last run of the day, 17:00 CEST, is 15:00Z.
        now = Instant("2026-03-28T20:00:00Z");
        Occurrences(ScheduleParser.Parse("every 15 minutes from 9am until 5pm", Options("Europe/Berlin", now)),
            ["2026-03-29T07:00:00Z", "2026-03-29T07:15:00Z"], after: now);
        Occurrences(ScheduleParser.Parse("every 15 minutes from 9am until 5pm", Options("Europe/Berlin", now)),
            ["2026-03-29T15:00:00Z", "2026-03-30T07:00:00Z"], after: Instant("2026-03-29T14:50:00Z"));
    }

    [Fact]
    public void A_start_time_with_an_end_date_is_still_a_start_and_an_end()
    {
        var parsed = ScheduleParser.Parse("every 2 hours starting at 8am until friday", Options("Europe/Berlin"));
        Assert.Contains("UNTIL=20260313T225959Z", parsed.Canonical);
        Assert.Contains("BYHOUR=0,2,4,6,8,10,12,14,16,18,20,22", parsed.Canonical);
    }

    [Fact]
    public void An_end_time_without_a_start_is_refused_with_both_readings_to_write()
    {
        // "until 5pm" alone: 17:00 today, or 17:00 each day? Both forms are named, and both read.
        var e = Rejects("every 15 minutes until 5pm");
        Assert.Contains("stop at 17:00 each day", e.Message);
        Assert.Contains("stop at 17:00 today only", e.Message);
        Assert.Contains("\"every 15 minutes from 9am to 5pm\"", e.Message);
        Assert.Contains("\"every 15 minutes from 9am to 5pm until today\"", e.Message);
        Assert.Contains("UNTIL=", ScheduleParser.Parse("every 15 minutes from 9am to 5pm until today", Options("Europe/Berlin", Instant("2026-03-07T06:00:00Z"))).Canonical);
    }

    [Fact]
    public void An_end_that_is_no_time_after_ending_is_refused_with_the_form()
    {
        Assert.Contains("\"every 2 hours starting at 8am ending at 6pm\"", Rejects("every 2 hours starting at 8am ending at friday").Message);
    }

    [Theory]
    [InlineData("every 4 hours starting at 2am every weekday", "every 4 hours starting at 2am on weekdays")]
    [InlineData("every 15 minutes from 9am to 5pm every weekday", "every 15 minutes from 9am to 5pm on weekdays")]
    [InlineData("every hour at 15 every weekday", "every hour at 15 on weekdays")]
    [InlineData("every 2 hours from 8am to 6pm each monday", "every 2 hours from 8am to 6pm on mondays")]
    public void Days_after_a_step_said_with_every_are_the_days_it_runs_on(string spec, string onDays)
    {
        var parsed = ScheduleParser.Parse(spec, Options("America/New_York"));
        Assert.Equal(ScheduleParser.Parse(onDays, Options("America/New_York")).Canonical, parsed.Canonical);
    }

    [Fact]
    public void A_grid_every_weekday_keeps_its_wall_clock_times_across_fall_back()
    {
        // Friday 2026-10-30 is EDT (02:00 is 06:00Z); Monday 2026-11-02 is EST (02:00 is 07:00Z); no runs at the weekend.
        var now = Instant("2026-10-30T20:00:00Z");
        Occurrences(ScheduleParser.Parse("every 4 hours starting at 2am every weekday", Options("America/New_York", now)),
            ["2026-10-30T22:00:00Z", "2026-10-31T02:00:00Z", "2026-11-02T07:00:00Z", "2026-11-02T11:00:00Z"], after: now);
    }
}
