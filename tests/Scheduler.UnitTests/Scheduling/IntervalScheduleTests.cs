using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>Interval schedules are anchor + k × period, so they never drift however long they run.</summary>
public sealed class IntervalScheduleTests
{
    [Theory]
    [InlineData("every 90 minutes", 5400)]
    [InlineData("every 45s", 45)]
    [InlineData("every 7 seconds", 7)]
    [InlineData("every 1h30m", 5400)]
    public void The_960th_occurrence_is_exactly_anchor_plus_959_periods(string spec, int seconds)
    {
        var parsed = ScheduleParser.Parse(spec, Options("Europe/Berlin"));
        var period = TimeSpan.FromSeconds(seconds);
        Assert.Equal(period, parsed.Interval);
        var runs = parsed.Next(960, Now);
        Assert.Equal(960, runs.Count);
        Assert.Equal(parsed.Anchor!.Value + 959 * period, runs[959]);
        for (var i = 1; i < runs.Count; i++) Assert.Equal(period, runs[i] - runs[i - 1]);
    }

    [Fact]
    public void Occurrences_simulated_over_a_day_match_the_closed_form()
    {
        var parsed = ScheduleParser.Parse("every 45s", Options());
        var cursor = Now;
        for (var k = 0; k < 24 * 80; k++)
        {
            // A worker that wakes up a little late still lands back on the grid.
            var next = parsed.NextAfter(k % 3 == 0 ? cursor : cursor.AddMilliseconds(10))!.Value;
            Assert.Equal(parsed.Anchor!.Value.AddSeconds(45L * k), next);
            cursor = next;
        }
    }

    [Fact]
    public void Next_from_an_occurrence_includes_it()
    {
        var parsed = ScheduleParser.Parse("every 30m", Options());
        Assert.Equal(parsed.Anchor, parsed.NextFrom(parsed.Anchor!.Value));
        Assert.Equal(parsed.Anchor!.Value.AddMinutes(30), parsed.NextAfter(parsed.Anchor!.Value));
    }
}
