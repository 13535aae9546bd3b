using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// Days of the month written out ("the first and fifteenth", "the twenty-first") and a "the" before each listed day
/// ("the 1st and the 15th"): the same days as "1st and 15th". Now is Saturday 2026-03-07 12:00 UTC.
/// </summary>
public sealed class SpelledDaySpecTests
{
    [Theory]
    [InlineData("on the first and fifteenth of every month at 9am", "0 9 1,15 * *", "2026-03-15T09:00:00Z", "2026-04-01T09:00:00Z", "2026-04-15T09:00:00Z")]
    [InlineData("every month on the first and the fifteenth at 9am", "0 9 1,15 * *", "2026-03-15T09:00:00Z", "2026-04-01T09:00:00Z", "2026-04-15T09:00:00Z")]
    [InlineData("on the 1st and the 15th of every month at noon", "0 12 1,15 * *", "2026-03-15T12:00:00Z", "2026-04-01T12:00:00Z", "2026-04-15T12:00:00Z")]
    [InlineData("on the fifteenth of every month", "0 0 15 * *", "2026-03-15T00:00:00Z", "2026-04-15T00:00:00Z", "2026-05-15T00:00:00Z")]
    [InlineData("every twenty-first at 9am", "0 9 21 * *", "2026-03-21T09:00:00Z", "2026-04-21T09:00:00Z", "2026-05-21T09:00:00Z")]
    [InlineData("every twenty first at 9am", "0 9 21 * *", "2026-03-21T09:00:00Z", "2026-04-21T09:00:00Z", "2026-05-21T09:00:00Z")]
    [InlineData("on the thirtieth of every month", "0 0 30 * *", "2026-03-30T00:00:00Z", "2026-04-30T00:00:00Z", "2026-05-30T00:00:00Z")]
    [InlineData("the tenth and twentieth of every month at 8:30", "30 8 10,20 * *", "2026-03-10T08:30:00Z", "2026-03-20T08:30:00Z", "2026-04-10T08:30:00Z")]
    public void A_day_written_out_is_that_day_of_every_month(string spec, string cron, params string[] expected)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(cron, parsed.Canonical);
        Occurrences(parsed, expected);
    }

    [Fact]
    public void A_sixth_day_counts_days_as_a_second_day_does()
    {
        // "every second day" is "every 2 days": the first 09:00 from now (Sunday), then every 6th day.
        Occurrences(ScheduleParser.Parse("every sixth day at 9am", Options()), ["2026-03-08T09:00:00Z", "2026-03-14T09:00:00Z", "2026-03-20T09:00:00Z"]);
    }

    [Fact]
    public void A_date_written_out_is_one_shot_as_its_digits_are()
    {
        var parsed = ScheduleParser.Parse("on the fifteenth of december at 9am", Options());
        Assert.Equal(ScheduleKind.Once, parsed.Kind);
        Occurrences(parsed, ["2026-12-15T09:00:00Z"]);
    }

    // "second" is also the unit: "twenty second" is 20 seconds, as "every twenty seconds" is; only "twenty-second" is the 22nd.
    [Theory]
    [InlineData("every twenty seconds", "PT20S")]
    [InlineData("every twenty second", "PT20S")]
    [InlineData("every thirty second", "PT30S")]
    public void Tens_before_second_is_a_number_of_seconds_not_a_day(string spec, string canonical)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(ScheduleKind.Interval, parsed.Kind);
        Assert.Equal(canonical, parsed.Canonical);
    }

    [Theory]
    [InlineData("in thirty seconds", "2026-03-07T12:00:30Z")]
    [InlineData("in thirty second", "2026-03-07T12:00:30Z")]
    [InlineData("in twenty second", "2026-03-07T12:00:20Z")]
    public void In_tens_seconds_is_that_many_seconds_from_now(string spec, string expected)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(ScheduleKind.Once, parsed.Kind);
        Occurrences(parsed, [expected]);
    }

    [Theory]
    [InlineData("on the twenty-second of every month", "0 0 22 * *")]
    [InlineData("on the thirty-first of every month at 9am", "0 9 31 * *")]
    [InlineData("on the thirty first of every month at 9am", "0 9 31 * *")]
    public void A_hyphenated_twenty_second_is_still_the_22nd(string spec, string cron)
    {
        Assert.Equal(cron, ScheduleParser.Parse(spec, Options()).Canonical);
    }
}
