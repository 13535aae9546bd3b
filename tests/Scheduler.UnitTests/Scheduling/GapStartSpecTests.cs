using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// The start of an ISO repetition with a clock duration, or of an exact interval from a dated start, written at a wall
/// time a spring-forward skips: read with the offset before the gap (as RFC 5545, "starting at 2:07" and the calendar
/// durations read it), so every later run keeps the minute written. Before, the start moved to the gap's end (03:00)
/// and every run after it with it.
/// </summary>
public sealed class GapStartSpecTests
{
    [Theory]
    [InlineData("R/2026-03-08T02:30/PT1H", "2026-03-08T07:30:00Z", "2026-03-08T08:30:00Z", "2026-03-08T09:30:00Z")] // 03:30, 04:30, 05:30 EDT
    [InlineData("R/2026-03-08T02:30/PT24H", "2026-03-08T07:30:00Z", "2026-03-09T07:30:00Z", "2026-03-10T07:30:00Z")]
    [InlineData("R3/2026-03-08T02:30/PT15M", "2026-03-08T07:30:00Z", "2026-03-08T07:45:00Z", "2026-03-08T08:00:00Z")]
    [InlineData("every 15 minutes starting 2026-03-08T02:07", "2026-03-08T07:07:00Z", "2026-03-08T07:22:00Z", "2026-03-08T07:37:00Z")]
    [InlineData("every 2 hours starting tomorrow at 2:30am", "2026-03-08T07:30:00Z", "2026-03-08T09:30:00Z", "2026-03-08T11:30:00Z")]
    public void A_start_in_new_yorks_spring_forward_gap_keeps_its_minute(string spec, params string[] expected) =>
        Occurrences(ScheduleParser.Parse(spec, Options("America/New_York")), expected, Instant("2026-03-08T00:00:00Z"));

    [Fact]
    public void A_start_in_lord_howes_half_hour_gap_keeps_its_minute()
    {
        // 02:00 → 02:30 on 2026-10-04: 02:15 is read at +10:30, 15:45Z, shown as 02:45 at +11.
        var schedule = ScheduleParser.Parse("R/2026-10-04T02:15/PT1H", Options("Australia/Lord_Howe", Instant("2026-10-01T00:00:00Z")));
        Occurrences(schedule, ["2026-10-03T15:45:00Z", "2026-10-03T16:45:00Z"], Instant("2026-10-03T00:00:00Z"));
    }

    [Theory]
    [InlineData("R/2026-03-08T01:30/PT1H", "2026-03-08T06:30:00Z")]
    [InlineData("every 15 minutes starting 2026-03-08T03:07", "2026-03-08T07:07:00Z")]
    public void A_start_outside_the_gap_is_read_as_before(string spec, string first) =>
        Occurrences(ScheduleParser.Parse(spec, Options("America/New_York")), [first], Instant("2026-03-08T00:00:00Z"));

    [Fact]
    public void A_one_shot_in_the_gap_still_runs_at_the_gaps_end()
    {
        var once = ScheduleParser.Parse("at:2026-03-08T02:30", Options("America/New_York"));
        Assert.Equal(Instant("2026-03-08T07:00:00Z"), once.Anchor);
    }
}
