using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// The broad English recurring forms that cron says exactly: nth and last weekdays, last day and weekday of the
/// month, several times a day, windows, exclusions, quarters, yearly ordinals. Now is Saturday 2026-03-07 12:00 UTC.
/// </summary>
public sealed class BroadEnglishSpecTests
{
    [Theory]
    [InlineData("every last friday of the month at 5pm", "0 17 * * 5L", "2026-03-27T17:00:00Z", "2026-04-24T17:00:00Z", "2026-05-29T17:00:00Z")]
    [InlineData("the last friday of every month", "0 0 * * 5L", "2026-03-27T00:00:00Z", "2026-04-24T00:00:00Z")]
    [InlineData("first monday of every month at 10am", "0 10 * * 1#1", "2026-04-06T10:00:00Z", "2026-05-04T10:00:00Z", "2026-06-01T10:00:00Z")]
    [InlineData("every month on the first monday at 10am", "0 10 * * 1#1", "2026-04-06T10:00:00Z", "2026-05-04T10:00:00Z")]
    [InlineData("every 5th monday", "0 0 * * 1#5", "2026-03-30T00:00:00Z", "2026-06-29T00:00:00Z", "2026-08-31T00:00:00Z")]
    [InlineData("every 2nd and 4th wednesday at 9am", "0 9 8-14,22-28 * 3", "2026-03-11T09:00:00Z", "2026-03-25T09:00:00Z", "2026-04-08T09:00:00Z", "2026-04-22T09:00:00Z")]
    [InlineData("every 1st and 3rd monday and friday at 9am", "0 9 1-7,15-21 * 1,5", "2026-03-16T09:00:00Z", "2026-03-20T09:00:00Z", "2026-04-03T09:00:00Z", "2026-04-06T09:00:00Z")]
    [InlineData("every 4th thursday of november", "0 0 * 11 4#4", "2026-11-26T00:00:00Z", "2027-11-25T00:00:00Z")]
    [InlineData("every year on the 4th thursday of november at noon", "0 12 * 11 4#4", "2026-11-26T12:00:00Z", "2027-11-25T12:00:00Z")]
    [InlineData("last day of the month at 18:00", "0 18 L * *", "2026-03-31T18:00:00Z", "2026-04-30T18:00:00Z")]
    [InlineData("every last weekday of the month at 6pm", "0 18 LW * *", "2026-03-31T18:00:00Z", "2026-04-30T18:00:00Z", "2026-05-29T18:00:00Z")]
    [InlineData("every month on the last business day", "0 0 LW * *", "2026-03-31T00:00:00Z", "2026-04-30T00:00:00Z", "2026-05-29T00:00:00Z")]
    [InlineData("every first weekday of the month", "0 0 1W * *", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z", "2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z", "2026-08-03T00:00:00Z")]
    [InlineData("every day at 9am, 1pm and 5pm", "0 9,13,17 * * *", "2026-03-07T13:00:00Z", "2026-03-07T17:00:00Z", "2026-03-08T09:00:00Z")]
    [InlineData("every weekday at 9am and 5pm except friday", "0 9,17 * * 1-4", "2026-03-09T09:00:00Z", "2026-03-09T17:00:00Z", "2026-03-10T09:00:00Z")]
    // Windows include both ends when the step lands on them: 17:00 runs.
    [InlineData("every hour from 9am to 5pm", "0 9-17 * * *", "2026-03-07T13:00:00Z", "2026-03-07T14:00:00Z", "2026-03-07T15:00:00Z", "2026-03-07T16:00:00Z", "2026-03-07T17:00:00Z", "2026-03-08T09:00:00Z")]
    [InlineData("hourly between 9:00 and 17:00 on weekdays", "0 9-17 * * 1-5", "2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z")]
    [InlineData("every 30 minutes from 9am to 5:30pm on weekdays", "0,30 9-17 * * 1-5", "2026-03-09T09:00:00Z", "2026-03-09T09:30:00Z", "2026-03-09T10:00:00Z")]
    [InlineData("every 15 minutes from 9:00 to 17:45", "*/15 9-17 * * *", "2026-03-07T12:15:00Z", "2026-03-07T12:30:00Z")]
    [InlineData("every 2 hours from 8am to 8pm", "0 8-20/2 * * *", "2026-03-07T14:00:00Z", "2026-03-07T16:00:00Z", "2026-03-07T18:00:00Z", "2026-03-07T20:00:00Z", "2026-03-08T08:00:00Z")]
    [InlineData("every 10 minutes on weekdays", "*/10 * * * 1-5", "2026-03-09T00:00:00Z", "2026-03-09T00:10:00Z")]
    [InlineData("every weekday except friday at 9am", "0 9 * * 1-4", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z", "2026-03-12T09:00:00Z", "2026-03-16T09:00:00Z")]
    [InlineData("every day except weekends at 8am", "0 8 * * 1-5", "2026-03-09T08:00:00Z", "2026-03-10T08:00:00Z")]
    [InlineData("every monday except july and august at 9am", "0 9 * 1,2,3,4,5,6,9,10,11,12 1", "2026-03-09T09:00:00Z")]
    [InlineData("every day in december at 9am", "0 9 * 12 *", "2026-12-01T09:00:00Z", "2026-12-02T09:00:00Z")]
    [InlineData("every quarter on the 1st", "0 0 1 1,4,7,10 *", "2026-04-01T00:00:00Z", "2026-07-01T00:00:00Z", "2026-10-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("quarterly", "0 0 1 1,4,7,10 *", "2026-04-01T00:00:00Z", "2026-07-01T00:00:00Z")]
    [InlineData("every quarter on the last day", "0 0 L 3,6,9,12 *", "2026-03-31T00:00:00Z", "2026-06-30T00:00:00Z", "2026-09-30T00:00:00Z")]
    [InlineData("first monday of every quarter at 9am", "0 9 * 1,4,7,10 1#1", "2026-04-06T09:00:00Z", "2026-07-06T09:00:00Z")]
    [InlineData("every other month on the 1st", "0 0 1 2,4,6,8,10,12 *", "2026-04-01T00:00:00Z", "2026-06-01T00:00:00Z")]
    [InlineData("every 6 months on the 1st", "0 0 1 4,10 *", "2026-04-01T00:00:00Z", "2026-10-01T00:00:00Z", "2027-04-01T00:00:00Z")]
    [InlineData("daily at 7:30", "30 7 * * *", "2026-03-08T07:30:00Z", "2026-03-09T07:30:00Z")]
    [InlineData("weekdays at 9am", "0 9 * * 1-5", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z")]
    [InlineData("mondays at 8", "0 8 * * 1", "2026-03-09T08:00:00Z", "2026-03-16T08:00:00Z")]
    [InlineData("weekends at 10am", "0 10 * * 0,6", "2026-03-08T10:00:00Z", "2026-03-14T10:00:00Z")]
    [InlineData("hourly on weekdays", "0 * * * 1-5", "2026-03-09T00:00:00Z", "2026-03-09T01:00:00Z")]
    [InlineData("at 9am every weekday", "0 9 * * 1-5", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z")]
    [InlineData("at 9am and 5pm every day except sunday", "0 9,17 * * 1-6", "2026-03-07T17:00:00Z", "2026-03-09T09:00:00Z")]
    public void Broad_forms_compile_to_the_cron_that_says_them_exactly(string spec, string canonical, params string[] next)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(ScheduleKind.Cron, parsed.Kind);
        Assert.Equal(canonical, parsed.Canonical);
        Occurrences(parsed, next);
    }

    [Theory]
    [InlineData("every last friday of the month at 5pm", "on the last Friday of every month at 17:00 (UTC)")]
    [InlineData("first monday of every month at 10am", "on the first Monday of every month at 10:00 (UTC)")]
    [InlineData("every 2nd and 4th wednesday at 9am", "on the second and fourth Wednesday of every month at 09:00 (UTC)")]
    [InlineData("every 4th thursday of november", "on the fourth Thursday of November at 00:00 (UTC)")]
    [InlineData("every last weekday of the month at 6pm", "on the last weekday of every month at 18:00 (UTC)")]
    [InlineData("every weekday except friday at 9am", "every Monday through Thursday at 09:00 (UTC)")]
    [InlineData("every day at 9am, 1pm and 5pm", "every day at 09:00, 13:00 and 17:00 (UTC)")]
    [InlineData("weekdays at 9am and 5pm", "every weekday at 09:00 and 17:00 (UTC)")]
    [InlineData("every hour from 9am to 5pm", "every hour from 09:00 to 17:00 (UTC)")]
    [InlineData("every 30 minutes from 9am to 5:30pm on weekdays", "every 30 minutes from 09:00 to 17:30, every weekday (UTC)")]
    [InlineData("every quarter on the 1st", "on the 1st of January, April, July and October at 00:00 (UTC)")]
    [InlineData("every day in december at 9am", "every day in December at 09:00 (UTC)")]
    [InlineData("every 10 minutes on weekdays", "every 10 minutes, every weekday (UTC)")]
    [InlineData("every 15 minutes starting at 9:07", "every 15 minutes counted from 2026-03-07 09:07, starting 2026-03-07 12:07 (UTC)")]
    public void Broad_forms_read_back_in_english(string spec, string expected)
    {
        Assert.Equal(expected, ScheduleParser.Parse(spec, Options()).Description);
    }

    [Theory]
    // Before 09:07 today the first run is today's 09:07; after it, the next step counted from it (12:07 at noon), not
    // tomorrow's 09:07. Later runs are exact multiples.
    [InlineData("every 15 minutes starting at 9:07", "UTC", "2026-03-07T08:00:00Z", "2026-03-07T09:07:00Z", "2026-03-07T09:22:00Z", "2026-03-07T09:37:00Z")]
    [InlineData("every 15 minutes starting at 9:07", "UTC", "2026-03-07T12:00:00Z", "2026-03-07T12:07:00Z", "2026-03-07T12:22:00Z")]
    public void A_phase_anchors_an_exact_interval_at_today_s_time_or_its_next_step_from_it(string spec, string zone, string now, params string[] next)
    {
        var parsed = ScheduleParser.Parse(spec, Options(zone, Instant(now)));
        Assert.Equal(ScheduleKind.Interval, parsed.Kind);
        Assert.Equal(Instant(next[0]), parsed.Anchor);
        Occurrences(parsed, next, Instant(now));
    }

    [Theory]
    // A step that divides a day but not an hour, from a time of day, is that time's clock grid: the first run the next
    // time on the grid (13:30 Berlin time at 13:00, 12:30 at noon), and the later ones stay on the grid across DST.
    [InlineData("every 90 minutes starting at 9am", "Europe/Berlin", "2026-03-07T12:00:00Z", "2026-03-07T12:30:00Z", "2026-03-07T14:00:00Z")]
    [InlineData("every 2 hours beginning at 00:30", "UTC", "2026-03-07T12:00:00Z", "2026-03-07T12:30:00Z", "2026-03-07T14:30:00Z")]
    public void A_phase_of_a_step_that_divides_a_day_runs_on_its_clock_grid_from_the_grid_s_next_time(string spec, string zone, string now, params string[] next)
    {
        var parsed = ScheduleParser.Parse(spec, Options(zone, Instant(now)));
        Assert.Equal(ScheduleKind.Rule, parsed.Kind);
        Occurrences(parsed, next, Instant(now));
    }
}
