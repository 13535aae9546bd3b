using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>Kind + Canonical + TimeZone + Anchor is all a stored schedule needs to be rebuilt.</summary>
public sealed class RestoreTests
{
    [Theory]
    [InlineData("in 30 minutes", "UTC")]
    [InlineData("tomorrow at 2pm", "Europe/Berlin")]
    [InlineData("on dec 24 at 6pm", "America/New_York")]
    [InlineData("2026-07-27T14:30:00.123Z", "UTC")]
    [InlineData("every 90 minutes", "Europe/Berlin")]
    [InlineData("every 45s", "UTC")]
    [InlineData("every 2 weeks", "Australia/Sydney")]
    [InlineData("every:P1DT2H", "UTC")]
    [InlineData("every weekday at 9am", "Europe/Berlin")]
    [InlineData("every day at 2:30", "America/New_York")]
    [InlineData("every month on the last day at 18:00", "Australia/Sydney")]
    [InlineData("every day at 9:15:30", "UTC")]
    [InlineData("0 30 2 * * *", "UTC")]
    [InlineData("0 0 * * 5#3", "UTC")]
    [InlineData("@weekly", "Europe/Berlin")]
    [InlineData("hourly", "UTC")]
    public void Restore_rebuilds_an_equivalent_schedule(string spec, string zone)
    {
        var parsed = ScheduleParser.Parse(spec, Options(zone));
        var restored = ParsedSchedule.Restore(parsed.Kind, parsed.Canonical, parsed.TimeZone, parsed.Anchor, parsed.Description);
        Assert.Equal(parsed, restored);
        Assert.Equal(parsed.Next(5, Now), restored.Next(5, Now));
        var later = Now.AddDays(200);
        Assert.Equal(parsed.Next(3, later), restored.Next(3, later));
    }

    [Fact]
    public void Restore_of_the_canonical_text_through_the_parser_gives_the_same_occurrences()
    {
        var interval = ScheduleParser.Parse("every 1h30m", Options());
        Assert.Equal(interval.Interval, ScheduleParser.Parse("every:" + interval.Canonical, Options()).Interval);
        var once = ScheduleParser.Parse("tomorrow at 9am", Options("Europe/Berlin"));
        Assert.Equal(once.Anchor, ScheduleParser.Parse("at:" + once.Canonical, Options("Europe/Berlin")).Anchor);
        var cron = ScheduleParser.Parse("every mon,wed,fri at 7pm", Options("Europe/Berlin"));
        Assert.Equal(cron.Canonical, ScheduleParser.Parse("cron:" + cron.Canonical, Options("Europe/Berlin")).Canonical);
    }

    [Theory]
    [InlineData(ScheduleKind.Cron, "not cron", "UTC")]
    [InlineData(ScheduleKind.Interval, "PT0S", "UTC")]
    [InlineData(ScheduleKind.Cron, "0 9 * * *", "Nowhere/Land")]
    public void Restore_rejects_invalid_stored_values(ScheduleKind kind, string canonical, string zone)
    {
        Assert.Throws<ScheduleSpecException>(() => ParsedSchedule.Restore(kind, canonical, zone, Now));
    }
}
