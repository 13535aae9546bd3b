using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// Wall-clock schedules across the 2026 transitions: skipped times run at the end of the gap, ambiguous ones once,
/// at the first occurrence. Intervals ignore DST entirely.
/// </summary>
public sealed class DstScheduleTests
{
    [Theory]
    // Berlin: spring forward 2026-03-29 02:00 → 03:00, fall back 2026-10-25 03:00 → 02:00.
    [InlineData("every day at 2:30", "Europe/Berlin", "2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z")]
    [InlineData("every day at 2:30", "Europe/Berlin", "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z", "2026-10-27T01:30:00Z")]
    [InlineData("30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z")]
    [InlineData("every day at 9am", "Europe/Berlin", "2026-03-28T12:00:00Z", "2026-03-29T07:00:00Z", "2026-03-30T07:00:00Z")]
    [InlineData("every sunday at 2:30", "Europe/Berlin", "2026-10-20T00:00:00Z", "2026-10-25T00:30:00Z", "2026-11-01T01:30:00Z")]
    // New York: spring forward 2026-03-08 02:00 → 03:00, fall back 2026-11-01 02:00 → 01:00.
    [InlineData("every day at 2:30", "America/New_York", "2026-03-07T12:00:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z")]
    [InlineData("every day at 1:30", "America/New_York", "2026-10-31T12:00:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z")]
    [InlineData("every day at 9am", "America/New_York", "2026-03-07T12:00:00Z", "2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z", "2026-03-09T13:00:00Z")]
    // Sydney: fall back 2026-04-05 03:00 → 02:00, spring forward 2026-10-04 02:00 → 03:00.
    [InlineData("every day at 2:30", "Australia/Sydney", "2026-04-04T00:00:00Z", "2026-04-04T15:30:00Z", "2026-04-05T16:30:00Z")]
    [InlineData("every day at 2:30", "Australia/Sydney", "2026-10-03T00:00:00Z", "2026-10-03T16:00:00Z", "2026-10-04T15:30:00Z")]
    [InlineData("every weekday at 9am", "Australia/Sydney", "2026-04-02T12:00:00Z", "2026-04-02T22:00:00Z", "2026-04-05T23:00:00Z")]
    // The broad English forms are the same cron, so the same rules hold: Berlin's last Sunday of March is the
    // spring-forward day (02:30 runs at 03:00 CEST), New York's first Sunday of November the fall-back day (01:30 once).
    [InlineData("every last sunday of the month at 2:30", "Europe/Berlin", "2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z", "2026-04-26T00:30:00Z")]
    [InlineData("every last sunday of the month at 2:30", "Europe/Berlin", "2026-10-20T00:00:00Z", "2026-10-25T00:30:00Z", "2026-11-29T01:30:00Z")]
    [InlineData("first sunday of every month at 1:30am", "America/New_York", "2026-10-31T12:00:00Z", "2026-11-01T05:30:00Z", "2026-12-06T06:30:00Z")]
    [InlineData("every 2nd sunday of march at 2:30", "America/New_York", "2026-03-01T00:00:00Z", "2026-03-08T07:00:00Z", "2027-03-14T07:00:00Z")]
    [InlineData("weekdays at 9am and 5pm", "Europe/Berlin", "2026-03-27T12:00:00Z", "2026-03-27T16:00:00Z", "2026-03-30T07:00:00Z", "2026-03-30T15:00:00Z")]
    // A window steps through the wall clock; on the fall-back night the repeated hour runs in both offsets (Cronos
    // treats ranges and steps as intervals), so every 30 minutes of real time between 01:00 and 03:30 has a run.
    [InlineData("every 30 minutes from 1am to 3:30am", "Europe/Berlin", "2026-10-24T12:00:00Z", "2026-10-24T23:00:00Z", "2026-10-24T23:30:00Z", "2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z", "2026-10-25T01:30:00Z", "2026-10-25T02:00:00Z", "2026-10-25T02:30:00Z")]
    // Named hours are wall-clock times, whatever the minutes: a step in them runs the repeated hour once, as a list does
    // (Cronos alone runs "*/30 1 * * *" four times on the fall-back day); every hour keeps both passes.
    [InlineData("*/30 1 * * *", "America/New_York", "2026-11-01T04:00:00Z", "2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:00:00Z")]
    [InlineData("0,30 1 * * *", "America/New_York", "2026-11-01T04:00:00Z", "2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:00:00Z")]
    [InlineData("0 */30 1 * * *", "America/New_York", "2026-11-01T04:00:00Z", "2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:00:00Z")]
    [InlineData("30 1-1 * * *", "America/New_York", "2026-11-01T04:00:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z")]
    [InlineData("*/30 * * * *", "America/New_York", "2026-11-01T04:50:00Z", "2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T06:00:00Z", "2026-11-01T06:30:00Z")]
    // Dublin and Casablanca: tzdata gives them a negative daylight delta, whose local times .NET answers wrongly (01:30 on
    // Dublin's spring-forward day was taken as 00:30 UTC, and the next occurrence never moved past it): see ZoneRepair.
    // Dublin: spring forward 2027-03-28 01:00 → 02:00, fall back 2026-10-25 02:00 → 01:00, as London.
    [InlineData("every day at 1:30am", "Europe/Dublin", "2027-03-27T00:00:00Z", "2027-03-27T01:30:00Z", "2027-03-28T01:00:00Z", "2027-03-29T00:30:00Z")]
    [InlineData("*/30 * * * *", "Europe/Dublin", "2027-03-28T00:00:00Z", "2027-03-28T00:30:00Z", "2027-03-28T01:00:00Z", "2027-03-28T01:30:00Z")]
    [InlineData("*/30 * * * *", "Europe/Dublin", "2026-10-24T23:45:00Z", "2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z", "2026-10-25T01:30:00Z", "2026-10-25T02:00:00Z")]
    [InlineData("every day at 1:30am", "Europe/Dublin", "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z")]
    // Casablanca: +01, at +00 through Ramadan (back 2027-03-14 02:00 → 03:00).
    [InlineData("30 2 * * *", "Africa/Casablanca", "2027-03-12T00:00:00Z", "2027-03-12T02:30:00Z", "2027-03-13T02:30:00Z", "2027-03-14T02:00:00Z", "2027-03-15T01:30:00Z")]
    public void Wall_clock_cron_follows_dst_in_the_zone(string spec, string zone, string after, params string[] next)
    {
        var parsed = ScheduleParser.Parse(spec, Options(zone));
        Assert.Equal(ScheduleKind.Cron, parsed.Kind);
        Occurrences(parsed, next, Instant(after));
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-28T12:00:00Z")]
    [InlineData("America/New_York", "2026-11-01T00:00:00Z")]
    [InlineData("Australia/Sydney", "2026-10-03T00:00:00Z")]
    public void Intervals_stay_exact_across_dst_transitions(string zone, string now)
    {
        var parsed = ScheduleParser.Parse("every 1h", Options(zone, Instant(now)));
        var runs = parsed.Next(48, Instant(now));
        for (var i = 0; i < runs.Count; i++) Assert.Equal(Instant(now).AddHours(i + 1), runs[i]);
    }

    [Theory]
    // Said just after midnight, so the day's 02:07 is still to come and is the first run.
    // 02:07 does not exist on 2026-03-29 in Berlin: read with the offset before the gap it is 03:07 CEST, and every run
    // after it keeps minute 7 (the gap's end, 03:00, would move them all to :00, :15, …).
    [InlineData("every 15 minutes starting at 2:07", "Europe/Berlin", "2026-03-28T23:30:00Z", "2026-03-29T01:07:00Z", "2026-03-29T01:22:00Z")]
    // A step that divides a day but not an hour keeps its clock grid: 02:30 (read as 03:30 CEST that day), then 14:30.
    [InlineData("every 12 hours starting at 2:30", "Europe/Berlin", "2026-03-28T23:30:00Z", "2026-03-29T01:30:00Z", "2026-03-29T12:30:00Z")]
    [InlineData("every 15 minutes starting at 2:07", "America/New_York", "2026-03-08T05:30:00Z", "2026-03-08T07:07:00Z", "2026-03-08T07:22:00Z")]
    public void An_interval_anchored_at_a_time_a_spring_forward_skips_keeps_its_minute(string spec, string zone, string now, params string[] next)
    {
        Occurrences(ScheduleParser.Parse(spec, Options(zone, Instant(now))), next, Instant(now));
    }

    [Theory]
    [InlineData("tomorrow", "Europe/Berlin", "2026-03-28T12:00:00Z", "2026-03-29T11:00:00Z")]
    [InlineData("tomorrow", "America/New_York", "2026-10-31T16:00:00Z", "2026-11-01T17:00:00Z")]
    [InlineData("tomorrow at 2:30", "Europe/Berlin", "2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z")]
    [InlineData("tomorrow at 2:30", "Europe/Berlin", "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z")]
    [InlineData("tomorrow at 1:30am", "America/New_York", "2026-10-31T12:00:00Z", "2026-11-01T05:30:00Z")]
    [InlineData("tomorrow at 2:30", "Australia/Sydney", "2026-04-04T00:00:00Z", "2026-04-04T15:30:00Z")]
    [InlineData("tomorrow at 2:30", "Australia/Sydney", "2026-10-03T00:00:00Z", "2026-10-03T16:00:00Z")]
    [InlineData("in 1 day", "Europe/Berlin", "2026-03-28T12:00:00Z", "2026-03-29T12:00:00Z")]
    public void One_shot_wall_clock_specs_apply_the_same_dst_rules(string spec, string zone, string now, string expected)
    {
        Assert.Equal(Instant(expected), ScheduleParser.Parse(spec, Options(zone, Instant(now))).Anchor);
    }
}
