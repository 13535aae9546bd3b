using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// A BYSETPOS that can never pick anything is refused at once, naming the position, how many candidates the rule
/// yields in each period at most (the calendar's bound: 5 Mondays, 23 weekdays a month, the days listed) and the
/// positions accepted; it used to be a search that ran out of steps and called the rule "too sparse".
/// </summary>
public sealed class SetPositionRefusalTests
{
    [Theory]
    [InlineData("RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6", "BYSETPOS=6 never picks an occurrence: each monthly period yields at most 5 candidates, 5 days a month (BYDAY=MO); expected a position from 1 to 5 or from -5 to -1")]
    [InlineData("RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=24", "each monthly period yields at most 23 candidates, 23 days a month (BYDAY=MO,TU,WE,TH,FR); expected a position from 1 to 23")]
    [InlineData("RRULE:FREQ=WEEKLY;BYDAY=MO,FR;BYSETPOS=-3", "BYSETPOS=-3 never picks an occurrence: each weekly period yields at most 2 candidates, 2 days a week (BYDAY=MO,FR)")]
    [InlineData("RRULE:FREQ=MONTHLY;BYMONTHDAY=1,15;BYSETPOS=3", "each monthly period yields at most 2 candidates, 2 days a month (BYMONTHDAY=1,15)")]
    [InlineData("RRULE:FREQ=MONTHLY;BYDAY=1MO,-1FR;BYHOUR=9,17;BYSETPOS=5", "at most 4 candidates, 2 days a month (BYDAY=1MO,-1FR) × 2 times a day; expected a position from 1 to 4 or from -4 to -1")]
    [InlineData("RRULE:FREQ=YEARLY;BYDAY=MO;BYSETPOS=54", "each yearly period yields at most 53 candidates")]
    [InlineData("RRULE:FREQ=YEARLY;BYMONTH=1,7;BYMONTHDAY=1;BYSETPOS=3", "at most 2 candidates, 2 days a year (2 months × 1 day: BYMONTHDAY=1)")]
    [InlineData("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYSETPOS=2", "at most 1 candidate, 1 day a year (1 month × 1 day: BYMONTHDAY=29); expected BYSETPOS=1 or -1")]
    [InlineData("RRULE:FREQ=DAILY;BYHOUR=9,17;BYSETPOS=3", "each daily period yields at most 2 candidates, 1 day × 2 times a day")]
    public void A_position_past_the_candidates_is_named_with_those_accepted(string spec, string expected)
    {
        var e = Rejects(spec, "Europe/Berlin");
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain("sparse", e.Message);
    }

    [Theory]
    // The bound is the calendar's and never refuses a rule that runs: these are its extremes.
    [InlineData("RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=5", "2026-03-30T11:00:00Z")]
    [InlineData("RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=23", "2026-07-31T11:00:00Z")]
    [InlineData("RRULE:FREQ=YEARLY;BYDAY=MO;BYSETPOS=53", "2029-12-31T12:00:00Z")]
    [InlineData("RRULE:FREQ=MONTHLY;BYMONTHDAY=31;BYSETPOS=-1", "2026-03-31T11:00:00Z")]
    public void A_position_some_periods_have_is_accepted(string spec, string first)
    {
        var parsed = ScheduleParser.Parse(spec, Options("Europe/Berlin"));
        Occurrences(parsed, [first]);
    }
}
