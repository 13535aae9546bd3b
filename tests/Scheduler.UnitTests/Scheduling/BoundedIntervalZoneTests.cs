using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// A bounded exact interval ("every 5 minutes 3 times", "R3/…/PT30M") runs on the UTC clock (its DTSTART ends in Z so
/// the steps stay absolute time), but it is the spec's schedule in the spec's zone: the zone stored is the one given,
/// the one its description names and the one a spec read again later is read in.
/// </summary>
public sealed class BoundedIntervalZoneTests
{
    [Theory]
    [InlineData("every 5 minutes 3 times", "DTSTART:20260307T120500Z RRULE:FREQ=MINUTELY;INTERVAL=5;COUNT=3", "every 5 minutes, from 2026-03-07 13:05, 3 times (Europe/Berlin)")]
    [InlineData("every quarter hour 3 times", "DTSTART:20260307T121500Z RRULE:FREQ=MINUTELY;INTERVAL=15;COUNT=3", "every 15 minutes, from 2026-03-07 13:15, 3 times (Europe/Berlin)")]
    [InlineData("every hour at :15 and :45 3 times", "DTSTART:20260307T121500Z RRULE:FREQ=HOURLY;COUNT=3;BYSECOND=0;BYMINUTE=15,45", "every hour at minutes 15 and 45, from 2026-03-07 13:15, 3 times (Europe/Berlin)")]
    [InlineData("R3/2026-12-01T09:00/PT30M", "DTSTART:20261201T080000Z RRULE:FREQ=MINUTELY;INTERVAL=30;COUNT=3", "every 30 minutes, 3 times, from 2026-12-01 09:00 (Europe/Berlin)")]
    [InlineData("R3/PT1H", "DTSTART:20260307T130000Z RRULE:FREQ=HOURLY;COUNT=3", "every hour, 3 times, from 2026-03-07 14:00 (Europe/Berlin)")]
    public void The_zone_stored_is_the_one_given_and_described(string spec, string canonical, string description)
    {
        var parsed = ScheduleParser.Parse(spec, Options("Europe/Berlin"));
        Assert.Equal(ScheduleKind.Rule, parsed.Kind);
        Assert.Equal(canonical, parsed.Canonical);
        Assert.Equal("Europe/Berlin", parsed.TimeZone);
        Assert.Equal(description, parsed.Description);
        // Restored from what is stored, it runs at the same instants; the preview shows them at Berlin's offset.
        var restored = ParsedSchedule.Restore(parsed.Kind, parsed.Canonical, parsed.TimeZone, parsed.Anchor, parsed.Description);
        Assert.Equal(parsed.Next(5, Now), restored.Next(5, Now));
        Assert.All(restored.NextInZone(3, Now), o => Assert.Equal(TimeSpan.FromHours(1), o.Offset));
    }

    [Fact]
    public void Its_steps_stay_exact_across_fall_back()
    {
        // 2026-10-25 repeats 02:00-03:00 in Berlin: every 30 minutes of real time runs, in both passes.
        var now = Instant("2026-10-24T23:50:00Z");
        var parsed = ScheduleParser.Parse("every 30 minutes 5 times starting 2026-10-25T02:00:00+02:00", Options("Europe/Berlin", now));
        Assert.Equal("Europe/Berlin", parsed.TimeZone);
        Occurrences(parsed, ["2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z", "2026-10-25T01:30:00Z", "2026-10-25T02:00:00Z"], after: now);
    }

    [Fact]
    public void A_rule_written_with_a_utc_start_keeps_utc()
    {
        // Written by hand, "…Z" is the rule's zone, as the README says: only compiled intervals keep the spec's zone.
        var parsed = ScheduleParser.Parse("DTSTART:20261201T090000Z RRULE:FREQ=HOURLY;COUNT=3", Options("Europe/Berlin"));
        Assert.Equal("UTC", parsed.TimeZone);
    }
}
