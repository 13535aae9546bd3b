using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// "every 4 hours starting at 2am" said at 07:00: a time of day without a date after a step shorter than a day is the
/// phase of the step's grid (02:00, 06:00, 10:00, …), and the first run is the grid's first time at or after both now
/// and today's 02:00: 10:00 today, never tomorrow's 02:00 and never before now. A start that names a day stays a start.
/// Now is 07:00 on Saturday 2026-03-07 (UTC) unless a test says otherwise.
/// </summary>
public sealed class PhaseStartSpecTests
{
    private static readonly DateTimeOffset Seven = Instant("2026-03-07T07:00:00Z");

    [Fact]
    public void A_grid_whose_start_time_has_passed_today_runs_from_its_next_time_today()
    {
        var parsed = ScheduleParser.Parse("every 4 hours starting at 2am", Options(now: Seven));
        Assert.Equal(Instant("2026-03-07T10:00:00Z"), parsed.NextFrom(Seven));
        Occurrences(parsed, ["2026-03-07T10:00:00Z", "2026-03-07T14:00:00Z", "2026-03-07T18:00:00Z", "2026-03-07T22:00:00Z", "2026-03-08T02:00:00Z", "2026-03-08T06:00:00Z"], Seven);
        Assert.Equal("every 4 hours at 02:00, 06:00, 10:00, 14:00, 18:00 and 22:00, from 2026-03-07 10:00 (UTC)", parsed.Description);
    }

    [Fact]
    public void A_grid_whose_start_time_is_still_to_come_today_starts_at_it()
    {
        var parsed = ScheduleParser.Parse("every 4 hours starting at 2pm", Options(now: Seven));
        Assert.Equal(Instant("2026-03-07T14:00:00Z"), parsed.NextFrom(Seven));
        Assert.Equal("every 4 hours at 02:00, 06:00, 10:00, 14:00, 18:00 and 22:00, from 2026-03-07 14:00 (UTC)", parsed.Description);
    }

    [Fact]
    public void A_step_that_does_not_divide_a_day_is_counted_from_today_s_start_time_across_days()
    {
        // 02:00, 07:00, 12:00, 17:00, 22:00, then 03:00 the next day: exact 5 hours from today's 02:00; 07:00 is now.
        var parsed = ScheduleParser.Parse("every 5 hours starting at 2am", Options(now: Seven));
        Assert.Equal(ScheduleKind.Interval, parsed.Kind);
        Assert.Equal(Seven, parsed.Anchor);
        Occurrences(parsed, ["2026-03-07T12:00:00Z", "2026-03-07T17:00:00Z", "2026-03-07T22:00:00Z", "2026-03-08T03:00:00Z"], Seven);
        Assert.Equal("every 5 hours counted from 2026-03-07 02:00, starting 2026-03-07 07:00 (UTC)", parsed.Description);
        var later = Instant("2026-03-07T07:30:00Z");
        Assert.Equal(Instant("2026-03-07T12:00:00Z"), ScheduleParser.Parse("every 5 hours starting at 2am", Options(now: later)).Anchor);
    }

    [Fact]
    public void A_bounded_step_counted_from_a_past_start_time_says_its_first_run()
    {
        var parsed = ScheduleParser.Parse("every 5 hours starting at 2am 3 times", Options(now: Instant("2026-03-07T07:30:00Z")));
        Assert.Equal("DTSTART:20260307T120000Z RRULE:FREQ=HOURLY;INTERVAL=5;COUNT=3", parsed.Canonical);
        Assert.Equal("every 5 hours, from 2026-03-07 12:00, 3 times (UTC)", parsed.Description);
    }

    [Fact]
    public void A_step_of_a_day_or_more_runs_first_at_the_next_such_wall_time()
    {
        // 36 hours has no phase within a day: "starting at 8am" is its first run's time, tomorrow's 08:00 at 07:00+.
        var parsed = ScheduleParser.Parse("every 36 hours starting at 8am", Options(now: Instant("2026-03-07T09:00:00Z")));
        Assert.Equal(Instant("2026-03-08T08:00:00Z"), parsed.Anchor);
    }

    [Theory]
    [InlineData("every 4 hours starting tomorrow at 2am", "2026-03-08T02:00:00Z")]
    [InlineData("every 4 hours starting dec 1 at 9am", "2026-12-01T09:00:00Z")]
    [InlineData("every 4 hours starting now", "2026-03-07T07:00:00Z")]
    [InlineData("every 5 hours starting tomorrow at 2am", "2026-03-08T02:00:00Z")]
    public void A_start_that_names_a_day_stays_the_first_run(string spec, string first)
    {
        var parsed = ScheduleParser.Parse(spec, Options(now: Seven));
        Assert.Equal(ScheduleKind.Interval, parsed.Kind);
        Assert.Equal(Instant(first), parsed.Anchor);
    }

