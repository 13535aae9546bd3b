using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>ISO-8601 repeating intervals (R[n]/start/duration, R/duration, R[n]/start/end) and bare durations.</summary>
public sealed class IsoRepetitionTests
{
    [Fact]
    public void R5_with_a_clock_duration_runs_five_times_an_exact_hour_apart()
    {
        var schedule = ScheduleParser.Parse("R5/2026-12-01T09:00:00Z/PT1H", Options("Europe/Berlin"));
        Assert.Equal(ScheduleKind.Rule, schedule.Kind);
        Assert.Equal("DTSTART:20261201T090000Z RRULE:FREQ=HOURLY;COUNT=5", schedule.Canonical);
        Occurrences(schedule, ["2026-12-01T09:00:00Z", "2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z", "2026-12-01T12:00:00Z", "2026-12-01T13:00:00Z"]);
        Assert.Empty(schedule.Next(1, Instant("2026-12-01T13:00:00Z")));
    }

    [Fact]
    public void Clock_durations_are_elapsed_time_across_dst()
    {
        var schedule = ScheduleParser.Parse("R3/2026-03-28T23:00:00+01:00/PT3H", Options("Europe/Berlin"));
        Occurrences(schedule, ["2026-03-28T22:00:00Z", "2026-03-29T01:00:00Z", "2026-03-29T04:00:00Z"]);
    }

    [Fact]
    public void P1D_steps_the_local_calendar_day_and_keeps_the_wall_clock_time()
    {
        var schedule = ScheduleParser.Parse("R/2026-03-27T09:00/P1D", Options("Europe/Berlin"));
        Assert.Equal("DTSTART;TZID=Europe/Berlin:20260327T090000 RRULE:FREQ=DAILY", schedule.Canonical);
        // Berlin moves to CEST on 2026-03-29: 09:00 stays 09:00 local.
        Occurrences(schedule, ["2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z"], Instant("2026-03-27T12:00:00Z"));
    }

    [Theory]
    [InlineData("R/2026-W15-3T09:00:00Z/P1W", "DTSTART:20260408T090000Z RRULE:FREQ=WEEKLY")]
    [InlineData("R/2026W153T090000Z/P1W", "DTSTART:20260408T090000Z RRULE:FREQ=WEEKLY")]
    [InlineData("R3/2026-098T09:00:00Z/P1D", "DTSTART:20260408T090000Z RRULE:FREQ=DAILY;COUNT=3")]
    [InlineData("R3/2026098T090000Z/P1D", "DTSTART:20260408T090000Z RRULE:FREQ=DAILY;COUNT=3")]
    public void A_start_written_as_an_iso_week_date_or_ordinal_date_is_the_calendar_date_it_names(string spec, string canonical) =>
        Assert.Equal(canonical, ScheduleParser.Parse(spec, Options()).Canonical);

    [Theory]
    [InlineData("2027-W53-1T09:00Z", "invalid week date \"2027-W53-1\" in \"2027-W53-1T09:00Z\"; year 2027 has weeks 01 to 52")]
    [InlineData("2027-W05-3T10Z", "invalid date-time \"2027-W05-3T10Z\" in \"2027-W05-3T10Z\"")]
    [InlineData("R/2026-366T09:00Z/P1D", "invalid ordinal date \"2026-366\" in \"R/2026-366T09:00Z/P1D\"; year 2026 has days 001 to 365")]
    public void A_week_or_day_the_year_does_not_have_is_refused_naming_its_range(string spec, string expected) =>
        Assert.Contains(expected, Rejects(spec).Message);

    [Fact]
    public void A_one_shot_at_an_iso_week_date_runs_on_that_day() =>
        Occurrences(ScheduleParser.Parse("2026-W53-4T09:00:00Z", Options()), ["2026-12-31T09:00:00Z"]);

    [Fact]
    public void R_with_only_a_duration_starts_one_period_from_now()
    {
        var schedule = ScheduleParser.Parse("R/P1W", Options());
        Assert.Equal("DTSTART:20260314T120000Z RRULE:FREQ=WEEKLY", schedule.Canonical);
        Occurrences(schedule, ["2026-03-14T12:00:00Z", "2026-03-21T12:00:00Z"]);
    }

    [Theory]
    [InlineData("R3/PT1H")]
    [InlineData("R3/P1D")]
    public void A_start_option_a_fraction_of_a_second_ahead_keeps_every_run(string spec)
    {
        // DTSTART holds whole seconds; cut down to 12:00:00 (= now) the first run would be lost.
        var schedule = ScheduleParser.Parse(spec, Options() with { StartAt = Now.AddMilliseconds(400) });

        var runs = schedule.Next(5, Now);
        Assert.Equal(3, runs.Count);
        Assert.Equal(Now.AddSeconds(1), runs[0]);
    }

    [Fact]
    public void Counted_months_step_the_calendar()
    {
        var schedule = ScheduleParser.Parse("R3/2026-01-15T10:00:00Z/P1M", Options());
        Assert.Equal("DTSTART:20260115T100000Z RRULE:FREQ=MONTHLY;COUNT=3", schedule.Canonical);
        Occurrences(schedule, ["2026-03-15T10:00:00Z"]);
    }

    [Fact]
    public void Start_and_end_give_the_period()
    {
        var schedule = ScheduleParser.Parse("R4/2026-04-01T00:00:00Z/2026-04-01T00:30:00Z", Options());
        Assert.Equal("DTSTART:20260401T000000Z RRULE:FREQ=MINUTELY;INTERVAL=30;COUNT=4", schedule.Canonical);
        Occurrences(schedule, ["2026-04-01T00:00:00Z", "2026-04-01T00:30:00Z", "2026-04-01T01:00:00Z", "2026-04-01T01:30:00Z"]);
    }

