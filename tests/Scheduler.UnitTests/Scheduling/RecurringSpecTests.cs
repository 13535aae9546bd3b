using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>"every …" and the hourly/daily/weekly/monthly keywords; now is Saturday 2026-03-07 12:00 UTC.</summary>
public sealed class RecurringSpecTests
{
    [Theory]
    [InlineData("every 5 minutes", "PT5M", "2026-03-07T12:05:00Z", "2026-03-07T12:10:00Z", "2026-03-07T12:15:00Z")]
    [InlineData("every 90 minutes", "PT1H30M", "2026-03-07T13:30:00Z", "2026-03-07T15:00:00Z", "2026-03-07T16:30:00Z")]
    [InlineData("every hour", "PT1H", "2026-03-07T13:00:00Z", "2026-03-07T14:00:00Z")]
    [InlineData("every minute", "PT1M", "2026-03-07T12:01:00Z", "2026-03-07T12:02:00Z")]
    [InlineData("every second", "PT1S", "2026-03-07T12:00:01Z", "2026-03-07T12:00:02Z")]
    [InlineData("every day", "PT24H", "2026-03-08T12:00:00Z", "2026-03-09T12:00:00Z")]
    [InlineData("every week", "PT168H", "2026-03-14T12:00:00Z", "2026-03-21T12:00:00Z")]
    [InlineData("every 1h", "PT1H", "2026-03-07T13:00:00Z", "2026-03-07T14:00:00Z")]
    [InlineData("every 30m", "PT30M", "2026-03-07T12:30:00Z", "2026-03-07T13:00:00Z")]
    [InlineData("every 1d", "PT24H", "2026-03-08T12:00:00Z", "2026-03-09T12:00:00Z")]
    [InlineData("every 45s", "PT45S", "2026-03-07T12:00:45Z", "2026-03-07T12:01:30Z")]
    [InlineData("every 1h30m", "PT1H30M", "2026-03-07T13:30:00Z", "2026-03-07T15:00:00Z")]
    [InlineData("every 2 hours 15 minutes", "PT2H15M", "2026-03-07T14:15:00Z", "2026-03-07T16:30:00Z")]
    [InlineData("every 1 hour and 30 minutes", "PT1H30M", "2026-03-07T13:30:00Z", "2026-03-07T15:00:00Z")]
    [InlineData("every 2 days", "PT48H", "2026-03-09T12:00:00Z", "2026-03-11T12:00:00Z")]
    [InlineData("every 2 weeks", "PT336H", "2026-03-21T12:00:00Z", "2026-04-04T12:00:00Z")]
    [InlineData("every other week", "PT336H", "2026-03-21T12:00:00Z", "2026-04-04T12:00:00Z")]
    [InlineData("every other day", "PT48H", "2026-03-09T12:00:00Z", "2026-03-11T12:00:00Z")]
    [InlineData("every other hour", "PT2H", "2026-03-07T14:00:00Z", "2026-03-07T16:00:00Z")]
    [InlineData("every 36 hours", "PT36H", "2026-03-09T00:00:00Z", "2026-03-10T12:00:00Z")]
    [InlineData("every 10 secs", "PT10S", "2026-03-07T12:00:10Z", "2026-03-07T12:00:20Z")]
    [InlineData("each 15 min", "PT15M", "2026-03-07T12:15:00Z", "2026-03-07T12:30:00Z")]
    [InlineData("every:1h", "PT1H", "2026-03-07T13:00:00Z", "2026-03-07T14:00:00Z")]
    [InlineData("every:PT1H30M", "PT1H30M", "2026-03-07T13:30:00Z", "2026-03-07T15:00:00Z")]
    [InlineData("every:P1DT2H", "PT26H", "2026-03-08T14:00:00Z", "2026-03-09T16:00:00Z")]
    [InlineData("EVERY 5 MINUTES", "PT5M", "2026-03-07T12:05:00Z", "2026-03-07T12:10:00Z")]
    public void Lengths_of_time_are_exact_intervals_anchored_one_period_after_now(string spec, string canonical, params string[] next)
    {
        var parsed = ScheduleParser.Parse(spec, Options("Europe/Berlin"));
        Assert.Equal(ScheduleKind.Interval, parsed.Kind);
        Assert.True(parsed.IsRecurring);
        Assert.Equal(canonical, parsed.Canonical);
        Assert.Equal(Instant(next[0]), parsed.Anchor);
        Assert.Equal(parsed.Anchor - Now, parsed.Interval);
        Occurrences(parsed, next);
    }

