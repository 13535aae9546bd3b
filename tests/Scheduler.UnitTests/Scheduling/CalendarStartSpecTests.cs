using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// "every weekday at 9am starting tomorrow", "every other tuesday starting next tuesday": a day to start on after a
/// calendar schedule is the first occurrence at or after it, and fixes the phase of "every other". Now is Saturday
/// 2026-03-07 12:00 UTC.
/// </summary>
public sealed class CalendarStartSpecTests
{
    [Fact]
    public void A_calendar_schedule_starting_on_a_later_day_first_runs_then()
    {
        var parsed = ScheduleParser.Parse("every day at 9am starting next monday", Options());
        Assert.Equal(ScheduleKind.Rule, parsed.Kind);
        Occurrences(parsed, ["2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z"]);
        Assert.Contains("from 2026-03-09 09:00", parsed.Description);
    }

    [Fact]
    public void The_time_after_a_start_day_is_the_run_time_of_a_calendar_schedule()
    {
        var parsed = ScheduleParser.Parse("every day starting tomorrow at 9am", Options());
        var same = ScheduleParser.Parse("every day at 9am starting tomorrow", Options());
        Assert.Equal(same.Canonical, parsed.Canonical);
        Occurrences(parsed, ["2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z"]);
    }

    [Theory]
    [InlineData("every day starting 2026-03-10T09:00", "every day starting mar 10 at 9am")]
    [InlineData("every weekday starting 2026-03-10T09:30", "every weekday at 9:30 starting mar 10")]
    [InlineData("every other day starting 2026-03-10T18:00", "every other day at 6pm starting mar 10")]
    [InlineData("every week starting 2026-03-10T09:00", "every week at 9am starting mar 10")]
    public void A_calendar_schedule_without_a_time_runs_at_the_time_of_its_iso_start_from_that_day(string spec, string same)
    {
        var parsed = ScheduleParser.Parse(spec, Options("Europe/Berlin"));
        Assert.Equal(ScheduleParser.Parse(same, Options("Europe/Berlin")).Canonical, parsed.Canonical);
    }

    [Fact]
    public void An_iso_start_with_an_offset_gives_its_time_in_the_zone_and_one_with_a_time_of_its_own_stays_a_bound()
    {
        Occurrences(ScheduleParser.Parse("every day starting 2026-03-10T09:00Z", Options("Europe/Berlin")), ["2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z"]);
        // 08:00 on the 10th is before the start, so the first run is the 11th's.
        Occurrences(ScheduleParser.Parse("every day at 8am starting 2026-03-10T09:00", Options()), ["2026-03-11T08:00:00Z"]);
    }

    [Fact]
    public void A_past_start_day_fixes_the_phase_of_every_other_week()
    {
        // 2026-01-06 is a Tuesday: every other Tuesday from it is Mar 17 and Mar 31, not the coming Mar 10.
        var parsed = ScheduleParser.Parse("every other tuesday at 9am starting 2026-01-06", Options());
        Occurrences(parsed, ["2026-03-17T09:00:00Z", "2026-03-31T09:00:00Z"]);
    }

    [Fact]
    public void A_start_on_a_named_weekday_is_the_coming_one_and_next_is_the_one_after_today()
    {
        Occurrences(ScheduleParser.Parse("every monday at 9am starting monday", Options()), ["2026-03-09T09:00:00Z"]);
        Occurrences(ScheduleParser.Parse("every weekday at 9am starting next saturday", Options()), ["2026-03-16T09:00:00Z"]);
        Occurrences(ScheduleParser.Parse("every monday at 9am starting dec 1", Options()), ["2026-12-07T09:00:00Z"]);
    }

    [Fact]
    public void A_start_already_past_leaves_a_schedule_in_cron()
    {
        Assert.Equal("0 9 * * 1-5", ScheduleParser.Parse("every weekday at 9am starting 2026-01-01", Options()).Canonical);
    }

    [Fact]
    public void An_exact_interval_may_start_on_a_named_weekday()
    {
        var parsed = ScheduleParser.Parse("every 2 hours starting next monday at 8am", Options());
        Assert.Equal(ScheduleKind.Interval, parsed.Kind);
        Assert.Equal(Instant("2026-03-09T08:00:00Z"), parsed.Anchor);
    }

    [Fact]
    public void A_window_may_start_on_a_later_day()
    {
        Occurrences(ScheduleParser.Parse("every 15 minutes from 9 to 17 starting tomorrow", Options()),
            ["2026-03-08T09:00:00Z", "2026-03-08T09:15:00Z"]);
    }

    [Fact]
    public void A_start_in_dst_zone_keeps_the_wall_clock_time()
    {
        // Berlin moves to CEST on 2026-03-29: 09:00 local is 08:00Z before and 07:00Z after.
        var parsed = ScheduleParser.Parse("every day at 9am starting mar 28", Options("Europe/Berlin"));
        Occurrences(parsed, ["2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z"]);
    }
}
