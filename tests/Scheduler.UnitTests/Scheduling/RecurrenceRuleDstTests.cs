using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// RFC 5545 in local time across clock changes (3.3.10, 3.3.5): a local time in a spring-forward gap takes the offset
/// before the gap, a repeated local time is its first occurrence, an instant produced twice counts once. Hand-checked.
/// </summary>
public sealed class RecurrenceRuleDstTests
{
    private static ParsedSchedule Rule(string text, string zone = "UTC") =>
        ScheduleParser.Parse(text, Options(zone, Instant("2027-01-01T00:00:00Z")));

    [Fact]
    public void Hourly_across_fall_back_keeps_the_first_of_the_repeated_hour()
    {
        // Local 00,01,02,03,04 on 2027-11-07: 01:00 happens twice (05Z EDT, 06Z EST) and counts as 05Z only.
        var schedule = Rule("DTSTART;TZID=America/New_York:20271107T000000\nRRULE:FREQ=HOURLY;COUNT=5");
        Occurrences(schedule, ["2027-11-07T04:00:00Z", "2027-11-07T05:00:00Z", "2027-11-07T07:00:00Z", "2027-11-07T08:00:00Z", "2027-11-07T09:00:00Z"],
            Instant("2027-11-06T00:00:00Z"));
        Assert.Empty(schedule.Next(1, Instant("2027-11-07T09:00:00Z")));
    }

    [Fact]
    public void Hourly_without_count_after_fall_back_does_not_get_stuck()
    {
        var schedule = Rule("DTSTART;TZID=America/New_York:20271101T000000 RRULE:FREQ=HOURLY");
        Occurrences(schedule, ["2027-11-07T07:00:00Z", "2027-11-07T08:00:00Z"], Instant("2027-11-07T06:30:00Z"));
        Assert.Equal(200, schedule.Next(200, Instant("2027-11-06T00:00:00Z")).Count);
    }

    [Fact]
    public void A_daily_time_in_the_spring_gap_takes_the_offset_before_the_gap()
    {
        // 02:30 does not exist on 2027-03-14 in New York: read with EST (-5) it is 07:30Z, shown as 03:30 EDT.
        var schedule = Rule("DTSTART;TZID=America/New_York:20270312T023000 RRULE:FREQ=DAILY");
        Occurrences(schedule, ["2027-03-13T07:30:00Z", "2027-03-14T07:30:00Z", "2027-03-15T06:30:00Z"], Instant("2027-03-12T12:00:00Z"));
    }

    [Fact]
    public void Hourly_across_spring_forward_counts_the_gap_hour_once_with_the_next()
    {
        // Local 00..04: 02:00 is in the gap and becomes 07Z, the same instant as 03:00 EDT, so COUNT=5 gives four instants.
        var schedule = Rule("DTSTART;TZID=America/New_York:20270314T000000 RRULE:FREQ=HOURLY;COUNT=5");
        Assert.Equal(
            [Instant("2027-03-14T05:00:00Z"), Instant("2027-03-14T06:00:00Z"), Instant("2027-03-14T07:00:00Z"), Instant("2027-03-14T08:00:00Z")],
            schedule.Next(10, Instant("2027-03-13T00:00:00Z")));
    }

    [Fact]
    public void Byhour_on_the_change_day_stays_on_local_time()
    {
        var schedule = Rule("DTSTART;TZID=America/New_York:20270312T000000 RRULE:FREQ=DAILY;BYHOUR=9;BYMINUTE=0");
        Occurrences(schedule, ["2027-03-13T14:00:00Z", "2027-03-14T13:00:00Z"], Instant("2027-03-13T00:00:00Z"));
    }

    [Fact]
    public void Minutely_in_the_gap_maps_forward_and_stays_in_instant_order()
    {
        // 01:58, 01:59 EST, then 02:00..02:59 are the gap (07:00Z..07:59Z, same as 03:00..03:59 EDT): each instant once.
        var schedule = Rule("DTSTART;TZID=America/New_York:20270314T015800 RRULE:FREQ=MINUTELY;INTERVAL=1");
        Occurrences(schedule, ["2027-03-14T06:58:00Z", "2027-03-14T06:59:00Z", "2027-03-14T07:00:00Z", "2027-03-14T07:01:00Z"],
            Instant("2027-03-14T06:57:30Z"));
    }

    [Fact]
    public void Sydney_weekly_rule_in_the_repeated_hour_takes_its_first_occurrence()
    {
        // AEDT (+11) ends 2027-04-04 03:00 local, back to 02:00 AEST (+10): 02:30 that Sunday happens twice.
        var schedule = Rule("DTSTART;TZID=Australia/Sydney:20270328T023000 RRULE:FREQ=WEEKLY");
        Occurrences(schedule, ["2027-03-27T15:30:00Z", "2027-04-03T15:30:00Z", "2027-04-10T16:30:00Z"], Instant("2027-03-27T00:00:00Z"));
    }
}