    [Theory]
    // Berlin springs forward on 2026-03-29 (02:00 CET → 03:00 CEST) and falls back on 2026-10-25 (03:00 CEST → 02:00
    // CET). Said at 07:00 local on those days and the day before, the grid keeps its wall times from 10:00 on, and the
    // repeated 02:00 runs once.
    [InlineData("2026-03-29T05:00:00Z", "2026-03-29T08:00:00Z", "2026-03-29T12:00:00Z", "2026-03-29T16:00:00Z", "2026-03-29T20:00:00Z", "2026-03-30T00:00:00Z")]
    [InlineData("2026-03-28T06:00:00Z", "2026-03-28T09:00:00Z", "2026-03-28T13:00:00Z", "2026-03-28T17:00:00Z", "2026-03-28T21:00:00Z", "2026-03-29T01:00:00Z", "2026-03-29T04:00:00Z")]
    [InlineData("2026-10-25T06:00:00Z", "2026-10-25T09:00:00Z", "2026-10-25T13:00:00Z", "2026-10-25T17:00:00Z", "2026-10-25T21:00:00Z", "2026-10-26T01:00:00Z")]
    [InlineData("2026-10-24T05:00:00Z", "2026-10-24T08:00:00Z", "2026-10-24T12:00:00Z", "2026-10-24T16:00:00Z", "2026-10-24T20:00:00Z", "2026-10-25T00:00:00Z", "2026-10-25T05:00:00Z")]
    public void A_past_start_time_in_berlin_runs_the_wall_clock_grid_across_both_dst_changes(string now, params string[] next)
    {
        Occurrences(ScheduleParser.Parse("every 4 hours starting at 2am", Options("Europe/Berlin", Instant(now))), next, Instant(now).AddTicks(-1));
    }

    [Theory]
    [InlineData("every 4 hours starting at 2am", "02:00", 4)]
    [InlineData("every 4 hours starting at 2:30", "02:30", 4)]
    [InlineData("every 90 minutes starting at 8am", "08:00", 1.5)]
    [InlineData("every 5 hours starting at 2am", "02:00", 5)]
    [InlineData("every 15 minutes starting at 9:07", "09:07", 0.25)]
    [InlineData("every hour starting at 2:30", "02:30", 1)]
    public void The_first_run_of_a_phase_is_never_before_now_and_at_most_a_step_after_today_s_start_or_now(string spec, string named, double hours)
    {
        var time = TimeOnly.Parse(named, System.Globalization.CultureInfo.InvariantCulture);
        // Every 20 minutes through the two days around each Berlin change, and around New York's spring-forward.
        foreach (var (zone, from) in new[] { ("Europe/Berlin", "2026-03-28T00:10:00Z"), ("Europe/Berlin", "2026-10-24T00:10:00Z"), ("America/New_York", "2026-03-07T05:10:00Z") })
            for (var now = Instant(from); now < Instant(from).AddDays(2); now = now.AddMinutes(20))
            {
                var first = ScheduleParser.Parse(spec, Options(zone, now)).NextFrom(now);
                Assert.NotNull(first);
                Assert.True(first >= now, $"{spec} at {now:O} in {zone}: first run {first:O} is before now");
                // Today's start still to come is the first run; else the next step. An hour of slack for a DST change
                // (and for the second pass of a repeated hour, whose time named has already run in the first).
                var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime);
                var step = TimeSpan.FromHours(hours);
                var latest = now + (local < time && time - local > step ? time - local : step) + TimeSpan.FromHours(1);
                Assert.True(first <= latest, $"{spec} at {now:O} in {zone}: first run {first:O} is after {latest:O}");
            }
    }

    [Fact]
    public void A_cron_grid_off_midnight_says_its_times()
    {
        Assert.Equal("every 2 hours at 00:30, 02:30, …, 22:30 (UTC)", ScheduleParser.Parse("cron:30 */2 * * *", Options()).Description);
        Assert.Equal("every 2 hours at 01:00, 03:00, …, 23:00 (UTC)", ScheduleParser.Parse("cron:0 1/2 * * *", Options()).Description);
        Assert.Equal("every 2 hours (UTC)", ScheduleParser.Parse("cron:0 */2 * * *", Options()).Description);
    }
}
