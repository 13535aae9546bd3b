using Scheduler.Contracts.Scheduling;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// A zone whose local times .NET answers wrongly (a negative daylight delta: Europe/Dublin, Africa/Casablanca) is rebuilt
/// from its own instant conversions, which are right: every local time around every transition of 2000-2100 is then
/// invalid, ambiguous or of one offset exactly as the zone's instants say.
/// </summary>
public sealed class ZoneRepairTests
{
    [Theory]
    [InlineData("Europe/Dublin")]
    [InlineData("Africa/Casablanca")]
    [InlineData("Africa/El_Aaiun")]
    [InlineData("America/Nuuk")]
    [InlineData("Europe/London")]
    [InlineData("America/New_York")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("Asia/Tehran")]
    public void A_zone_as_resolved_answers_every_local_time_as_its_instants_do(string id)
    {
        var system = TimeZoneInfo.FindSystemTimeZoneById(id);
        var resolved = ScheduleTimeZones.Find(id);

        Assert.Equal(0, ZoneRepair.WrongAnswers(system, resolved));
        Assert.Equal(system.Id, resolved.Id);
    }

    [Fact]
    public void A_zone_dotnet_answers_rightly_is_kept_as_it_is()
    {
        var system = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        Assert.Equal(0, ZoneRepair.WrongAnswers(system, system));
        Assert.Same(system, ZoneRepair.Repaired(system));
    }

    [Theory]
    [InlineData("2027-03-28T01:30:00", true, false)]
    [InlineData("2026-10-25T01:30:00", false, true)]
    public void Dublin_skips_and_repeats_the_hours_london_does(string local, bool invalid, bool ambiguous)
    {
        var dublin = ScheduleTimeZones.Find("Europe/Dublin");
        var time = DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal((invalid, ambiguous), (dublin.IsInvalidTime(time), dublin.IsAmbiguousTime(time)));
        Assert.Equal(TimeSpan.FromHours(1), dublin.GetUtcOffset(new DateTime(2027, 7, 1, 12, 0, 0)));
        Assert.Equal(TimeSpan.Zero, dublin.GetUtcOffset(new DateTime(2027, 1, 1, 12, 0, 0)));
    }
}
