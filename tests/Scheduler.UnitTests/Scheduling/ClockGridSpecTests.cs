using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// "every quarter hour", "every half hour" and "hourly" run on the clock's grid (:00 :15 :30 :45, :00 :30, :00), as
/// people mean them, where "every 15 minutes" alone counts from now. Now is 12:07 on Saturday 2026-03-07 (UTC) unless
/// a test says otherwise, so a step counted from now would fall on :22, :37.
/// </summary>
public sealed class ClockGridSpecTests
{
    private static readonly DateTimeOffset SevenPast = Instant("2026-03-07T12:07:00Z");

    [Theory]
    [InlineData("every quarter hour", "*/15 * * * *")]
    [InlineData("every quarter-hour", "*/15 * * * *")]
    [InlineData("every quarter of an hour", "*/15 * * * *")]
    [InlineData("each quarter hour", "*/15 * * * *")]
    [InlineData("every half hour", "0,30 * * * *")]
    [InlineData("every half an hour", "0,30 * * * *")]
    [InlineData("every half-hour", "0,30 * * * *")]
    [InlineData("every:quarter hour", "*/15 * * * *")]
    public void A_quarter_or_half_hour_is_the_clock_grid_in_cron(string spec, string cron)
    {
        var parsed = ScheduleParser.Parse(spec, Options(now: SevenPast));
        Assert.Equal(ScheduleKind.Cron, parsed.Kind);
        Assert.Equal(cron, parsed.Canonical);
    }

    [Fact]
    public void Every_quarter_hour_runs_at_the_next_quarter_of_the_clock_not_15_minutes_from_now()
    {
        Occurrences(ScheduleParser.Parse("every quarter hour", Options(now: SevenPast)),
            ["2026-03-07T12:15:00Z", "2026-03-07T12:30:00Z", "2026-03-07T12:45:00Z", "2026-03-07T13:00:00Z"], SevenPast);
        Occurrences(ScheduleParser.Parse("every half hour", Options(now: SevenPast)),
            ["2026-03-07T12:30:00Z", "2026-03-07T13:00:00Z"], SevenPast);
        // "every 15 minutes" alone still counts from now.
        Occurrences(ScheduleParser.Parse("every 15 minutes", Options(now: SevenPast)), ["2026-03-07T12:22:00Z"], SevenPast);
    }

    [Theory]
    [InlineData("every quarter hour on weekdays", "*/15 * * * 1-5")]
    [InlineData("every half hour from 9am to 5:30pm on weekdays", "0,30 9-17 * * 1-5")]
    [InlineData("every quarter hour in december", "*/15 * * 12 *")]
    [InlineData("every half hour except weekends", "0,30 * * * 1-5")]
    public void A_quarter_or_half_hour_with_days_or_a_window_keeps_its_clauses(string spec, string cron)
    {
        var parsed = ScheduleParser.Parse(spec, Options(now: SevenPast));
        Assert.Equal(cron, parsed.Canonical);
    }

    [Fact]
    public void A_bounded_quarter_hour_counts_its_runs_from_the_next_quarter()
    {
        var parsed = ScheduleParser.Parse("every quarter hour 3 times", Options(now: SevenPast));
        Assert.Equal("DTSTART:20260307T121500Z RRULE:FREQ=MINUTELY;INTERVAL=15;COUNT=3", parsed.Canonical);
        Occurrences(parsed, ["2026-03-07T12:15:00Z", "2026-03-07T12:30:00Z", "2026-03-07T12:45:00Z"], SevenPast);
        Assert.Null(parsed.NextAfter(Instant("2026-03-07T12:45:00Z")));
        Assert.Contains("from 2026-03-07 12:15, 3 times", parsed.Description);
    }

    [Fact]
    public void Hourly_with_a_bound_runs_on_the_hour_as_hourly_alone_does()
    {
        var parsed = ScheduleParser.Parse("hourly until mar 7", Options(now: SevenPast));
        Assert.Equal("DTSTART:20260307T130000Z RRULE:FREQ=HOURLY;UNTIL=20260307T235959Z", parsed.Canonical);
        Occurrences(parsed, ["2026-03-07T13:00:00Z", "2026-03-07T14:00:00Z"], SevenPast);
        Assert.Equal(11, parsed.Next(100, SevenPast).Count);
    }

