using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>Bad rules and ISO intervals are refused with a message naming the bad part; rules that can never match too.</summary>
public sealed class RecurrenceRuleRejectionTests
{
    [Theory]
    [InlineData("RRULE:FREQ=MONTHLY;BYDAY=XX", "unknown weekday \"XX\" in BYDAY; expected MO, TU, WE, TH, FR, SA or SU, optionally preceded by an ordinal")]
    [InlineData("RRULE:FREQ=MONTHLY;BYDAY=0MO", "invalid ordinal \"0\"")]
    [InlineData("RRULE:BYDAY=MO", "FREQ is missing")]
    [InlineData("RRULE:FREQ=FORTNIGHTLY", "unknown FREQ \"FORTNIGHTLY\"")]
    [InlineData("RRULE:FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY value \"32\" is out of range; expected 1 to 31 or -31 to -1")]
    [InlineData("RRULE:FREQ=DAILY;BYHOUR=9-17", "BYHOUR value \"9-17\" is a range, which RFC 5545 rules do not have; expected each value listed, BYHOUR=9,10,11,12,13,14,15,16,17")]
    [InlineData("RRULE:FREQ=DAILY;BYHOUR=24", "BYHOUR value \"24\" is out of range; expected 0 to 23")]
    [InlineData("RRULE:FREQ=DAILY;INTERVAL=0", "INTERVAL=0 is not a whole number from 1")]
    [InlineData("RRULE:FREQ=DAILY;COUNT=3;UNTIL=20300101T000000Z", "COUNT and UNTIL are both given")]
    [InlineData("RRULE:FREQ=DAILY;BYFOO=1", "unknown rule part \"BYFOO\"")]
    [InlineData("RRULE:FREQ=DAILY;FREQ=DAILY", "FREQ appears twice")]
    [InlineData("RRULE:FREQ=MONTHLY;BYWEEKNO=3", "BYWEEKNO is only valid with FREQ=YEARLY")]
    [InlineData("RRULE:FREQ=WEEKLY;BYMONTHDAY=3", "BYMONTHDAY is not valid with FREQ=WEEKLY")]
    [InlineData("RRULE:FREQ=DAILY;BYDAY=1MO", "BYDAY=1MO has an ordinal, which is only valid with FREQ=MONTHLY or YEARLY")]
    [InlineData("RRULE:FREQ=MONTHLY;BYDAY=1MO,-6FR", "BYDAY=-6FR: a month has at most 5")]
    [InlineData("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2TU,7WE", "BYDAY=7WE: a month has at most 5")]
    [InlineData("RRULE:FREQ=WEEKLY;BYDAY=MO,2TU", "BYDAY=2TU has an ordinal")]
    [InlineData("RRULE:FREQ=DAILY;UNTIL=2030-01-01", "invalid UNTIL value \"2030-01-01\"")]
    [InlineData("DTSTART;TZID=Europe/Berlinn:20260101T090000 RRULE:FREQ=DAILY", "unknown time zone \"Europe/Berlinn\"")]
    [InlineData("DTSTART:2026010T090000 RRULE:FREQ=DAILY", "invalid DTSTART value \"2026010T090000\"")]
    [InlineData("DTSTART:20260101T090000Z", "the RRULE is missing")]
    [InlineData("RRULE:FREQ=DAILY RDATE:20260101", "\"RDATE:20260101\": RDATE (extra instants beside the rule) is not supported; schedule each extra instant as its own one-shot")]
    [InlineData("RDATE:20260105T100000Z", "\"RDATE:20260105T100000Z\": RDATE (extra instants beside the rule) is not supported")]
    [InlineData("RRULE:FREQ=DAILY EXRULE:FREQ=WEEKLY", "\"EXRULE:FREQ=WEEKLY\": EXRULE was removed from iCalendar by RFC 5545 and is not supported; list the instants to skip as EXDATE")]
    [InlineData("RRULE:FREQ=DAILY EXDATE:2026", "invalid EXDATE value \"2026\"")]
    public void Malformed_rule_names_the_bad_part(string spec, string expected)
    {
        var e = Rejects(spec);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("DTSTART:20260401T090000Z RRULE:FREQ=MINUTELY;INTERVAL=2;BYMINUTE=1", "only reaches times of day 2 minute(s) apart")]
    [InlineData("DTSTART:20260401T090000Z RRULE:FREQ=SECONDLY;INTERVAL=10;BYSECOND=5", "never match")]
    [InlineData("DTSTART:20260401T090000Z RRULE:FREQ=HOURLY;INTERVAL=24;BYHOUR=10", "never match")]
    [InlineData("DTSTART:20260401T090000Z RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "can never match")]
    [InlineData("DTSTART:20260401T090000Z RRULE:FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31", "can never match")]
    [InlineData("DTSTART:20250301T090000Z RRULE:FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29",
        "it can never match: February 29 exists only in leap years, and FREQ=YEARLY;INTERVAL=4 from DTSTART's year 2025 reaches 2025, 2029, 2033, …, none of them a leap year; start it in a leap year (e.g. DTSTART in 2028)")]
    [InlineData("DTSTART:20270101T090000Z RRULE:FREQ=YEARLY;INTERVAL=8;BYMONTH=2;BYMONTHDAY=29", "none of them a leap year; start it in a leap year (e.g. DTSTART in 2028)")]
    [InlineData("DTSTART:20270101T090000Z RRULE:FREQ=YEARLY;INTERVAL=2;BYMONTH=2;BYMONTHDAY=29", "reaches 2027, 2029, 2031, …, none of them a leap year")]
    [InlineData("DTSTART:20260315T090000Z RRULE:FREQ=MONTHLY;INTERVAL=12;BYMONTH=2", "can never match")]
    [InlineData("DTSTART:20260401T090000Z RRULE:FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30", "can never match")]
    [InlineData("RRULE:FREQ=MONTHLY;BYMONTHDAY=30;BYMONTH=2", "BYMONTH=2 has no day BYMONTHDAY=30 (February has at most 29 days)")]
    [InlineData("RRULE:FREQ=YEARLY;BYMONTHDAY=-31;BYMONTH=4,6", "(April has at most 30 days, June has at most 30 days)")]
    [InlineData("DTSTART:20260401T090000Z RRULE:FREQ=HOURLY;INTERVAL=45;BYHOUR=1,10,13", "only reaches times of day 3 hour(s) apart")]
    [InlineData("DTSTART:20260401T090000Z RRULE:FREQ=HOURLY;BYDAY=MO,FR;BYSETPOS=2", "BYSETPOS=2 never picks an occurrence: each hourly period yields at most 1 candidate, 1 hour; expected BYSETPOS=1 or -1")]
    public void A_rule_that_can_never_match_is_refused(string spec, string expected)
    {
        var e = Rejects(spec);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("DTSTART:20260101T090000Z RRULE:FREQ=DAILY;UNTIL=20250101T000000Z", "UNTIL=20250101T000000Z is before DTSTART (20260101T090000Z)")]
    [InlineData("DTSTART:20260101T090000Z RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;UNTIL=20270101T000000Z", "no occurrence at all: its first match after DTSTART comes after UNTIL=20270101T000000Z")]
    public void A_rule_ending_before_its_first_occurrence_is_refused_even_with_run_if_past(string spec, string expected)
    {
        // It never runs at all, so "no occurrence after now" and its runIfPast way out would both mislead.
        foreach (var allowPast in new[] { false, true })
        {
            var e = Assert.Throws<ScheduleSpecException>(() => ScheduleParser.Parse(spec, Options(allowPast: allowPast)));
            Assert.Contains(expected, e.Message);
            Assert.DoesNotContain("runIfPast", e.Message);
        }
    }

    [Fact]
    public void A_rare_but_real_rule_is_accepted()
    {
        // February 29 on a Monday: 2044 is the next one after 2026.
        var schedule = ScheduleParser.Parse("DTSTART:20260101T090000Z RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", Options());
        Occurrences(schedule, ["2044-02-29T09:00:00Z"]);
    }

    [Fact]
    public void A_rare_secondly_rule_is_found_by_skipping_whole_days_hours_and_minutes()
    {
        var schedule = ScheduleParser.Parse("DTSTART:20260101T000000Z RRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=23;BYMINUTE=59;BYSECOND=58,59", Options());
        Occurrences(schedule, ["2028-02-29T23:59:58Z", "2028-02-29T23:59:59Z", "2032-02-29T23:59:58Z"]);
    }

    [Theory]
    [InlineData("RRULE:FREQ=DAILY")]
    [InlineData("DTSTART:20260101T000000Z RRULE:FREQ=DAILY;BYDAY=XX")]
    [InlineData("every day at 9am")]
    public void Restoring_a_rule_from_a_bad_stored_text_raises_a_spec_exception(string canonical) =>
        Assert.Throws<ScheduleSpecException>(() => ParsedSchedule.Restore(ScheduleKind.Rule, canonical, "UTC", Now));

    [Fact]
    public void An_overlong_rule_is_refused_past_the_rule_cap_but_rules_may_exceed_the_prose_cap()
    {
        var exdates = string.Join(',', Enumerable.Range(1, 20).Select(d => $"202604{d:00}T090000Z"));
        var rule = "DTSTART:20260401T090000Z RRULE:FREQ=DAILY EXDATE:" + exdates;
        Assert.True(rule.Length > 256);
        Assert.Equal(Instant("2026-04-21T09:00:00Z"), ScheduleParser.Parse(rule, Options()).NextAfter(Now));
        var e = Rejects("RRULE:FREQ=DAILY;BYHOUR=" + string.Join(',', Enumerable.Repeat("1", 3000)));
        Assert.Contains("characters long; at most 4096 are accepted", e.Message);
    }

    [Theory]
    [InlineData("R5/2026-12-01T09:00:00Z/P1MT12H", "mixes years or months with clock units")]
    [InlineData("R0/2026-12-01T09:00:00Z/PT1H", "repetition count \"R0\" is out of range")]
    [InlineData("R5/PT1H/2026-12-01T09:00:00Z", "counts back from an end")]
    [InlineData("R5/2026-12-01T09:00:00Z/2026-12-01T08:00:00Z", "is not after its start")]
    [InlineData("R5/tomorrow/PT1H", "\"tomorrow\" is neither an ISO-8601 date-time nor a duration")]
    [InlineData("PT0S", "is zero")]
    [InlineData("R/PT1.5S", "duration \"PT1.5S\" is 1.5 seconds, and a schedule steps in whole seconds")]
    [InlineData("R5/2026-12-01T09:00:00Z/P0.5D", "duration \"P0.5D\" has a fraction of a day, week, month or year")]
    [InlineData("pt1.5s", "is 1.5 seconds")]
    [InlineData("P1M2D", "mixes years or months with weeks or days")]
    [InlineData("R/2026-13-01T09:00:00Z/PT1H", "invalid date")]
    public void Malformed_iso_interval_names_the_bad_part(string spec, string expected)
    {
        var e = Rejects(spec);
        Assert.Contains(expected, e.Message);
    }

    // ISO 8601 allows a fraction in a duration's last part: a clock duration of whole seconds is those seconds.
    [Theory]
    [InlineData("R2/2026-12-01T09:00:00Z/PT0,5H", "2026-12-01T09:00:00Z", "2026-12-01T09:30:00Z")]
    [InlineData("R2/2026-12-01T09:00:00Z/PT1.5H", "2026-12-01T09:00:00Z", "2026-12-01T10:30:00Z")]
    [InlineData("R2/2026-12-01T09:00:00Z/PT1H0.5M", "2026-12-01T09:00:00Z", "2026-12-01T10:00:30Z")]
    public void A_fractional_clock_duration_of_whole_seconds_steps_by_those_seconds(string spec, string first, string second)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal([Instant(first), Instant(second)], parsed.Next(3, Now));
    }

    [Fact]
    public void A_rule_listing_millions_of_start_times_in_one_period_is_refused_naming_how_many()
    {
        var all = (int n) => string.Join(',', Enumerable.Range(0, n));
        var e = Rejects($"DTSTART:20250101T000000Z RRULE:FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR={all(24)};BYMINUTE={all(60)};BYSECOND={all(60)};BYSETPOS=-1");

        Assert.Contains("each YEARLY period holds up to 31,622,400 start times (366 days × 86,400 times of day); at most 1,000,000 are accepted", e.Message);
        // Every minute of every day of the year is within bounds, and its last one is found.
        var minutes = ScheduleParser.Parse($"DTSTART:20250101T000000Z RRULE:FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR={all(24)};BYMINUTE={all(60)};BYSETPOS=-1", Options());
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 23, 59, 0, TimeSpan.Zero), minutes.NextAfter(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)));
    }
}
