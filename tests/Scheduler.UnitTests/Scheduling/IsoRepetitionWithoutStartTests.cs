using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// ISO 8601 repetitions without a start (R/P1DT12H, R5/P1D) start when the schedule is made, or at its StartAt; a
/// period of days with hours steps the wall clock, so its times of day stay across DST in Berlin and New York.
/// </summary>
public sealed class IsoRepetitionWithoutStartTests
{
    [Fact]
    public void A_repetition_of_a_day_and_hours_without_a_start_steps_the_wall_clock_from_creation()
    {
        // Made Friday 2026-03-27 08:00 CET: the first run is one period on, Saturday 20:00 CET; then Monday 08:00 and
        // Tuesday 20:00, now CEST: the times of day stay across the spring-forward.
        var now = Instant("2026-03-27T07:00:00Z");
        var parsed = ScheduleParser.Parse("R/P1DT12H", Options("Europe/Berlin", now));
        Assert.Equal("DTSTART;TZID=Europe/Berlin:20260328T200000 RRULE:FREQ=HOURLY;INTERVAL=36", parsed.Canonical);
        Assert.Equal("every 1 day 12 hours on the wall clock, from 2026-03-28 20:00 (Europe/Berlin)", parsed.Description);
        Occurrences(parsed, ["2026-03-28T19:00:00Z", "2026-03-30T06:00:00Z", "2026-03-31T18:00:00Z"], after: now);
        // New York falls back on 2026-11-01: 20:00 EDT, then 08:00 EST and 20:00 EST.
        now = Instant("2026-10-30T12:00:00Z");
        Occurrences(ScheduleParser.Parse("R/P1DT12H", Options("America/New_York", now)),
            ["2026-11-01T00:00:00Z", "2026-11-02T13:00:00Z", "2026-11-04T01:00:00Z"], after: now);
    }

    [Fact]
    public void A_counted_repetition_without_a_start_starts_at_the_schedules_start_when_given()
    {
        var now = Instant("2026-03-27T07:00:00Z");
        var parsed = ScheduleParser.Parse("R5/P1D", Options("Europe/Berlin", now) with { StartAt = Instant("2026-03-28T08:00:00Z") });
        // 09:00 CET on Saturday, then 09:00 CEST: five runs and no more.
        Assert.Equal(["2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z", "2026-03-30T07:00:00Z", "2026-03-31T07:00:00Z", "2026-04-01T07:00:00Z"],
            parsed.Next(10, now).Select(o => o.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)));
        var mixed = ScheduleParser.Parse("R3/P1DT12H", Options("America/New_York", Instant("2026-03-01T00:00:00Z")) with { StartAt = Instant("2026-03-07T13:00:00Z") });
        // 08:00 EST, 20:00 EST the next day, 08:00 EDT after the spring-forward.
        Assert.Equal(["2026-03-07T13:00:00Z", "2026-03-09T00:00:00Z", "2026-03-10T12:00:00Z"],
            mixed.Next(10, Instant("2026-03-01T00:00:00Z")).Select(o => o.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_repetition_of_months_with_hours_is_refused_naming_both_kinds()
    {
        var e = Rejects("R/P1MT12H");
        Assert.Contains("months with clock units", e.Message);
        Assert.Contains("P1M", e.Message);
    }
}
