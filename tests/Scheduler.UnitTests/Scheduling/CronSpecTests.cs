using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>Bare and prefixed cron, evaluated by Cronos; now is Saturday 2026-03-07 12:00 UTC.</summary>
public sealed class CronSpecTests
{
    [Theory]
    [InlineData("30 2 * * *", "30 2 * * *", "2026-03-08T02:30:00Z", "2026-03-09T02:30:00Z")]
    [InlineData("cron:30 2 * * *", "30 2 * * *", "2026-03-08T02:30:00Z", "2026-03-09T02:30:00Z")]
    [InlineData("CRON: 30  2 *  * *", "30 2 * * *", "2026-03-08T02:30:00Z", "2026-03-09T02:30:00Z")]
    [InlineData("0 30 2 * * *", "0 30 2 * * *", "2026-03-08T02:30:00Z", "2026-03-09T02:30:00Z")]
    [InlineData("15 30 2 * * *", "15 30 2 * * *", "2026-03-08T02:30:15Z", "2026-03-09T02:30:15Z")]
    [InlineData("*/10 * * * * *", "*/10 * * * * *", "2026-03-07T12:00:10Z", "2026-03-07T12:00:20Z")]
    [InlineData("*/15 * * * *", "*/15 * * * *", "2026-03-07T12:15:00Z", "2026-03-07T12:30:00Z")]
    [InlineData("0 9-17 * * *", "0 9-17 * * *", "2026-03-07T13:00:00Z", "2026-03-07T14:00:00Z")]
    [InlineData("0 9 * * MON", "0 9 * * MON", "2026-03-09T09:00:00Z", "2026-03-16T09:00:00Z")]
    [InlineData("0 9 * * mon-fri", "0 9 * * MON-FRI", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z")]
    [InlineData("0 9 * * 1,3,5", "0 9 * * 1,3,5", "2026-03-09T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("0 0 1 JAN *", "0 0 1 JAN *", "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z")]
    [InlineData("0 0 1 jan,jul *", "0 0 1 JAN,JUL *", "2026-07-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("0 0 L * *", "0 0 L * *", "2026-03-31T00:00:00Z", "2026-04-30T00:00:00Z", "2026-05-31T00:00:00Z")]
    [InlineData("0 0 L 2 *", "0 0 L 2 *", "2027-02-28T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("0 0 LW * *", "0 0 LW * *", "2026-03-31T00:00:00Z", "2026-04-30T00:00:00Z", "2026-05-29T00:00:00Z")]
    [InlineData("0 0 15W * *", "0 0 15W * *", "2026-03-16T00:00:00Z", "2026-04-15T00:00:00Z")]
    [InlineData("0 0 * * 5#3", "0 0 * * 5#3", "2026-03-20T00:00:00Z", "2026-04-17T00:00:00Z")]
    [InlineData("0 0 * * FRI#1", "0 0 * * FRI#1", "2026-04-03T00:00:00Z", "2026-05-01T00:00:00Z")]
    [InlineData("0 0 * * 5L", "0 0 * * 5L", "2026-03-27T00:00:00Z", "2026-04-24T00:00:00Z")]
    [InlineData("0 0 ? * 1", "0 0 ? * 1", "2026-03-09T00:00:00Z", "2026-03-16T00:00:00Z")]
    [InlineData("0 0 31 * *", "0 0 31 * *", "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z", "2026-07-31T00:00:00Z")]
    [InlineData("0 0 30 * *", "0 0 30 * *", "2026-03-30T00:00:00Z", "2026-04-30T00:00:00Z", "2026-05-30T00:00:00Z")]
    [InlineData("0 0 29 2 *", "0 0 29 2 *", "2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z")]
    [InlineData("0 12 29 * *", "0 12 29 * *", "2026-03-29T12:00:00Z", "2026-04-29T12:00:00Z")]
    [InlineData("@hourly", "@hourly", "2026-03-07T13:00:00Z", "2026-03-07T14:00:00Z")]
    [InlineData("@daily", "@daily", "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z")]
    [InlineData("@midnight", "@midnight", "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z")]
    [InlineData("@weekly", "@weekly", "2026-03-08T00:00:00Z", "2026-03-15T00:00:00Z")]
    [InlineData("@monthly", "@monthly", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z")]
    [InlineData("@yearly", "@yearly", "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z")]
    [InlineData("@ANNUALLY", "@annually", "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z")]
    [InlineData("@every_minute", "@every_minute", "2026-03-07T12:01:00Z", "2026-03-07T12:02:00Z")]
    [InlineData("cron:@daily", "@daily", "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z")]
    public void Cron_text_is_kept_normalized_and_evaluated_by_cronos(string spec, string canonical, params string[] next)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(ScheduleKind.Cron, parsed.Kind);
        Assert.Equal(canonical, parsed.Canonical);
        Occurrences(parsed, next);
    }

    [Fact]
    public void Leap_day_cron_skips_to_2028_after_the_last_leap_year()
    {
        var parsed = ScheduleParser.Parse("0 0 29 2 *", Options());
        Occurrences(parsed, ["2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z", "2036-02-29T00:00:00Z"]);
    }

    [Fact]
    public void A_day_of_month_and_a_weekday_both_given_must_both_match_as_in_hangfire()
    {
        // Vixie cron would also run every Friday; Cronos (Hangfire) and Celery run only on a Friday that is the 1st or 15th.
        Occurrences(ScheduleParser.Parse("30 4 1,15 * 5", Options()), ["2026-05-01T04:30:00Z", "2026-05-15T04:30:00Z", "2027-01-01T04:30:00Z"]);
    }

    [Theory]
    [InlineData("0 9 * * *", "Europe/Berlin", "2026-03-08T08:00:00Z")]
    [InlineData("0 9 * * *", "America/New_York", "2026-03-07T14:00:00Z")]
    [InlineData("0 9 * * *", "Australia/Sydney", "2026-03-07T22:00:00Z")]
    public void Cron_is_evaluated_in_the_schedule_zone(string spec, string zone, string first)
    {
        var parsed = ScheduleParser.Parse(spec, Options(zone));
        Assert.Equal(zone, parsed.TimeZone);
        Occurrences(parsed, [first]);
    }

    [Theory]
    [InlineData("cron:0 0 30 2 *")]
    [InlineData("0 0 31 4 *")]
    [InlineData("0 0 31 2,4,6 *")]
    [InlineData("0 0 0 30 2 *")]
    public void Cron_that_never_matches_is_refused_when_parsed(string spec)
    {
        var e = Rejects(spec);
        Assert.Contains("never matches", e.Message);
        Assert.Contains("expected", e.Message);
    }
}