    [Fact]
    public void An_endless_clock_interval_is_an_exact_interval_anchored_at_its_start()
    {
        var schedule = ScheduleParser.Parse("R/2026-03-01T00:00:00Z/PT90M", Options());
        Assert.Equal(ScheduleKind.Interval, schedule.Kind);
        Assert.Equal("PT1H30M", schedule.Canonical);
        Occurrences(schedule, ["2026-03-07T12:00:00Z", "2026-03-07T13:30:00Z"], Instant("2026-03-07T11:00:00Z"));
    }

    [Fact]
    public void A_bare_clock_duration_means_every_that_long()
    {
        var schedule = ScheduleParser.Parse("PT15M", Options());
        Assert.Equal(ScheduleKind.Interval, schedule.Kind);
        Assert.Equal("every 15 minutes", schedule.Description);
        Occurrences(schedule, ["2026-03-07T12:15:00Z", "2026-03-07T12:30:00Z"]);
    }

    [Fact]
    public void A_bare_calendar_duration_is_a_daily_rule_from_one_day_after_now()
    {
        var schedule = ScheduleParser.Parse("p1d", Options("America/New_York"));
        Assert.Equal("DTSTART;TZID=America/New_York:20260308T070000 RRULE:FREQ=DAILY", schedule.Canonical);
        // 07:00 local both before and after New York's change on 2026-03-08.
        Occurrences(schedule, ["2026-03-08T11:00:00Z", "2026-03-09T11:00:00Z"]);
    }

    [Theory]
    [InlineData("P1M")]
    [InlineData("R/P1M")]
    public void A_bare_month_from_the_31st_keeps_the_31st_and_skips_the_months_without_one(string spec)
    {
        // Stepping to Feb 28 and starting there would move every later run to the 28th.
        var schedule = ScheduleParser.Parse(spec, Options(now: Instant("2026-01-31T12:00:00Z")));
        Assert.Equal("DTSTART:20260331T120000Z RRULE:FREQ=MONTHLY", schedule.Canonical);
        Occurrences(schedule, ["2026-03-31T12:00:00Z", "2026-05-31T12:00:00Z", "2026-07-31T12:00:00Z", "2026-08-31T12:00:00Z"],
            Instant("2026-01-31T12:00:00Z"));
    }

    [Fact]
    public void A_bare_month_in_a_zone_from_the_30th_skips_february_only()
    {
        var schedule = ScheduleParser.Parse("P1M", Options("Europe/Berlin", Instant("2027-01-30T08:00:00Z")));
        Assert.Equal("DTSTART;TZID=Europe/Berlin:20270330T090000 RRULE:FREQ=MONTHLY", schedule.Canonical);
        Occurrences(schedule, ["2027-03-30T07:00:00Z", "2027-04-30T07:00:00Z"], Instant("2027-01-30T08:00:00Z"));
    }

    [Fact]
    public void A_bare_year_from_february_29_runs_on_february_29_only()
    {
        var schedule = ScheduleParser.Parse("R/P1Y", Options(now: Instant("2028-02-29T12:00:00Z")));
        Assert.Equal("DTSTART:20320229T120000Z RRULE:FREQ=YEARLY", schedule.Canonical);
        Occurrences(schedule, ["2032-02-29T12:00:00Z", "2036-02-29T12:00:00Z"], Instant("2028-02-29T12:00:00Z"));
    }

    [Fact]
    public void Counted_bare_months_from_the_31st_count_only_months_with_a_31st()
    {
        var schedule = ScheduleParser.Parse("R3/P2M", Options(now: Instant("2026-03-31T06:00:00.400Z")));
        Assert.Equal("DTSTART:20260531T060000Z RRULE:FREQ=MONTHLY;INTERVAL=2;COUNT=3", schedule.Canonical);
        Occurrences(schedule, ["2026-05-31T06:00:00Z", "2026-07-31T06:00:00Z", "2027-01-31T06:00:00Z"], Instant("2026-03-31T06:00:00Z"));
        Assert.Empty(schedule.Next(1, Instant("2027-01-31T06:00:00Z")));
    }

    [Fact]
    public void A_local_start_in_the_spring_forward_gap_keeps_its_wall_time_on_the_other_days()
    {
        // 02:30 does not exist in New York on 2026-03-08: that day runs at 03:30 EDT (RFC 5545's reading), the others at
        // 02:30, not 03:00 every day as the one-shot reading of the start would make it.
        var schedule = ScheduleParser.Parse("R3/2026-03-08T02:30/P1D", Options("America/New_York"));
        Assert.Equal("DTSTART;TZID=America/New_York:20260308T023000 RRULE:FREQ=DAILY;COUNT=3", schedule.Canonical);
        Occurrences(schedule, ["2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z", "2026-03-10T06:30:00Z"]);
    }

    [Theory]
    [InlineData("R3/2026-11-01T06:30:00Z/P1D")]
    [InlineData("R/2026-11-01T01:30:00-05:00/P1W")]
    public void A_start_at_the_second_of_a_repeated_local_time_is_refused_for_a_calendar_duration(string spec)
    {
        // 06:30Z is the second 01:30 in New York (EST); the daily rule's 01:30 is the first one, an hour before the start.
        var e = Rejects(spec, "America/New_York");
        Assert.Contains("second 01:30 of 2026-11-01", e.Message);
        Assert.Contains("2026-11-01T01:30:00-04:00", e.Message);
    }

    [Fact]
    public void A_start_at_the_first_of_a_repeated_local_time_begins_the_calendar_repetition()
    {
        var schedule = ScheduleParser.Parse("R2/2026-11-01T05:30:00Z/P1D", Options("America/New_York"));
        Occurrences(schedule, ["2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"], Instant("2026-10-31T00:00:00Z"));
    }
}
