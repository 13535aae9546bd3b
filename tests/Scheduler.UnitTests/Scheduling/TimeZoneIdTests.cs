using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// A zone id written in another case resolves to the zone's own id, which is what a schedule stores: a fresh
/// process looks the stored id up again, and zone files are matched by exact name.
/// </summary>
public sealed class TimeZoneIdTests
{
    [Theory]
    [InlineData("every day at 9am")]
    [InlineData("every other day at 9am")]
    [InlineData("in 5 minutes")]
    [InlineData("every 5 minutes")]
    [InlineData("RRULE:FREQ=DAILY;BYHOUR=9")]
    [InlineData("R/P1D")]
    public void A_zone_in_another_case_is_stored_as_its_canonical_id(string spec)
    {
        _ = ScheduleParser.Parse(spec, Options("Europe/Berlin"));
        var parsed = ScheduleParser.Parse(spec, Options("europe/berlin"));
        Assert.Equal("Europe/Berlin", parsed.TimeZone);
        Assert.DoesNotContain("europe/berlin", parsed.Canonical);
        Assert.DoesNotContain("europe/berlin", parsed.Description);
    }

    [Fact]
    public void A_zone_not_yet_looked_up_resolves_in_any_case()
    {
        Assert.Equal("America/Argentina/Ushuaia", ScheduleParser.Parse("every day at 9am", Options("AMERICA/ARGENTINA/USHUAIA")).TimeZone);
    }

    [Theory]
    // Aliases of the zone database (not in the system's list of zones) in any case, first looked up that way.
    [InlineData("us/mountain", "US/Mountain")]
    [InlineData("ASIA/CALCUTTA", "Asia/Calcutta")]
    [InlineData("etc/gmt+5", "Etc/GMT+5")]
    public void An_alias_zone_resolves_in_any_case(string given, string stored) =>
        Assert.Equal(stored, ScheduleParser.Parse("every day at 9am", Options(given)).TimeZone);

    [Fact]
    public void A_dtstart_tzid_in_another_case_is_written_with_the_canonical_id()
    {
        var parsed = ScheduleParser.Parse("DTSTART;TZID=europe/berlin:20261201T090000 RRULE:FREQ=DAILY", Options());
        Assert.Equal("Europe/Berlin", parsed.TimeZone);
        Assert.Contains("TZID=Europe/Berlin:", parsed.Canonical);
    }

    [Fact]
    public void Utc_in_lower_case_is_utc()
    {
        var parsed = ScheduleParser.Parse("every day at 9am until dec 31", Options("utc"));
        Assert.Equal("UTC", parsed.TimeZone);
    }
}
