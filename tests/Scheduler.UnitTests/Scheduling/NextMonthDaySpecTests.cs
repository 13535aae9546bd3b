using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// "next month on the 1st", "on the 15th of next month at 9am": a one-shot on that day of next month, at 00:00 unless a
/// time is said, as any date is. Now is Saturday 2026-03-07 12:00 UTC (07:00 EST) in America/New_York, whose clocks
/// go forward on Mar 8, so April's wall times are EDT (UTC-4).
/// </summary>
public sealed class NextMonthDaySpecTests
{
    private const string NewYork = "America/New_York";

    [Theory]
    [InlineData("next month on the 1st", "2026-04-01T04:00:00Z")]
    [InlineData("next month on the 15th at 9am", "2026-04-15T13:00:00Z")]
    [InlineData("next month the 15th at 9am", "2026-04-15T13:00:00Z")]
    [InlineData("at 9am next month on the 15th", "2026-04-15T13:00:00Z")]
    [InlineData("on the 15th of next month at 9am", "2026-04-15T13:00:00Z")]
    [InlineData("at 9am on the 15th of next month", "2026-04-15T13:00:00Z")]
    [InlineData("the 15th next month at 9am", "2026-04-15T13:00:00Z")]
    [InlineData("the first of next month at 9am", "2026-04-01T13:00:00Z")]
    [InlineData("next month on the last day at 5pm", "2026-04-30T21:00:00Z")]
    [InlineData("the last day of next month at 5pm", "2026-04-30T21:00:00Z")]
    // A weekday of next month (April 2026 starts on a Wednesday).
    [InlineData("first monday of next month at 9am", "2026-04-06T13:00:00Z")]
    [InlineData("on the first monday of next month at 9am", "2026-04-06T13:00:00Z")]
    [InlineData("the second friday of next month at 5pm", "2026-04-10T21:00:00Z")]
    [InlineData("last friday of next month at 5pm", "2026-04-24T21:00:00Z")]
    [InlineData("fifth wednesday of next month", "2026-04-29T04:00:00Z")]
    // Without a day it stays a month from today, at the time said (or now's).
    [InlineData("next month at 9am", "2026-04-07T13:00:00Z")]
    public void A_day_of_next_month_is_one_run_on_that_date(string spec, string expected)
    {
        var parsed = ScheduleParser.Parse(spec, Options(NewYork));
        Assert.Equal(ScheduleKind.Once, parsed.Kind);
        Occurrences(parsed, [expected]);
        Assert.Single(parsed.Next(3, Now));
    }

    [Fact]
    public void Next_month_from_the_last_day_of_a_month_is_the_month_after_not_a_month_of_days_later()
    {
        var parsed = ScheduleParser.Parse("next month on the 28th at 9am", Options(NewYork, now: Instant("2027-01-31T15:00:00Z")));
        Occurrences(parsed, ["2027-02-28T14:00:00Z"], after: Instant("2027-01-31T15:00:00Z"));
    }

    [Theory]
    [InlineData("next month on the 31st", "next month, April 2026, has no 31st", "\"next month on the last day\"")]
    [InlineData("fifth monday of next month", "next month, April 2026, has no fifth Monday", "\"last monday of next month\"")]
    [InlineData("next mnth on the 1st", "unknown word \"mnth\" after \"next\"", "week, month, year")]
    [InlineData("next month on the 32nd", "invalid day of month \"32nd\"", "1st-31st")]
    [InlineData("on the 1st at 9am", "does not say whether it repeats", "\"on the 1st of next month at 9am\"")]
    public void A_day_next_month_does_not_have_or_a_misspelt_month_is_refused(string spec, string badPart, string suggestion)
    {
        var message = Rejects(spec, NewYork).Message;
        Assert.Contains(badPart, message);
        Assert.Contains(suggestion, message);
    }
}