    [Theory]
    [InlineData("every day")]
    [InlineData("every 2 weeks")]
    [InlineData("every 36 hours")]
    [InlineData("every 1 hour and 30 minutes")]
    [InlineData("every:P1DT2H")]
    public void The_canonical_form_of_an_exact_interval_parses_back_to_the_same_interval_across_dst(string spec)
    {
        // Berlin's clocks go forward on 2026-03-29: a calendar day there is 23 hours, and must not stand in for 24.
        var parsed = ScheduleParser.Parse(spec, Options("Europe/Berlin"));
        var again = ScheduleParser.Parse(parsed.Canonical, Options("Europe/Berlin"));
        Assert.Equal(ScheduleKind.Interval, again.Kind);
        Assert.Equal(parsed.Interval, again.Interval);
        Assert.Equal(parsed.Canonical, again.Canonical);
    }

    [Theory]
    [InlineData("every day at 9am", "0 9 * * *", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z")]
    [InlineData("every day at 2:30", "30 2 * * *", "2026-03-08T02:30:00Z", "2026-03-09T02:30:00Z")]
    [InlineData("every day at noon", "0 12 * * *", "2026-03-08T12:00:00Z", "2026-03-09T12:00:00Z")]
    [InlineData("every day at midnight", "0 0 * * *", "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z")]
    [InlineData("every day 6pm", "0 18 * * *", "2026-03-07T18:00:00Z", "2026-03-08T18:00:00Z")]
    [InlineData("every day at 9am and 5pm", "0 9,17 * * *", "2026-03-07T17:00:00Z", "2026-03-08T09:00:00Z", "2026-03-08T17:00:00Z")]
    [InlineData("every day at 9:00, 9:30", "0,30 9 * * *", "2026-03-08T09:00:00Z", "2026-03-08T09:30:00Z")]
    [InlineData("every day at 9:15:30", "30 15 9 * * *", "2026-03-08T09:15:30Z", "2026-03-09T09:15:30Z")]
    [InlineData("every weekday at 9am", "0 9 * * 1-5", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("every weekdays at 17:30", "30 17 * * 1-5", "2026-03-09T17:30:00Z", "2026-03-10T17:30:00Z")]
    [InlineData("every weekday", "0 0 * * 1-5", "2026-03-09T00:00:00Z", "2026-03-10T00:00:00Z")]
    [InlineData("every weekend at 10:00", "0 10 * * 0,6", "2026-03-08T10:00:00Z", "2026-03-14T10:00:00Z", "2026-03-15T10:00:00Z")]
    [InlineData("every monday at 08:30", "30 8 * * 1", "2026-03-09T08:30:00Z", "2026-03-16T08:30:00Z")]
    [InlineData("every mondays at 8:30am", "30 8 * * 1", "2026-03-09T08:30:00Z", "2026-03-16T08:30:00Z")]
    [InlineData("every mon,wed,fri at 7pm", "0 19 * * 1,3,5", "2026-03-09T19:00:00Z", "2026-03-11T19:00:00Z", "2026-03-13T19:00:00Z")]
    [InlineData("every mon, wed & fri at 7pm", "0 19 * * 1,3,5", "2026-03-09T19:00:00Z", "2026-03-11T19:00:00Z")]
    [InlineData("every monday and friday at 7pm", "0 19 * * 1,5", "2026-03-09T19:00:00Z", "2026-03-13T19:00:00Z")]
    [InlineData("every mon-fri at 9am", "0 9 * * 1-5", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z")]
    [InlineData("every sunday", "0 0 * * 0", "2026-03-08T00:00:00Z", "2026-03-15T00:00:00Z")]
    [InlineData("every saturday at 3pm", "0 15 * * 6", "2026-03-07T15:00:00Z", "2026-03-14T15:00:00Z")]
    [InlineData("every week on friday at 5pm", "0 17 * * 5", "2026-03-13T17:00:00Z", "2026-03-20T17:00:00Z")]
    [InlineData("every week at 9am", "0 9 * * 0", "2026-03-08T09:00:00Z", "2026-03-15T09:00:00Z")]
    [InlineData("every month on the 1st at noon", "0 12 1 * *", "2026-04-01T12:00:00Z", "2026-05-01T12:00:00Z")]
    [InlineData("every month on the 1st", "0 0 1 * *", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z")]
    [InlineData("every month on the 15 at 9", "0 9 15 * *", "2026-03-15T09:00:00Z", "2026-04-15T09:00:00Z")]
    [InlineData("every month", "0 0 1 * *", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z")]
    [InlineData("every 15th at 9:00", "0 9 15 * *", "2026-03-15T09:00:00Z", "2026-04-15T09:00:00Z")]
    [InlineData("every 15th of the month at 9:00", "0 9 15 * *", "2026-03-15T09:00:00Z", "2026-04-15T09:00:00Z")]
    [InlineData("every 1st and 15th at 9am", "0 9 1,15 * *", "2026-03-15T09:00:00Z", "2026-04-01T09:00:00Z", "2026-04-15T09:00:00Z")]
    [InlineData("every 2nd", "0 0 2 * *", "2026-04-02T00:00:00Z", "2026-05-02T00:00:00Z")]
    [InlineData("every 3rd at 6am", "0 6 3 * *", "2026-04-03T06:00:00Z", "2026-05-03T06:00:00Z")]
    [InlineData("every 31st", "0 0 31 * *", "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z", "2026-07-31T00:00:00Z")]
    [InlineData("every 30th at noon", "0 12 30 * *", "2026-03-30T12:00:00Z", "2026-04-30T12:00:00Z", "2026-05-30T12:00:00Z")]
    [InlineData("every month on the last day at 18:00", "0 18 L * *", "2026-03-31T18:00:00Z", "2026-04-30T18:00:00Z", "2026-05-31T18:00:00Z")]
    [InlineData("every last day", "0 0 L * *", "2026-03-31T00:00:00Z", "2026-04-30T00:00:00Z")]
    // "every N months" counts from the first occurrence at or after now: the 1st of April, then every 3 months.
    [InlineData("every 3 months", "0 0 1 1,4,7,10 *", "2026-04-01T00:00:00Z", "2026-07-01T00:00:00Z", "2026-10-01T00:00:00Z")]
    [InlineData("every 6 months on the 15th at 9am", "0 9 15 3,9 *", "2026-03-15T09:00:00Z", "2026-09-15T09:00:00Z")]
    [InlineData("every 1 month", "0 0 1 * *", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z")]
    [InlineData("every year", "0 0 1 1 *", "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z")]
    [InlineData("every year on dec 24 at 6pm", "0 18 24 12 *", "2026-12-24T18:00:00Z", "2027-12-24T18:00:00Z")]
    [InlineData("every dec 24 at 6pm", "0 18 24 12 *", "2026-12-24T18:00:00Z", "2027-12-24T18:00:00Z")]
    [InlineData("every 24th of december", "0 0 24 12 *", "2026-12-24T00:00:00Z", "2027-12-24T00:00:00Z")]
    [InlineData("every feb 29", "0 0 29 2 *", "2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z")]
    [InlineData("every 1 day at 9am", "0 9 * * *", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z")]
    [InlineData("every 1 week on tuesday at 9am", "0 9 * * 2", "2026-03-10T09:00:00Z", "2026-03-17T09:00:00Z")]
    [InlineData("hourly", "0 * * * *", "2026-03-07T13:00:00Z", "2026-03-07T14:00:00Z")]
    [InlineData("daily", "0 0 * * *", "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z")]
    [InlineData("daily at 9am", "0 9 * * *", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z")]
    [InlineData("weekly", "0 0 * * 0", "2026-03-08T00:00:00Z", "2026-03-15T00:00:00Z")]
    [InlineData("weekly on monday at 9", "0 9 * * 1", "2026-03-09T09:00:00Z", "2026-03-16T09:00:00Z")]
    [InlineData("monthly", "0 0 1 * *", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z")]
    [InlineData("monthly on the 15th at 8am", "0 8 15 * *", "2026-03-15T08:00:00Z", "2026-04-15T08:00:00Z")]
    [InlineData("yearly", "0 0 1 1 *", "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z")]
    [InlineData("annually", "0 0 1 1 *", "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z")]
    [InlineData("Every Weekday At 9AM", "0 9 * * 1-5", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z")]
    [InlineData("every:day at 9am", "0 9 * * *", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z")]
    public void Calendar_forms_are_wall_clock_cron_in_the_zone(string spec, string canonical, params string[] next)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(ScheduleKind.Cron, parsed.Kind);
        Assert.Equal(canonical, parsed.Canonical);
        Assert.Null(parsed.Anchor);
        Occurrences(parsed, next);
    }

    [Fact]
    public void Every_weekday_at_9am_is_cron_monday_to_friday()
    {
        var parsed = ScheduleParser.Parse("every weekday at 9am", Options("Europe/Berlin"));
        Assert.Equal("0 9 * * 1-5", parsed.Canonical);
        Assert.Equal("every weekday at 09:00 (Europe/Berlin)", parsed.Description);
        Occurrences(parsed, ["2026-03-09T08:00:00Z", "2026-03-10T08:00:00Z", "2026-03-11T08:00:00Z", "2026-03-12T08:00:00Z", "2026-03-13T08:00:00Z", "2026-03-16T08:00:00Z"]);
    }

    [Theory]
    [InlineData("every 90 minutes", "every 1 hour 30 minutes")]
    [InlineData("every 2 weeks", "every 2 weeks")]
    [InlineData("every 45s", "every 45 seconds")]
    [InlineData("every day", "every day")]
    [InlineData("every week", "every week")]
    [InlineData("every 1 second", "every second")]
    [InlineData("every 24 hours", "every day")]
    [InlineData("every weekday at 9am", "every weekday at 09:00 (UTC)")]
    [InlineData("every mon,wed,fri at 7pm", "every Monday, Wednesday and Friday at 19:00 (UTC)")]
    [InlineData("every month on the 1st at noon", "every month on the 1st at 12:00 (UTC)")]
    [InlineData("every month on the last day at 18:00", "every month on the last day at 18:00 (UTC)")]
    [InlineData("every day at 9am and 5pm", "every day at 09:00 and 17:00 (UTC)")]
    [InlineData("every dec 24 at 6pm", "every year on December 24 at 18:00 (UTC)")]
    [InlineData("hourly", "every hour at minute 0 (UTC)")]
    [InlineData("30 2 * * *", "every day at 02:30 (UTC)")]
    [InlineData("*/5 * * * *", "every 5 minutes (UTC)")]
    [InlineData("*/7 * * * *", "cron */7 * * * * (UTC)")]
    [InlineData("@weekly", "every Sunday at 00:00 (UTC)")]
    public void Descriptions_are_human_sentences(string spec, string expected)
    {
        Assert.Equal(expected, ScheduleParser.Parse(spec, Options()).Description);
    }
}