    [Fact]
    public void A_bounded_clock_step_lands_on_the_local_clock_in_a_half_hour_zone()
    {
        // Kolkata is UTC+05:30: 12:07Z is 17:37 local, so the next hour on the clock is 18:00 local (12:30Z).
        var parsed = ScheduleParser.Parse("hourly 2 times", Options("Asia/Kolkata", SevenPast));
        Occurrences(parsed, ["2026-03-07T12:30:00Z", "2026-03-07T13:30:00Z"], SevenPast);
    }

    [Fact]
    public void A_bounded_clock_step_starts_at_the_first_quarter_after_the_start_at_option()
    {
        var options = Options(now: SevenPast) with { StartAt = Instant("2026-03-09T08:05:00Z") };
        var parsed = ScheduleParser.Parse("every quarter hour 2 times", options);
        Occurrences(parsed, ["2026-03-09T08:15:00Z", "2026-03-09T08:30:00Z"], SevenPast);
    }

    [Fact]
    public void A_start_names_the_phase_of_a_quarter_hour_as_it_does_for_every_15_minutes()
    {
        var parsed = ScheduleParser.Parse("every quarter hour starting at 9:07", Options(now: SevenPast));
        var same = ScheduleParser.Parse("every 15 minutes starting at 9:07", Options(now: SevenPast));
        Assert.Equal(same.Canonical, parsed.Canonical);
        Assert.Equal(same.Anchor, parsed.Anchor);
    }

    [Theory]
    [InlineData("every quarter hour")]
    [InlineData("every quarter hour 8 times")]
    public void Every_quarter_hour_across_spring_forward_in_london_stays_15_minutes_apart(string spec)
    {
        // 2026-03-29 01:00 GMT becomes 02:00 BST: 00:45 GMT is followed by 02:00 BST, a quarter of an hour later.
        var now = Instant("2026-03-29T00:20:00Z");
        Occurrences(ScheduleParser.Parse(spec, Options("Europe/London", now)),
            ["2026-03-29T00:30:00Z", "2026-03-29T00:45:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:15:00Z"], now);
    }

    [Theory]
    [InlineData("every quarter hour")]
    [InlineData("every quarter hour 8 times")]
    public void Every_quarter_hour_across_fall_back_in_london_runs_in_both_offsets_of_the_repeated_hour(string spec)
    {
        // 2026-10-25 02:00 BST becomes 01:00 GMT: 01:00-01:59 local happens twice, and each of its quarters runs twice.
        var now = Instant("2026-10-25T00:20:00Z");
        Occurrences(ScheduleParser.Parse(spec, Options("Europe/London", now)),
            ["2026-10-25T00:30:00Z", "2026-10-25T00:45:00Z", "2026-10-25T01:00:00Z", "2026-10-25T01:15:00Z", "2026-10-25T01:30:00Z"], now);
    }

    [Theory]
    [InlineData("every half hour")]
    [InlineData("every half hour 6 times")]
    public void Every_half_hour_across_fall_back_in_new_york_stays_30_minutes_apart(string spec)
    {
        // 2026-11-01 02:00 EDT becomes 01:00 EST (06:00Z): 01:00 and 01:30 local run in both offsets.
        var now = Instant("2026-11-01T04:50:00Z");
        Occurrences(ScheduleParser.Parse(spec, Options("America/New_York", now)),
            ["2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T06:00:00Z", "2026-11-01T06:30:00Z", "2026-11-01T07:00:00Z"], now);
    }

    [Fact]
    public void Every_half_hour_across_spring_forward_in_new_york_runs_at_the_half_hours_either_side_of_the_gap()
    {
        // 2026-03-08 02:00 EST becomes 03:00 EDT (07:00Z): 01:30 EST is followed by 03:00 EDT.
        var now = Instant("2026-03-08T06:10:00Z");
        Occurrences(ScheduleParser.Parse("every half hour", Options("America/New_York", now)),
            ["2026-03-08T06:30:00Z", "2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z"], now);
    }
}
