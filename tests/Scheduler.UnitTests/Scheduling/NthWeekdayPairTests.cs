using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// Nth weekdays named in pairs ("1st monday and 3rd friday") run on those pairs, not on every ordinal × every weekday;
/// "1st and 3rd monday and friday" is still all four. Now is Saturday 2026-03-07 12:00 UTC.
/// </summary>
public sealed class NthWeekdayPairTests
{
    [Fact]
    public void Nth_weekdays_named_in_pairs_run_on_those_pairs_only()
    {
        var parsed = ScheduleParser.Parse("every 1st monday and 3rd friday at 9am", Options());
        Assert.Equal(ScheduleKind.Rule, parsed.Kind);
        Assert.Contains("BYDAY=1MO,3FR", parsed.Canonical);
        Assert.Contains("first Monday and third Friday", parsed.Description);
        Occurrences(parsed, ["2026-03-20T09:00:00Z", "2026-04-06T09:00:00Z", "2026-04-17T09:00:00Z", "2026-05-04T09:00:00Z"]);
    }

    [Fact]
    public void Nth_weekdays_in_pairs_with_last_and_days_first()
    {
        var parsed = ScheduleParser.Parse("2nd tuesday and last thursday at 6pm", Options());
        Assert.Contains("BYDAY=-1TH,2TU", parsed.Canonical);
        Occurrences(parsed, ["2026-03-10T18:00:00Z", "2026-03-26T18:00:00Z", "2026-04-14T18:00:00Z", "2026-04-30T18:00:00Z"]);
    }

    [Fact]
    public void Weekdays_with_and_without_an_ordinal_together_are_refused()
    {
        var e = Rejects("every monday and 1st friday at 9am");
        Assert.Contains("some weekdays with an ordinal and some without", e.Message);
    }
}
