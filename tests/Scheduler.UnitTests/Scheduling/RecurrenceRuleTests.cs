using System.Globalization;
using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>RFC 5545 rules: each BYxxx part (examples from RFC 5545 3.8.5.3), COUNT/UNTIL, EXDATE and the defaults.</summary>
public sealed class RecurrenceRuleTests
{
    private const string NewYork = "America/New_York";

    /// <summary>Occurrences from DTSTART on, given as New York wall-clock times.</summary>
    private static void LocalOccurrences(string rule, params string[] local)
    {
        var schedule = ScheduleParser.Parse(rule, Options(NewYork, allowPast: true));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(NewYork);
        var after = schedule.Anchor!.Value.AddSeconds(-1);
        var actual = schedule.Next(local.Length, after).Select(a => TimeZoneInfo.ConvertTime(a, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        Assert.Equal(local.Select(l => l.Length == 16 ? l + ":00" : l), actual);
    }

    [Fact]
    public void First_friday_of_the_month_counts_ten_from_dtstart() =>
        LocalOccurrences("DTSTART;TZID=America/New_York:19970905T090000\nRRULE:FREQ=MONTHLY;COUNT=10;BYDAY=1FR",
            "1997-09-05 09:00", "1997-10-03 09:00", "1997-11-07 09:00", "1997-12-05 09:00", "1998-01-02 09:00",
            "1998-02-06 09:00", "1998-03-06 09:00", "1998-04-03 09:00", "1998-05-01 09:00", "1998-06-05 09:00");

    [Fact]
    public void Last_friday_of_the_month_reads_the_negative_ordinal() =>
        LocalOccurrences("DTSTART;TZID=America/New_York:20260101T170000 RRULE:FREQ=MONTHLY;BYDAY=-1FR",
            "2026-01-30 17:00", "2026-02-27 17:00", "2026-03-27 17:00", "2026-04-24 17:00");

    [Fact]
    public void Second_tuesday_and_last_monday_may_be_combined() =>
        LocalOccurrences("DTSTART;TZID=America/New_York:20260101T090000 RRULE:FREQ=MONTHLY;BYDAY=2TU,-1MO",
            "2026-01-13 09:00", "2026-01-26 09:00", "2026-02-10 09:00", "2026-02-23 09:00");

    [Fact]
    public void Last_workday_of_the_month_comes_from_bysetpos() =>
        LocalOccurrences("DTSTART;TZID=America/New_York:19970929T090000 RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            "1997-09-30 09:00", "1997-10-31 09:00", "1997-11-28 09:00", "1997-12-31 09:00", "1998-01-30 09:00", "1998-02-27 09:00");

    [Fact]
    public void Negative_monthday_counts_from_the_month_end() =>
        LocalOccurrences("DTSTART;TZID=America/New_York:19970928T090000 RRULE:FREQ=MONTHLY;BYMONTHDAY=-3",
            "1997-09-28 09:00", "1997-10-29 09:00", "1997-11-28 09:00", "1997-12-29 09:00", "1998-01-29 09:00", "1998-02-26 09:00");

    [Fact]
    public void Monthday_31_skips_shorter_months() =>
        LocalOccurrences("DTSTART;TZID=America/New_York:20260131T080000 RRULE:FREQ=MONTHLY",
            "2026-01-31 08:00", "2026-03-31 08:00", "2026-05-31 08:00", "2026-07-31 08:00");

    [Fact]
    public void Bymonth_with_byday_expands_every_such_weekday_of_the_month() =>
        LocalOccurrences("DTSTART;TZID=America/New_York:19980101T090000 RRULE:FREQ=YEARLY;BYMONTH=1;BYDAY=SU",
            "1998-01-04 09:00", "1998-01-11 09:00", "1998-01-18 09:00", "1998-01-25 09:00", "1999-01-03 09:00");

    [Fact]
    public void Byyearday_with_interval_three() =>
        LocalOccurrences("DTSTART;TZID=America/New_York:19970101T090000 RRULE:FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200",
            "1997-01-01 09:00", "1997-04-10 09:00", "1997-07-19 09:00", "2000-01-01 09:00", "2000-04-09 09:00",
            "2000-07-18 09:00", "2003-01-01 09:00", "2003-04-10 09:00", "2003-07-19 09:00", "2006-01-01 09:00");

    [Fact]
    public void Byweekno_selects_the_monday_of_week_twenty() =>
        LocalOccurrences("DTSTART;TZID=America/New_York:19970512T090000 RRULE:FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
            "1997-05-12 09:00", "1998-05-11 09:00", "1999-05-17 09:00");

    [Fact]
    public void Wkst_changes_which_days_share_a_week() =>
        LocalOccurrences("DTSTART;TZID=America/New_York:19970805T090000 RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU",
            "1997-08-05 09:00", "1997-08-17 09:00", "1997-08-19 09:00", "1997-08-31 09:00");

    [Fact]
    public void Wkst_monday_gives_the_rfc_dates() =>
        LocalOccurrences("DTSTART;TZID=America/New_York:19970805T090000 RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO",
            "1997-08-05 09:00", "1997-08-10 09:00", "1997-08-19 09:00", "1997-08-24 09:00");

    [Fact]
    public void Byhour_and_byminute_expand_a_daily_rule() =>
        LocalOccurrences("DTSTART;TZID=America/New_York:19970902T090000 RRULE:FREQ=DAILY;BYHOUR=9,10;BYMINUTE=0,20,40",
            "1997-09-02 09:00", "1997-09-02 09:20", "1997-09-02 09:40", "1997-09-02 10:00", "1997-09-02 10:20", "1997-09-02 10:40", "1997-09-03 09:00");

    [Fact]
    public void Minutely_with_byhour_filters_the_hours() =>
        LocalOccurrences("DTSTART;TZID=America/New_York:19970902T090000 RRULE:FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10",
            "1997-09-02 09:00", "1997-09-02 09:20", "1997-09-02 09:40", "1997-09-02 10:00", "1997-09-02 10:20", "1997-09-02 10:40", "1997-09-03 09:00");

    [Fact]
    public void Bysecond_expands_a_minutely_rule() =>
        LocalOccurrences("DTSTART;TZID=America/New_York:20260302T090000 RRULE:FREQ=MINUTELY;BYSECOND=15,45",
            "2026-03-02 09:00:15", "2026-03-02 09:00:45", "2026-03-02 09:01:15", "2026-03-02 09:01:45");

    [Fact]
    public void Until_is_inclusive_and_ends_the_rule() =>
        LocalOccurrences("DTSTART;TZID=America/New_York:20260301T090000 RRULE:FREQ=DAILY;UNTIL=20260303T140000Z",
            "2026-03-01 09:00", "2026-03-02 09:00", "2026-03-03 09:00");

    [Fact]
    public void A_date_only_until_includes_that_whole_day()
    {
        var schedule = ScheduleParser.Parse("DTSTART;TZID=America/New_York:20260301T170000 RRULE:FREQ=DAILY;UNTIL=20260310", Options(NewYork));
        Assert.Equal(Instant("2026-03-10T21:00:00Z"), schedule.Next(10, Now).Last());
    }

    [Fact]
    public void Exdate_removes_an_occurrence_without_refilling_count() =>
        LocalOccurrences("DTSTART;TZID=America/New_York:20260302T090000 RRULE:FREQ=DAILY;COUNT=4 EXDATE;TZID=America/New_York:20260303T090000",
            "2026-03-02 09:00", "2026-03-04 09:00", "2026-03-05 09:00");

    [Fact]
    public void Count_is_counted_from_a_dtstart_in_the_past()
    {
        // 100 days from 2026-01-01 end on 2026-04-10, whatever "now" is.
        var schedule = ScheduleParser.Parse("DTSTART;TZID=UTC:20260101T090000 RRULE:FREQ=DAILY;COUNT=100", Options());
        var rest = schedule.Next(200, Now);
        Assert.Equal(Instant("2026-03-08T09:00:00Z"), rest[0]);
        Assert.Equal(Instant("2026-04-10T09:00:00Z"), rest[^1]);
        Assert.Equal(34, rest.Count);
    }

    [Fact]
    public void Count_from_a_dtstart_years_back_still_ends_on_its_last_occurrence()
    {
        var schedule = ScheduleParser.Parse("DTSTART:20160307T120000Z RRULE:FREQ=HOURLY;COUNT=90000", Options());
        // The 90 000th hour from 2016-03-07 12:00Z is 89 999 hours in: 2026-06-13 11:00Z.
        Assert.Equal(Instant("2026-06-13T11:00:00Z"), schedule.NextAfter(Instant("2026-06-13T10:30:00Z")));
        Assert.Null(schedule.NextAfter(Instant("2026-06-13T11:00:00Z")));
    }

    [Fact]
    public void A_rule_whose_occurrences_are_all_past_is_refused()
    {
        var e = Rejects("DTSTART:20200101T000000Z RRULE:FREQ=DAILY;COUNT=3");
        Assert.Contains("no occurrence after now", e.Message);
    }

    [Fact]
    public void Rrule_alone_starts_now_in_the_schedule_zone_at_the_stated_hour()
    {
        var schedule = ScheduleParser.Parse("RRULE:FREQ=DAILY;BYHOUR=9", Options("Europe/Berlin"));
        Assert.Equal(ScheduleKind.Rule, schedule.Kind);
        Assert.Equal("DTSTART;TZID=Europe/Berlin:20260307T130000 RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=9", schedule.Canonical);
        Occurrences(schedule, ["2026-03-08T08:00:00Z", "2026-03-09T08:00:00Z"]);
    }

    [Fact]
    public void Rrule_alone_starts_at_start_at_when_given()
    {
        var schedule = ScheduleParser.Parse("RRULE:FREQ=WEEKLY;COUNT=2", Options() with { StartAt = Instant("2026-04-01T10:00:00Z") });
        Occurrences(schedule, ["2026-04-01T10:00:00Z", "2026-04-08T10:00:00Z"]);
        Assert.Empty(schedule.Next(1, Instant("2026-04-08T10:00:00Z")));
    }

    [Fact]
    public void A_tzid_in_the_rule_wins_over_the_schedule_zone()
    {
        var schedule = ScheduleParser.Parse("DTSTART;TZID=Asia/Kolkata:20260301T090000 RRULE:FREQ=DAILY", Options("Europe/Berlin"));
        Assert.Equal("Asia/Kolkata", schedule.TimeZone);
        Occurrences(schedule, ["2026-03-08T03:30:00Z"]);
    }

    [Fact]
    public void Restored_rule_gives_the_same_occurrences_and_canonical()
    {
        var parsed = ScheduleParser.Parse("DTSTART;TZID=Europe/Berlin:20260301T170000 RRULE:FREQ=MONTHLY;BYDAY=-1FR EXDATE;TZID=Europe/Berlin:20260327T170000", Options());
        var restored = ParsedSchedule.Restore(parsed.Kind, parsed.Canonical, parsed.TimeZone, parsed.Anchor, parsed.Description);
        Assert.Equal(parsed.Next(5, Now), restored.Next(5, Now));
        Assert.Equal(parsed.Canonical, ScheduleParser.Parse(parsed.Canonical, Options()).Canonical);
        Assert.Equal(Instant("2026-04-24T15:00:00Z"), restored.NextAfter(Now));
    }

    [Fact]
    public void An_exdate_of_the_second_pass_of_a_repeated_hour_keeps_its_utc_form_so_the_stored_rule_excludes_the_same_instant()
    {
        // 06:30Z is the second 01:30 in New York on 2026-11-01 (EST): not an occurrence, so nothing is excluded. Written
        // as local 01:30 it would read back as the first pass (EDT, 05:30Z), the day's real run.
        var parsed = ScheduleParser.Parse("DTSTART;TZID=America/New_York:20261031T013000 RRULE:FREQ=DAILY EXDATE:20261101T063000Z,20261102T063000Z",
            Options(NewYork, allowPast: true));

        Assert.EndsWith(" EXDATE;TZID=America/New_York:20261102T013000 EXDATE:20261101T063000Z", parsed.Canonical);
        var after = Instant("2026-10-30T00:00:00Z");
        var reread = ScheduleParser.Parse(parsed.Canonical, Options(NewYork, allowPast: true));
        Assert.Equal(parsed.Next(4, after), reread.Next(4, after));
        Assert.Equal(Instant("2026-11-01T05:30:00Z"), parsed.Next(2, after).Last());
        Assert.Equal(reread.Canonical, parsed.Canonical);
    }

    [Fact]
    public void Description_reads_the_rule_in_english()
    {
        var parsed = ScheduleParser.Parse("DTSTART;TZID=Europe/Berlin:20260301T170000 RRULE:FREQ=MONTHLY;BYDAY=-1FR", Options());
        Assert.Equal("monthly on the last Friday at 17:00, from 2026-03-01 17:00 (Europe/Berlin)", parsed.Description);
        var other = ScheduleParser.Parse("DTSTART:20260301T090000Z RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=10", Options());
        var hourly = ScheduleParser.Parse("DTSTART;TZID=America/New_York:20271107T000000 RRULE:FREQ=HOURLY;COUNT=5", Options());
        Assert.Equal("hourly at :00, 5 times, from 2027-11-07 00:00 (America/New_York)", hourly.Description);
        Assert.Equal("every other week on Monday and Wednesday at 09:00, 10 times, from 2026-03-01 09:00 (UTC)", other.Description);
    }
}
