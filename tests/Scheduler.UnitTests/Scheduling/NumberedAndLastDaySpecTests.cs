using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// "every month on the 15th and last day": numbered days with the month's last (or a day counted back from it), as
/// RFC 5545's BYMONTHDAY=15,-1 says it; cron's day field cannot list L with numbers. Now is Saturday 2026-03-07 12:00 UTC.
/// </summary>
public sealed class NumberedAndLastDaySpecTests
{
    [Theory]
    [InlineData("every month on the 15th and last day at 9am")]
    [InlineData("on the 15th and the last day of every month at 9am")]
    [InlineData("every 15th and last day of the month at 9am")]
    [InlineData("every month on the last day and 15th at 9am")]
    [InlineData("RRULE:FREQ=MONTHLY;BYMONTHDAY=15,-1;BYHOUR=9;BYMINUTE=0;BYSECOND=0")]
    public void The_15th_and_the_last_day_both_run_every_month(string spec)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(ScheduleKind.Rule, parsed.Kind);
        Occurrences(parsed, ["2026-03-15T09:00:00Z", "2026-03-31T09:00:00Z", "2026-04-15T09:00:00Z", "2026-04-30T09:00:00Z", "2026-05-15T09:00:00Z"]);
    }

    [Fact]
    public void It_is_described_with_both_days()
    {
        var parsed = ScheduleParser.Parse("every month on the 15th and last day at 9am", Options());
        Assert.Equal("every month on the 15th and last day at 09:00 (UTC)", parsed.Description);
    }

    [Fact]
    public void A_numbered_day_that_is_also_the_last_runs_once_and_a_missing_one_is_skipped()
    {
        // April's 30th is its last day; February 2027 has neither a 30th nor more than its 28th.
        var next = ScheduleParser.Parse("every month on the 30th and last day", Options()).Next(8, Now);
        Assert.Equal(
            [Instant("2026-03-30T00:00:00Z"), Instant("2026-03-31T00:00:00Z"), Instant("2026-04-30T00:00:00Z"), Instant("2026-05-30T00:00:00Z"),
             Instant("2026-05-31T00:00:00Z"), Instant("2026-06-30T00:00:00Z"), Instant("2026-07-30T00:00:00Z"), Instant("2026-07-31T00:00:00Z")],
            next);
        Assert.Contains(Instant("2027-02-28T00:00:00Z"), ScheduleParser.Parse("every month on the 30th and last day", Options()).Next(30, Now));
    }

    [Fact]
    public void The_last_weekday_with_numbered_days_is_refused_naming_what_works()
    {
        var error = Rejects("every month on the last weekday and 15th");
        Assert.Contains("\"last weekday\" cannot be combined with numbered days", error.Message);
        Assert.Contains("\"the 15th and last day\" works", error.Message);
    }
}
