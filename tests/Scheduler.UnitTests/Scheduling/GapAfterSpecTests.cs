using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// English forms that compile to an RFC 5545 rule read a spring-forward as cron and their plain forms do
/// (<c>X-DST-GAP:AFTER</c>): a time the gap skips runs when it ends, so a window's runs stay inside it, and times the gap
/// merges into one instant are one run, counted once. Berlin springs forward at 02:00 on 2027-03-28, New York on
/// 2027-03-14. A hand-written rule keeps RFC 5545's reading unless it says otherwise.
/// </summary>
public sealed class GapAfterSpecTests
{
    private static ParsedSchedule Parse(string spec, string zone, string now) =>
        ScheduleParser.Parse(spec, Options(zone, Instant(now)));

    [Theory]
    // The gap's 02:00 and 02:30 run once, at 03:00 when it ends; nothing after the window's 03:00 end (it ran 03:30).
    [InlineData("every 30 minutes from 1am to 3am", "Europe/Berlin", "2027-03-27T22:00:00Z", "2027-03-28T00:00:00Z", "2027-03-28T00:30:00Z", "2027-03-28T01:00:00Z", "2027-03-28T23:00:00Z")]
    [InlineData("every 45 minutes from 1am to 3am", "Europe/Berlin", "2027-03-27T22:00:00Z", "2027-03-28T00:00:00Z", "2027-03-28T00:45:00Z", "2027-03-28T01:00:00Z", "2027-03-28T23:00:00Z")]
    [InlineData("every 20 minutes from 1am to 3:20am", "America/New_York", "2027-03-14T05:00:00Z", "2027-03-14T06:00:00Z", "2027-03-14T06:20:00Z", "2027-03-14T06:40:00Z", "2027-03-14T07:00:00Z", "2027-03-14T07:20:00Z", "2027-03-15T05:00:00Z")]
    [InlineData("every 30 minutes from 2am to 3am on sundays", "America/New_York", "2027-03-14T05:00:00Z", "2027-03-14T07:00:00Z", "2027-03-21T06:00:00Z")]
    public void A_windows_runs_on_a_spring_forward_day_stay_inside_it(string spec, string zone, string now, params string[] next)
    {
        var parsed = Parse(spec, zone, now);

        Assert.EndsWith(" X-DST-GAP:AFTER", parsed.Canonical);
        Occurrences(parsed, next, Instant(now));
    }

    [Theory]
    [InlineData("every hour from 1am to 4am 4 times", "America/New_York", "2027-03-14T05:00:00Z", "2027-03-14T06:00:00Z", "2027-03-14T07:00:00Z", "2027-03-14T08:00:00Z", "2027-03-15T05:00:00Z")]
    [InlineData("every day at 2am and 3am 4 times", "America/New_York", "2027-03-14T05:00:00Z", "2027-03-14T07:00:00Z", "2027-03-15T06:00:00Z", "2027-03-15T07:00:00Z", "2027-03-16T06:00:00Z")]
    [InlineData("every 30 minutes from 1am to 3am 5 times", "Europe/Berlin", "2027-03-27T22:00:00Z", "2027-03-28T00:00:00Z", "2027-03-28T00:30:00Z", "2027-03-28T01:00:00Z", "2027-03-28T23:00:00Z", "2027-03-28T23:30:00Z")]
    public void A_count_is_that_many_runs_even_when_the_gap_merges_two_times(string spec, string zone, string now, params string[] runs)
    {
        var parsed = Parse(spec, zone, now);

        Occurrences(parsed, runs, Instant(now));
        Assert.Empty(parsed.Next(1, Instant(runs[^1])));
    }

    [Theory]
    [InlineData("every day at 2:30am 3 times")]
    [InlineData("every day at 2:30am until apr 2")]
    [InlineData("every other day at 2:30am")]
    [InlineData("every day at 2:30am starting tomorrow")]
    public void A_rule_form_runs_a_skipped_time_when_the_plain_form_does(string spec)
    {
        var plain = Parse("every day at 2:30am", "Europe/Berlin", "2027-03-27T12:00:00Z");
        var rule = Parse(spec, "Europe/Berlin", "2027-03-27T12:00:00Z");

        Assert.Equal(ScheduleKind.Rule, rule.Kind);
        Assert.Equal(Instant("2027-03-28T01:00:00Z"), plain.Next(1, Instant("2027-03-27T12:00:00Z"))[0]);
        Assert.Equal(Instant("2027-03-28T01:00:00Z"), rule.Next(1, Instant("2027-03-27T12:00:00Z"))[0]);
    }

    [Fact]
    public void A_hand_written_rule_keeps_rfc_5545s_reading_unless_it_asks_for_the_gaps_end()
    {
        const string rule = "DTSTART;TZID=America/New_York:20270314T023000 RRULE:FREQ=DAILY;COUNT=2";
        var rfc = ScheduleParser.Parse(rule, Options("America/New_York", Instant("2027-03-13T00:00:00Z")));
        var after = ScheduleParser.Parse(rule + " x-dst-gap:after", Options("America/New_York", Instant("2027-03-13T00:00:00Z")));

        Occurrences(rfc, ["2027-03-14T07:30:00Z", "2027-03-15T06:30:00Z"], Instant("2027-03-13T00:00:00Z"));
        Occurrences(after, ["2027-03-14T07:00:00Z", "2027-03-15T06:30:00Z"], Instant("2027-03-13T00:00:00Z"));
        Assert.Equal(rule + " X-DST-GAP:AFTER", after.Canonical);
        var restored = ParsedSchedule.Restore(ScheduleKind.Rule, after.Canonical, after.TimeZone, after.Anchor);
        Assert.Equal(after.Next(2, Instant("2027-03-13T00:00:00Z")), restored.Next(2, Instant("2027-03-13T00:00:00Z")));
    }

    [Fact]
    public void An_unknown_gap_reading_is_refused_naming_the_one_taken()
    {
        var error = Rejects("DTSTART;TZID=Europe/Berlin:20270328T023000 RRULE:FREQ=DAILY X-DST-GAP:LATER", "Europe/Berlin");

        Assert.Contains("X-DST-GAP takes AFTER", error.Message);
    }

    [Fact]
    public void A_clock_grid_from_a_time_keeps_its_minute_as_an_exact_interval_does() =>
        Assert.DoesNotContain("X-DST-GAP", Parse("every 4 hours starting at 2:30 on weekdays", "Europe/Berlin", "2027-03-20T12:00:00Z").Canonical);
}
