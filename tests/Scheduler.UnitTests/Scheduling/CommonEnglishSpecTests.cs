using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// Recurring English as people write it after other schedulers (the seeds' docs, Celery beat, APScheduler, whenever,
/// Python schedule, node-cron, Hangfire's Cron helpers) and DST edges in a zone that shifts by half an hour. Now is
/// Saturday 2026-03-07 12:00 UTC.
/// </summary>
public sealed class CommonEnglishSpecTests
{
    [Theory]
    [InlineData("every day at 10:30", "30 10 * * *")]
    [InlineData("every wednesday at 13:15", "15 13 * * 3")]
    [InlineData("every day at 4:30 am", "30 4 * * *")]
    [InlineData("every sunday at 12pm", "0 12 * * 0")]
    [InlineData("every weekday at 9:00 am", "0 9 * * 1-5")]
    [InlineData("every monday, wednesday and friday at 9", "0 9 * * 1,3,5")]
    [InlineData("every weekday at 8:30am and 5:30pm", "30 8,17 * * 1-5")]
    [InlineData("every 2 hours between 8am and 6pm on weekdays", "0 8-18/2 * * 1-5")]
    [InlineData("every first of the month at 9am", "0 9 1 * *")]
    [InlineData("every last day of the month at 23:00", "0 23 L * *")]
    [InlineData("every saturday and sunday at 10am", "0 10 * * 0,6")]
    [InlineData("every day except sunday at 6am", "0 6 * * 1-6")]
    [InlineData("every 15th of the month at 10am", "0 10 15 * *")]
    [InlineData("every 3 months on the 1st at 9am", "0 9 1 1,4,7,10 *")]
    [InlineData("each monday at 9am", "0 9 * * 1")]
    [InlineData("every day at 8am except weekends", "0 8 * * 1-5")]
    // "monday to friday" is the run "mon-fri" says.
    [InlineData("every monday to friday at 9am", "0 9 * * 1-5")]
    [InlineData("every mon through fri at 7:30", "30 7 * * 1-5")]
    [InlineData("every friday to monday at 6pm", "0 18 * * 0,1,5,6")]
    [InlineData("every 30 minutes from 9am to 5:30pm monday to friday", "0,30 9-17 * * 1-5")]
    public void Common_wall_clock_english_compiles_to_the_cron_it_means(string spec, string cron)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(ScheduleKind.Cron, parsed.Kind);
        Assert.Equal(cron, parsed.Canonical);
    }

    [Theory]
    [InlineData("every 10 seconds", "PT10S")]
    [InlineData("every 90 mins", "PT1H30M")]
    [InlineData("every 2 hrs", "PT2H")]
    [InlineData("every 30 secs", "PT30S")]
    [InlineData("every 1 hour and 30 minutes", "PT1H30M")]
    [InlineData("every 1d", "PT24H")]
    public void Common_interval_english_is_an_exact_interval(string spec, string duration)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(ScheduleKind.Interval, parsed.Kind);
        Assert.Equal(duration, parsed.Canonical);
    }

    [Theory]
    [InlineData("every hour at :30", "30 * * * *")]
    [InlineData("hourly at :15", "15 * * * *")]
    [InlineData("every hour at minute 5", "5 * * * *")]
    public void A_minute_past_every_hour_is_the_cron_that_says_it(string spec, string cron)
    {
        // Refused with this cron to write before; HourlyOnTheClockSpecTests holds the rest of these forms.
        Assert.Equal(ScheduleParser.Parse("cron:" + cron, Options()).Canonical, ScheduleParser.Parse(spec, Options()).Canonical);
    }

    [Theory]
    [InlineData("every 1.5 hours", "\"every 90 minutes\"")]
    [InlineData("every 2.5 mins", "\"every 150 seconds\"")]
    [InlineData("every 0.5 days at 9am", "\"every 12 hours\"")]
    [InlineData("every 1.25 minutes", "\"every 75 seconds\"")]
    public void A_fractional_step_is_refused_with_the_same_step_in_a_smaller_unit(string spec, string same)
    {
        var message = Rejects(spec).Message;
        Assert.Contains("not a whole number", message);
        Assert.Contains(same, message);
    }

    [Theory]
    [InlineData("every second monday to friday", "every 2 weeks on monday-friday")]
    [InlineData("every 3rd mon thru fri at 9am", "every 3 weeks on mon-fri")]
    public void One_ordinal_before_a_spelled_out_run_of_weekdays_is_refused_as_the_dashed_one_is(string spec, string weeks)
    {
        Assert.Contains(weeks, Rejects(spec).Message);
    }

    // Lord Howe moves by 30 minutes: back from +11:00 to +10:30 at 02:00 on 2027-04-04 (01:30-02:00 happens twice),
    // forward from +10:30 to +11:00 at 02:00 on 2027-10-03 (02:00-02:30 never happens).
    [Theory]
    [InlineData("every day at 1:30am", "2027-04-03T00:00:00Z", "2027-04-03T14:30:00Z", "2027-04-04T15:00:00Z")]
    [InlineData("every day at 1:45", "2027-04-03T00:00:00Z", "2027-04-03T14:45:00Z", "2027-04-04T15:15:00Z")]
    [InlineData("every hour from 1am to 3am", "2027-04-03T12:00:00Z", "2027-04-03T14:00:00Z", "2027-04-03T15:30:00Z", "2027-04-03T16:30:00Z")]
    [InlineData("every day at 2:00", "2027-10-02T00:00:00Z", "2027-10-02T15:30:00Z", "2027-10-03T15:00:00Z")]
    [InlineData("every day at 2:15", "2027-10-02T00:00:00Z", "2027-10-02T15:30:00Z", "2027-10-03T15:15:00Z")]
    [InlineData("every day at 9am", "2027-10-01T12:00:00Z", "2027-10-01T22:30:00Z", "2027-10-02T22:00:00Z")]
    // A rule compiled from English reads a gap time as cron does (X-DST-GAP:AFTER): 02:15 runs at 02:30 +11:00 when the
    // gap ends, not at 02:45 (RFC 5545's offset before the gap); a repeated time runs once.
    [InlineData("every day at 2:15 until dec 31", "2027-10-02T00:00:00Z", "2027-10-02T15:30:00Z", "2027-10-03T15:15:00Z")]
    [InlineData("every 30 minutes from 1am to 3am", "2027-10-02T12:00:00Z", "2027-10-02T14:30:00Z", "2027-10-02T15:00:00Z", "2027-10-02T15:30:00Z", "2027-10-02T16:00:00Z", "2027-10-03T14:00:00Z")]
    [InlineData("every 30 minutes from 1am to 3am", "2027-04-03T12:00:00Z", "2027-04-03T14:00:00Z", "2027-04-03T14:30:00Z", "2027-04-03T15:30:00Z", "2027-04-03T16:00:00Z", "2027-04-03T16:30:00Z", "2027-04-04T14:30:00Z")]
    public void Lord_howe_half_hour_shifts_follow_the_documented_dst_rules(string spec, string after, params string[] next)
    {
        var parsed = ScheduleParser.Parse(spec, Options("Australia/Lord_Howe", Instant(after)));
        Occurrences(parsed, next, Instant(after));
    }

    [Fact]
    public void An_exact_interval_stays_exact_across_a_half_hour_shift()
    {
        var now = Instant("2027-04-03T12:00:00Z");
        var parsed = ScheduleParser.Parse("every 2 hours", Options("Australia/Lord_Howe", now));
        // Every 2 hours of real time, whatever the wall clock says (02:00 +11:00 is 01:30 +10:30 after the shift).
        Occurrences(parsed, ["2027-04-03T14:00:00Z", "2027-04-03T16:00:00Z", "2027-04-03T18:00:00Z"], now);
    }

    [Fact]
    public void A_step_from_a_time_of_day_keeps_its_clock_grid_across_a_half_hour_shift()
    {
        var now = Instant("2027-04-03T12:00:00Z");
        var parsed = ScheduleParser.Parse("every 2 hours starting at midnight", Options("Australia/Lord_Howe", now));
        // Midnight +11:00 is 13:00Z; the clock falls back half an hour at 02:00, so 02:00 +10:30 is 2½ hours later.
        Occurrences(parsed, ["2027-04-03T13:00:00Z", "2027-04-03T15:30:00Z", "2027-04-03T17:30:00Z"], now);
    }
}
