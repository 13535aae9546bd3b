using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// A step from a time of day with days named ("every 4 hours starting at 2am on weekdays"): the wall-clock grid of the
/// step on those days, an RFC 5545 rule with BYDAY/BYHOUR/BYMINUTE, in Berlin across both DST changes. A grid whose
/// times before the one named would also run, or a step that does not divide a day, is refused with windows to write.
/// </summary>
public sealed class GridOnDaysSpecTests
{
    private const string Weekdays4h = "DTSTART;TZID=Europe/Berlin:20260309T020000 RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=2,6,10,14,18,22;BYDAY=MO,TU,WE,TH,FR";

    [Theory]
    [InlineData("every 4 hours starting at 2am on weekdays")]
    [InlineData("on weekdays every 4 hours starting at 2am")]
    public void A_step_from_a_time_on_weekdays_is_that_grid_on_weekdays(string spec)
    {
        // Now is Saturday 2026-03-07 13:00 in Berlin: the first run is Monday 02:00 (CET, 01:00Z).
        var parsed = ScheduleParser.Parse(spec, Options("Europe/Berlin"));
        Assert.Equal(ScheduleKind.Rule, parsed.Kind);
        Assert.Equal(Weekdays4h, parsed.Canonical);
        Assert.Equal("Europe/Berlin", parsed.TimeZone);
        Occurrences(parsed, ["2026-03-09T01:00:00Z", "2026-03-09T05:00:00Z", "2026-03-09T09:00:00Z", "2026-03-09T13:00:00Z",
            "2026-03-09T17:00:00Z", "2026-03-09T21:00:00Z", "2026-03-10T01:00:00Z"]);
        Occurrences(parsed, ["2026-03-16T01:00:00Z"], after: Instant("2026-03-13T21:00:00Z"));
    }

    [Theory]
    [InlineData("every 12 hours starting at 9am on weekdays", "BYHOUR=9,21;BYDAY=MO,TU,WE,TH,FR", "2026-03-09T08:00:00Z", "2026-03-09T20:00:00Z")]
    [InlineData("every 2 hours starting at 1am on mondays", "BYHOUR=1,3,5,7,9,11,13,15,17,19,21,23;BYDAY=MO", "2026-03-09T00:00:00Z", "2026-03-09T02:00:00Z")]
    [InlineData("every 4 hours starting at 2am in december", "BYHOUR=2,6,10,14,18,22;BYMONTH=12", "2026-12-01T01:00:00Z", "2026-12-01T05:00:00Z")]
    [InlineData("every 4 hours starting at 2am on weekdays 3 times", "COUNT=3;", "2026-03-09T01:00:00Z", "2026-03-09T05:00:00Z", "2026-03-09T09:00:00Z")]
    public void Other_steps_days_and_bounds_keep_the_grid(string spec, string part, params string[] expected)
    {
        var parsed = ScheduleParser.Parse(spec, Options("Europe/Berlin"));
        Assert.Contains(part, parsed.Canonical);
        Occurrences(parsed, expected);
        if (parsed.Canonical.Contains("COUNT=3", StringComparison.Ordinal)) Assert.Equal(3, parsed.Next(10, Now).Count);
    }

    [Fact]
    public void Across_spring_forward_the_skipped_hour_runs_with_the_offset_before_the_gap()
    {
        // 2026-03-29 (a Sunday) skips 02:00-03:00 in Berlin: 02:00 is read as 02:00 CET, 03:00 CEST (01:00Z), as RFC 5545 says.
        var parsed = ScheduleParser.Parse("every 4 hours starting at 2am on weekends", Options("Europe/Berlin", Instant("2026-03-28T12:00:00Z")));
        Occurrences(parsed, ["2026-03-28T13:00:00Z", "2026-03-28T17:00:00Z", "2026-03-28T21:00:00Z", "2026-03-29T01:00:00Z",
            "2026-03-29T04:00:00Z", "2026-03-29T08:00:00Z"], after: Instant("2026-03-28T12:00:00Z"));
    }

    [Fact]
    public void Across_fall_back_the_repeated_hour_runs_once()
    {
        // 2026-10-25 (a Sunday) repeats 02:00-03:00: 02:00 runs at its first pass (CEST, 00:00Z), not again at 01:00Z.
        var now = Instant("2026-10-24T13:00:00Z");
        var parsed = ScheduleParser.Parse("every 4 hours starting at 2am on weekends", Options("Europe/Berlin", now));
        Occurrences(parsed, ["2026-10-24T16:00:00Z", "2026-10-24T20:00:00Z", "2026-10-25T00:00:00Z", "2026-10-25T05:00:00Z",
            "2026-10-25T09:00:00Z"], after: now);
    }

    [Theory]
    // Times before the one named are on the grid too: from 08:00 each day, or the whole day's grid?
    [InlineData("every 90 minutes starting at 8am on weekdays", "every 1 hour 30 minutes from 08:00 to 23:00 on weekdays", "every 1 hour 30 minutes from 00:30 to 23:00 on weekdays")]
    [InlineData("every 15 minutes starting at 9:07 on weekdays", "every 15 minutes from 09:07 to 23:52 on weekdays", "every 15 minutes from 00:07 to 23:52 on weekdays")]
    [InlineData("on weekdays every 6 hours starting at 6am", "every 6 hours from 06:00 to 18:00 on weekdays", "every 6 hours from 00:00 to 18:00 on weekdays")]
    public void A_grid_that_would_run_before_the_time_named_is_refused_with_both_windows(string spec, string fromTime, string wholeDay)
    {
        var e = Rejects(spec, "Europe/Berlin");
        Assert.Contains($"\"{fromTime}\"", e.Message);
        Assert.Contains($"\"{wholeDay}\"", e.Message);
        // Both suggestions read.
        _ = ScheduleParser.Parse(fromTime, Options("Europe/Berlin"));
        _ = ScheduleParser.Parse(wholeDay, Options("Europe/Berlin"));
    }

    [Theory]
    [InlineData("every 5 hours starting at 2am on weekdays", "every 5 hours from 02:00 to 23:59 on weekdays")]
    [InlineData("every 5 hours starting at 2am in december", "every 5 hours from 02:00 to 23:59 in december")]
    public void A_step_that_does_not_divide_a_day_is_refused_with_a_window(string spec, string window)
    {
        var e = Rejects(spec, "Europe/Berlin");
        Assert.Contains("does not divide a day", e.Message);
        Assert.Contains($"\"{window}\"", e.Message);
        _ = ScheduleParser.Parse(window, Options("Europe/Berlin"));
    }

    [Fact]
    public void Without_days_the_grid_is_unchanged()
    {
        var parsed = ScheduleParser.Parse("every 4 hours starting at 2am", Options("Europe/Berlin"));
        Assert.Equal("DTSTART;TZID=Europe/Berlin:20260307T140000 RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=2,6,10,14,18,22", parsed.Canonical);
        Assert.Equal(ScheduleKind.Interval, ScheduleParser.Parse("every 15 minutes starting at 9:07", Options("Europe/Berlin")).Kind);
    }
}
