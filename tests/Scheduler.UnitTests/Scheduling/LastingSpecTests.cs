using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// "for 10 weeks", "for 2 hours": how long a schedule runs, from its first run. An exact step counts its steps; a
/// calendar schedule runs on the days from its first run's date, that date counted as the first. Now is Saturday
/// 2026-03-07 12:00 UTC in UTC unless a row names another now and zone.
/// </summary>
public sealed class LastingSpecTests
{
    [Theory]
    [InlineData("every monday at 9am for 10 weeks", 10, "2026-03-09T09:00:00Z", "2026-05-11T09:00:00Z")]
    [InlineData("every day at 9am for 5 days", 5, "2026-03-08T09:00:00Z", "2026-03-12T09:00:00Z")]
    [InlineData("every weekday at 9am for 2 weeks", 10, "2026-03-09T09:00:00Z", "2026-03-20T09:00:00Z")]
    [InlineData("every 15 minutes for 2 hours", 8, "2026-03-07T12:15:00Z", "2026-03-07T14:00:00Z")]
    [InlineData("every 2 hours for 3 days", 36, "2026-03-07T14:00:00Z", "2026-03-10T12:00:00Z")]
    [InlineData("every hour on the hour for 5 hours", 5, "2026-03-07T12:00:00Z", "2026-03-07T16:00:00Z")]
    [InlineData("every quarter hour for 1 hour", 4, "2026-03-07T12:15:00Z", "2026-03-07T13:00:00Z")]
    // A length the step does not divide: every run that starts within it counts.
    [InlineData("every 45 minutes for 2 hours", 3, "2026-03-07T12:45:00Z", "2026-03-07T14:15:00Z")]
    [InlineData("every 2 hours for 3 hours", 2, "2026-03-07T14:00:00Z", "2026-03-07T16:00:00Z")]
    [InlineData("every week for 30 days", 5, "2026-03-14T12:00:00Z", "2026-04-11T12:00:00Z")]
    public void A_schedule_for_a_length_of_time_runs_that_many_times_from_its_first_run(string spec, int runs, string first, string last)
    {
        // From just before now: a minute of every hour counts a run due at now itself (now is on the hour).
        AssertRuns(spec, Now.AddTicks(-1), runs, first, last);
    }

    // Now is a Saturday: "until saturday" is the next one, a week on; the end date is the last with a run.
    [Theory]
    [InlineData("every day at 9am until friday", 6, "2026-03-08T09:00:00Z", "2026-03-13T09:00:00Z")]
    [InlineData("every day at 9am until next tuesday", 3, "2026-03-08T09:00:00Z", "2026-03-10T09:00:00Z")]
    [InlineData("every day at 9am until saturday", 7, "2026-03-08T09:00:00Z", "2026-03-14T09:00:00Z")]
    [InlineData("every 6 hours until tomorrow", 5, "2026-03-07T18:00:00Z", "2026-03-08T18:00:00Z")]
    [InlineData("every day at 9am until the end of the month", 24, "2026-03-08T09:00:00Z", "2026-03-31T09:00:00Z")]
    [InlineData("every month on the 1st until end of year", 9, "2026-04-01T00:00:00Z", "2026-12-01T00:00:00Z")]
    [InlineData("every 6 hours until the end of the week", 5, "2026-03-07T18:00:00Z", "2026-03-08T18:00:00Z")]
    public void An_end_said_from_today_is_the_last_date_with_a_run(string spec, int runs, string first, string last)
    {
        AssertRuns(spec, Now, runs, first, last);
    }

    // Weeks run Monday to Sunday (RFC 5545's default WKST=MO, ISO 8601), so the week ends on Sunday, all of it local:
    // in New York the clocks go forward on Sunday 2026-03-08, so its last hour starts at 23:00 EDT, 03:00 UTC Monday.
    [Theory]
    [InlineData("every day at 9am until the end of the week", "America/New_York", "2026-03-07T12:00:00Z", 2, "2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z")]
    [InlineData("every hour on the hour until the end of this week", "America/New_York", "2026-03-07T12:00:00Z", 39, "2026-03-07T13:00:00Z", "2026-03-09T03:00:00Z")]
    [InlineData("every day at 9am until end of week", "Europe/Berlin", "2026-03-09T06:00:00Z", 7, "2026-03-09T08:00:00Z", "2026-03-15T08:00:00Z")]
    [InlineData("every day at 5pm until the end of the week", "Europe/Berlin", "2026-03-08T10:00:00Z", 1, "2026-03-08T16:00:00Z", "2026-03-08T16:00:00Z")]
    [InlineData("every 6 hours until the end of the week", "Europe/Berlin", "2026-03-27T10:00:00Z", 9, "2026-03-27T16:00:00Z", "2026-03-29T16:00:00Z")]
    public void The_end_of_the_week_is_the_end_of_its_sunday_local_time(string spec, string zone, string now, int runs, string first, string last)
    {
        AssertRuns(spec, Instant(now), runs, first, last, Options(zone, now: Instant(now)));
    }

    private static void AssertRuns(string spec, DateTimeOffset after, int runs, string first, string last, ScheduleParseOptions? options = null)
    {
        var all = ScheduleParser.Parse(spec, options ?? Options()).Next(runs + 5, after);
        Assert.Equal(runs, all.Count);
        Assert.Equal(Instant(first), all[0]);
        Assert.Equal(Instant(last), all[^1]);
    }

    [Theory]
    [InlineData("every day at 9am until whenever", "\"until the end of the month\"")]
    [InlineData("every day at 9am until friday until dec 31", "two end dates")]
    [InlineData("every day at 9am until the end of the wek", "unknown word \"wek\" in \"every day at 9am until the end of the wek\"; expected \"week\", \"month\", \"year\" or a month (jan..dec)")]
    [InlineData("every day at 9am until the end of the week", "ends before its first run on 2026-03-09", "2026-03-08T10:00:00Z", "Europe/Berlin")]
    [InlineData("every day at 9am for 5 days until dec 31", "both how long it runs")]
    [InlineData("every 10 minutes for 5 minutes", "less than one step")]
    [InlineData("every day at 9am for 2 hours", "needs whole days, weeks or months")]
    [InlineData("every 2 hours for 1 month", "counts months or years")]
    public void A_length_that_cannot_bound_the_schedule_is_refused(string spec, string expected, string? now = null, string zone = "UTC")
    {
        var options = Options(zone, now: now is null ? null : Instant(now));
        Assert.Contains(expected, Assert.Throws<ScheduleSpecException>(() => ScheduleParser.Parse(spec, options)).Message);
    }
}
