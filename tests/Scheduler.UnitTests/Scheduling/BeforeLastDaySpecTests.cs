using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// "every month on the second to last day": a day counted back from the month's last, as cron's L-1 and RFC 5545's
/// BYMONTHDAY=-2 say it, in every way people write it. Now is Saturday 2026-03-07 12:00 UTC.
/// </summary>
public sealed class BeforeLastDaySpecTests
{
    [Theory]
    [InlineData("every month on the second to last day at 9am")]
    [InlineData("every month on the 2nd-to-last day at 9am")]
    [InlineData("every month on the second last day at 9am")]
    [InlineData("on the penultimate day of every month at 9am")]
    [InlineData("2nd to last day of every month at 9am")]
    [InlineData("the second-to-last day of each month at 9am")]
    [InlineData("cron:0 9 L-1 * *")]
    [InlineData("every month on the second to last day at 9am 3 times")]
    [InlineData("RRULE:FREQ=MONTHLY;BYMONTHDAY=-2;BYHOUR=9;BYMINUTE=0;BYSECOND=0")]
    public void The_second_to_last_day_is_the_day_before_the_months_last(string spec)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(
            [Instant("2026-03-30T09:00:00Z"), Instant("2026-04-29T09:00:00Z"), Instant("2026-05-30T09:00:00Z")],
            parsed.Next(3, Now));
    }

    [Fact]
    public void A_day_further_back_counts_from_the_last_in_every_month_and_is_described_so()
    {
        var parsed = ScheduleParser.Parse("every month on the 3rd to last day", Options());
        Assert.Equal("every month on the 3rd to last day at 00:00 (UTC)", parsed.Description);
        // February 2027 has 28 days: its 3rd to last is the 26th.
        Assert.Contains(Instant("2027-02-26T00:00:00Z"), parsed.Next(12, Now));
    }

    [Theory]
    [InlineData("every month on the 30th to last day", "expected second to 28th to last")]
    [InlineData("every month on the second to last", "expected \"day\"")]
    public void A_day_before_the_last_that_not_every_month_has_or_that_is_unfinished_is_refused(string spec, string expected)
    {
        Assert.Contains(expected, Rejects(spec).Message);
    }
}
