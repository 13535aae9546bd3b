using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// A start on a day after a step of whole days or weeks, or after "every week": "every 3 days starting tomorrow at
/// 8am", "every 2 weeks starting monday at 9am", "every week starting monday at 9am". Said so, the time is a wall time
/// and the day the week's day, as when the time comes first ("every 3 days at 8am starting tomorrow"). A start that is
/// a time of day alone ("every 2 days starting at 8am") is the runs' time of day, as "every 2 days at 8am" says. And "starting
/// saturday" said on a Saturday whose runs are over is next Saturday. Now is Saturday 2026-03-07 12:00 UTC; Berlin
/// springs forward on 2026-03-29.
/// </summary>
public sealed class StartDayStepSpecTests
{
    [Fact]
    public void Every_3_days_starting_tomorrow_at_8am_keeps_8am_across_dst()
    {
        var parsed = ScheduleParser.Parse("every 3 days starting tomorrow at 8am", Options("Europe/Berlin"));
        Assert.Equal(ScheduleParser.Parse("every 3 days at 8am starting tomorrow", Options("Europe/Berlin")).Canonical, parsed.Canonical);
        // 08:00 CET is 07:00Z, 08:00 CEST 06:00Z; 72 exact hours would run the 29th at 09:00 CEST.
        Occurrences(parsed, ["2026-03-26T07:00:00Z", "2026-03-29T06:00:00Z", "2026-04-01T06:00:00Z"], Instant("2026-03-24T00:00:00Z"));
    }

    [Fact]
    public void Every_2_weeks_starting_monday_at_9am_runs_on_mondays_at_9am_across_dst()
    {
        var parsed = ScheduleParser.Parse("every 2 weeks starting monday at 9am", Options("Europe/Berlin"));
        Occurrences(parsed, ["2026-03-09T08:00:00Z", "2026-03-23T08:00:00Z", "2026-04-06T07:00:00Z"]);
    }

    [Theory]
    [InlineData("every 3 days starting mar 10", "2026-03-10T00:00:00Z", "2026-03-13T00:00:00Z")]
    [InlineData("every 2 days starting 2026-03-10T08:00", "2026-03-10T08:00:00Z", "2026-03-12T08:00:00Z")]
    [InlineData("every 7 days starting on tuesday at 9am", "2026-03-10T09:00:00Z", "2026-03-17T09:00:00Z")]
    public void A_day_step_from_a_named_day_is_a_calendar_rule(string spec, params string[] expected)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(ScheduleKind.Rule, parsed.Kind);
        Occurrences(parsed, expected);
    }

    [Theory]
    [InlineData("every 2 days starting now")]
    [InlineData("every 36 hours starting tomorrow at 8am")]
    [InlineData("every 36 hours starting at 8am")]
    public void A_start_that_names_only_an_instant_or_a_step_of_part_days_stays_an_exact_interval(string spec)
    {
        Assert.Equal(ScheduleKind.Interval, ScheduleParser.Parse(spec, Options()).Kind);
    }

    [Theory]
    [InlineData("every day at 9am from mar 10 until mar 12", "every day at 9am starting mar 10 until mar 12")]
    [InlineData("every day at 9am from mar 10 to mar 12", "every day at 9am starting mar 10 until mar 12")]
    [InlineData("every day from tomorrow at 9am", "every day starting tomorrow at 9am")]
    [InlineData("every 3 days from 2026-03-10 at 8am", "every 3 days at 8am starting 2026-03-10")]
    public void From_a_date_is_the_day_the_schedule_starts_on_and_to_a_date_its_end(string spec, string same)
    {
        Assert.Equal(ScheduleParser.Parse(same, Options()).Canonical, ScheduleParser.Parse(spec, Options()).Canonical);
    }

    [Fact]
    public void From_a_weekday_is_still_no_start()
    {
        // "every hour from monday to friday" names days, not a start and an end.
        Rejects("every hour from monday to friday");
    }

    [Fact]
    public void Every_week_starting_monday_runs_on_mondays_not_sundays()
    {
        var parsed = ScheduleParser.Parse("every week starting monday at 9am", Options());
        Occurrences(parsed, ["2026-03-09T09:00:00Z", "2026-03-16T09:00:00Z"]);
        Occurrences(ScheduleParser.Parse("weekly starting wednesday", Options()), ["2026-03-11T00:00:00Z", "2026-03-18T00:00:00Z"]);
    }

    [Fact]
    public void Every_week_without_a_start_still_runs_on_sunday()
    {
        Assert.Equal("0 9 * * 0", ScheduleParser.Parse("every week at 9am", Options()).Canonical);
    }

    [Fact]
    public void Starting_today_s_weekday_after_its_runs_is_next_week_not_tomorrow()
    {
        // Saturday 12:00: today's 09:00 is over, so the first run is next Saturday, not Sunday.
        Occurrences(ScheduleParser.Parse("every day at 9am starting saturday", Options()), ["2026-03-14T09:00:00Z", "2026-03-15T09:00:00Z"]);
        Assert.Equal(Instant("2026-03-14T09:00:00Z"), ScheduleParser.Parse("every 15 minutes starting saturday at 9am", Options()).Anchor);
    }

    [Fact]
    public void Starting_today_s_weekday_with_a_run_still_due_today_starts_today()
    {
        Occurrences(ScheduleParser.Parse("every day at 3pm starting saturday", Options()), ["2026-03-07T15:00:00Z", "2026-03-08T15:00:00Z"]);
        Assert.Equal(Instant("2026-03-07T15:00:00Z"), ScheduleParser.Parse("every 15 minutes starting saturday at 3pm", Options()).Anchor);
    }
}
