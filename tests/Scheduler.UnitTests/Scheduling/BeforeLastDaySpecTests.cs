using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// "every month on the second to last day": a day counted back from the month's last, as cron's L-1 and RFC 5545's
/// BYMONTHDAY=-2 say it, in every way people write it; and "every second to last friday", a weekday counted back
/// (RFC 5545's BYDAY=-2FR, which cron cannot say). Now is Saturday 2026-03-07 12:00 UTC.
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

    // March 2026 has four Fridays (the second to last is the 3rd, the 20th), May five (the 4th, the 22nd). New York's
    // clocks go forward on Mar 8: 09:00 is 13:00 UTC in all three, 14:00 before.
    [Theory]
    [InlineData("every 2nd last friday at 9am")]
    [InlineData("every second to last friday of the month at 9am")]
    [InlineData("the 2nd-to-last friday of every month at 9am")]
    [InlineData("on the penultimate friday of every month at 9am")]
    [InlineData("every month on the second to last friday at 9am")]
    [InlineData("at 9am on the second last friday of each month")]
    [InlineData("RRULE:FREQ=MONTHLY;BYDAY=-2FR;BYHOUR=9;BYMINUTE=0;BYSECOND=0")]
    public void The_second_to_last_friday_is_counted_back_from_the_months_end(string spec)
    {
        var parsed = ScheduleParser.Parse(spec, Options("America/New_York"));
        Assert.Equal(ScheduleKind.Rule, parsed.Kind);
        Occurrences(parsed, ["2026-03-20T13:00:00Z", "2026-04-17T13:00:00Z", "2026-05-22T13:00:00Z"]);
    }

    [Fact]
    public void The_second_to_last_friday_compiles_to_an_rfc_5545_rule_and_is_described_so()
    {
        var parsed = ScheduleParser.Parse("every second to last friday of the month at 9am", Options("America/New_York"));
        Assert.Equal("DTSTART;TZID=America/New_York:20260320T090000 RRULE:FREQ=MONTHLY;BYSECOND=0;BYMINUTE=0;BYHOUR=9;BYDAY=-2FR X-DST-GAP:AFTER", parsed.Canonical);
        Assert.Equal("every month on the second to last Friday at 09:00 (America/New_York)", parsed.Description);
    }

    // One rule, two ways in: typed as RFC 5545 or said in English, a weekday counted back reads in words, as "first
    // Monday" does, and a day counted back as a numeral, as "15th" does.
    [Theory]
    [InlineData("RRULE:FREQ=MONTHLY;BYDAY=-2FR;BYHOUR=9;BYMINUTE=0;BYSECOND=0", "the second to last Friday")]
    [InlineData("every second to last friday of the month at 9am", "the second to last Friday")]
    [InlineData("RRULE:FREQ=MONTHLY;BYDAY=-3MO,2TU;BYHOUR=9;BYMINUTE=0;BYSECOND=0", "the third to last Monday and the second Tuesday")]
    [InlineData("RRULE:FREQ=MONTHLY;BYMONTHDAY=-2;BYHOUR=9;BYMINUTE=0;BYSECOND=0", "the 2nd to last day")]
    [InlineData("every month on the second to last day at 9am 3 times", "the 2nd to last day")]
    public void A_day_counted_back_is_described_alike_whether_typed_as_a_rule_or_in_english(string spec, string expected)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(ScheduleKind.Rule, parsed.Kind);
        Assert.Contains(expected, parsed.Description);
        Assert.DoesNotContain("2nd to last Friday", parsed.Description);
    }

    [Theory]
    [InlineData("every 1st monday and second to last friday at 9am", "BYDAY=-2FR,1MO", "2026-03-20T09:00:00Z", "2026-04-06T09:00:00Z", "2026-04-17T09:00:00Z")]
    [InlineData("every quarter on the second to last friday", "BYDAY=-2FR;BYMONTH=3,6,9,12", "2026-03-20T00:00:00Z", "2026-06-19T00:00:00Z", "2026-09-18T00:00:00Z")]
    public void A_weekday_counted_back_goes_with_other_days_and_periods(string spec, string rule, params string[] expected)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Contains(rule, parsed.Canonical);
        Occurrences(parsed, expected);
    }

    [Theory]
    [InlineData("every second to last fryday", "unknown weekday \"fryday\"")]
    [InlineData("every 6th to last friday", "there is no 6th to last friday in a month")]
    [InlineData("every second to last weekday", "expected \"first weekday\" or \"last weekday\"")]
    [InlineData("at 9am on the second to last friday", "\"on the second to last friday of every month at 9am\"")]
    public void A_weekday_counted_back_that_is_misspelt_or_missing_is_refused(string spec, string expected)
    {
        Assert.Contains(expected, Rejects(spec).Message);
    }

    [Theory]
    [InlineData("every month on the 30th to last day", "expected second to 28th to last")]
    [InlineData("every month on the second to last", "expected \"day\"")]
    public void A_day_before_the_last_that_not_every_month_has_or_that_is_unfinished_is_refused(string spec, string expected)
    {
        Assert.Contains(expected, Rejects(spec).Message);
    }
}
