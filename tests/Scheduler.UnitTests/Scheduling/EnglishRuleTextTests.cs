using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// English forms cron cannot say compile to RFC 5545 rules (<see cref="ScheduleKind.Rule"/>): "every other"/"every N" with a day or time (DTSTART is
/// the first occurrence at or after now, which fixes the phase), times that are not hours × minutes, windows whose
/// end cuts an hour, "last" mixed with numbered weekdays, and bounds. Now is Saturday 2026-03-07 12:00 UTC
/// (13:00 in Berlin).
/// </summary>
public sealed class EnglishRuleTextTests
{
    [Theory]
    [InlineData("every other day at noon", "DTSTART;TZID=Europe/Berlin:20260308T120000 RRULE:FREQ=DAILY;INTERVAL=2;BYHOUR=12;BYMINUTE=0;BYSECOND=0 X-DST-GAP:AFTER")]
    [InlineData("every 2 days at 9am", "DTSTART;TZID=Europe/Berlin:20260308T090000 RRULE:FREQ=DAILY;INTERVAL=2;BYHOUR=9;BYMINUTE=0;BYSECOND=0 X-DST-GAP:AFTER")]
    [InlineData("every 2 weeks on monday at 9am", "DTSTART;TZID=Europe/Berlin:20260309T090000 RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=9;BYMINUTE=0;BYSECOND=0 X-DST-GAP:AFTER")]
    [InlineData("every other monday at 9am", "DTSTART;TZID=Europe/Berlin:20260309T090000 RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=9;BYMINUTE=0;BYSECOND=0 X-DST-GAP:AFTER")]
    [InlineData("every 3 weeks on tuesday and thursday at 18:00", "DTSTART;TZID=Europe/Berlin:20260310T180000 RRULE:FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,TH;BYHOUR=18;BYMINUTE=0;BYSECOND=0 X-DST-GAP:AFTER")]
    [InlineData("every 5 months on the 15th", "DTSTART;TZID=Europe/Berlin:20260315T000000 RRULE:FREQ=MONTHLY;INTERVAL=5;BYMONTHDAY=15;BYHOUR=0;BYMINUTE=0;BYSECOND=0 X-DST-GAP:AFTER")]
    [InlineData("every 2 years", "DTSTART;TZID=Europe/Berlin:20270101T000000 RRULE:FREQ=YEARLY;INTERVAL=2;BYMONTH=1;BYMONTHDAY=1;BYHOUR=0;BYMINUTE=0;BYSECOND=0 X-DST-GAP:AFTER")]
    [InlineData("every day at 9:00 and 17:30", "DTSTART;TZID=Europe/Berlin:20260307T173000 RRULE:FREQ=DAILY;BYHOUR=9,17;BYMINUTE=0,30;BYSECOND=0;BYSETPOS=1,4 X-DST-GAP:AFTER")]
    [InlineData("every 30 minutes from 9am to 5pm on weekdays", "DTSTART;TZID=Europe/Berlin:20260309T090000 RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9,10,11,12,13,14,15,16,17;BYMINUTE=0,30;BYSECOND=0;BYSETPOS=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17 X-DST-GAP:AFTER")]
    [InlineData("every 90 minutes from 9am to 5pm", "DTSTART;TZID=Europe/Berlin:20260307T133000 RRULE:FREQ=DAILY;BYHOUR=9,10,12,13,15,16;BYMINUTE=0,30;BYSECOND=0;BYSETPOS=1,4,5,8,9,12 X-DST-GAP:AFTER")]
    [InlineData("every 2nd and last wednesday at 9am", "DTSTART;TZID=Europe/Berlin:20260311T090000 RRULE:FREQ=MONTHLY;BYDAY=-1WE,2WE;BYHOUR=9;BYMINUTE=0;BYSECOND=0 X-DST-GAP:AFTER")]
    [InlineData("every day at 9am until dec 31", "DTSTART;TZID=Europe/Berlin:20260308T090000 RRULE:FREQ=DAILY;BYHOUR=9;BYMINUTE=0;BYSECOND=0;UNTIL=20261231T225959Z X-DST-GAP:AFTER")]
    [InlineData("every day at 9am for 10 times", "DTSTART;TZID=Europe/Berlin:20260308T090000 RRULE:FREQ=DAILY;BYHOUR=9;BYMINUTE=0;BYSECOND=0;COUNT=10 X-DST-GAP:AFTER")]
    [InlineData("every last friday of the month at 5pm 6 times", "DTSTART;TZID=Europe/Berlin:20260327T170000 RRULE:FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=17;BYMINUTE=0;BYSECOND=0;COUNT=6 X-DST-GAP:AFTER")]
    [InlineData("every month on the last weekday until 2026-12-31", "DTSTART;TZID=Europe/Berlin:20260331T000000 RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=0;BYMINUTE=0;BYSECOND=0;BYSETPOS=-1;UNTIL=20261231T225959Z X-DST-GAP:AFTER")]
    // Exact intervals with a bound keep absolute steps: DTSTART in UTC, one period after now.
    [InlineData("every 5 minutes 10 times", "DTSTART:20260307T120500Z RRULE:FREQ=MINUTELY;INTERVAL=5;COUNT=10")]
    [InlineData("every 3 hours until dec 31", "DTSTART:20260307T150000Z RRULE:FREQ=HOURLY;INTERVAL=3;UNTIL=20261231T225959Z")]
    // Said at 13:00 Berlin time: counted from today's 09:07, the first run is 13:07.
    [InlineData("every 15 minutes starting at 9:07 for 4 times", "DTSTART:20260307T120700Z RRULE:FREQ=MINUTELY;INTERVAL=15;COUNT=4")]
    public void Forms_cron_cannot_say_compile_to_rfc5545_text(string spec, string expected)
    {
        Assert.Equal(Canonical(expected, "Europe/Berlin", Now), RuleText(spec, "Europe/Berlin", Now));
    }

    [Theory]
    // The phase of "every other": the first occurrence at or after now, then every second one.
    [InlineData("every other day at noon", "2026-03-07T10:00:00Z", "DTSTART;TZID=Europe/Berlin:20260307T120000 RRULE:FREQ=DAILY;INTERVAL=2;BYHOUR=12;BYMINUTE=0;BYSECOND=0 X-DST-GAP:AFTER")]
    [InlineData("every other day at noon", "2026-03-07T11:00:00Z", "DTSTART;TZID=Europe/Berlin:20260307T120000 RRULE:FREQ=DAILY;INTERVAL=2;BYHOUR=12;BYMINUTE=0;BYSECOND=0 X-DST-GAP:AFTER")]
    [InlineData("every other day at noon", "2026-03-07T11:00:01Z", "DTSTART;TZID=Europe/Berlin:20260308T120000 RRULE:FREQ=DAILY;INTERVAL=2;BYHOUR=12;BYMINUTE=0;BYSECOND=0 X-DST-GAP:AFTER")]
    [InlineData("every 2 weeks on monday and friday at 9am", "2026-03-11T12:00:00Z", "DTSTART;TZID=Europe/Berlin:20260313T090000 RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;BYHOUR=9;BYMINUTE=0;BYSECOND=0 X-DST-GAP:AFTER")]
    // A gap day keeps the written wall time in DTSTART; RFC 5545 reads 02:30 on 2026-03-29 as 03:30.
    [InlineData("every other sunday at 2:30", "2026-03-27T12:00:00Z", "DTSTART;TZID=Europe/Berlin:20260329T023000 RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=SU;BYHOUR=2;BYMINUTE=30;BYSECOND=0 X-DST-GAP:AFTER")]
    public void The_phase_is_the_first_occurrence_at_or_after_now(string spec, string now, string expected)
    {
        Assert.Equal(Canonical(expected, "Europe/Berlin", Instant(now)), RuleText(spec, "Europe/Berlin", Instant(now)));
    }

    [Fact]
    public void An_end_date_without_a_year_is_the_next_such_date()
    {
        Assert.Contains("UNTIL=20270102T225959Z", RuleText("every day at 9am until jan 2", "Europe/Berlin", Now));
    }

    [Theory]
    [InlineData("every other day at noon", "2026-03-08T11:00:00Z", "2026-03-10T11:00:00Z", "2026-03-12T11:00:00Z")]
    // Berlin moves to summer time on 2026-03-29: 09:00 stays 09:00 on the wall clock.
    [InlineData("every 2 weeks on monday at 9am", "2026-03-09T08:00:00Z", "2026-03-23T08:00:00Z", "2026-04-06T07:00:00Z")]
    [InlineData("every day at 9:00 and 17:30", "2026-03-07T16:30:00Z", "2026-03-08T08:00:00Z", "2026-03-08T16:30:00Z")]
    [InlineData("every 2nd and last wednesday at 9am", "2026-03-11T08:00:00Z", "2026-03-25T08:00:00Z", "2026-04-08T07:00:00Z", "2026-04-29T07:00:00Z")]
    [InlineData("every day at 9am for 3 times", "2026-03-08T08:00:00Z", "2026-03-09T08:00:00Z", "2026-03-10T08:00:00Z")]
    [InlineData("every day at 9am until mar 10", "2026-03-08T08:00:00Z", "2026-03-09T08:00:00Z", "2026-03-10T08:00:00Z")]
    [InlineData("every 5 minutes 3 times", "2026-03-07T12:05:00Z", "2026-03-07T12:10:00Z", "2026-03-07T12:15:00Z")]
    [InlineData("every 90 minutes from 9am to 5pm", "2026-03-07T12:30:00Z", "2026-03-07T14:00:00Z", "2026-03-07T15:30:00Z", "2026-03-08T08:00:00Z")]
    public void Rule_forms_run_when_they_say_and_bounds_end_them(string spec, params string[] next)
    {
        var parsed = ScheduleParser.Parse(spec, Options("Europe/Berlin"));
        Assert.Equal(ScheduleKind.Rule, parsed.Kind);
        Occurrences(parsed, next);
        if (spec.Contains("times") || spec.Contains("until")) Assert.Null(parsed.NextAfter(Instant(next[^1])));
    }

    [Fact]
    public void A_window_that_cron_cannot_end_runs_at_its_inclusive_end_then_restarts_next_weekday()
    {
        var parsed = ScheduleParser.Parse("every 30 minutes from 9am to 5pm on weekdays", Options("Europe/Berlin"));
        var runs = parsed.Next(18, Now);
        Assert.Equal(Instant("2026-03-09T08:00:00Z"), runs[0]);
        Assert.Equal(Instant("2026-03-09T16:00:00Z"), runs[16]);
        Assert.Equal(Instant("2026-03-10T08:00:00Z"), runs[17]);
        Assert.Contains("every 30 minutes from 09:00 to 17:00 on weekdays", parsed.Description);
    }

    [Theory]
    [InlineData("every other day at noon", "every other day at 12:00, from 2026-03-08 12:00 (Europe/Berlin)")]
    [InlineData("every 2 weeks on monday at 9am", "every other week on Monday at 09:00, from 2026-03-09 09:00 (Europe/Berlin)")]
    [InlineData("every day at 9:00 and 17:30", "every day at 09:00 and 17:30 (Europe/Berlin)")]
    [InlineData("every weekday at 9am 10 times", "every weekday at 09:00, from 2026-03-09 09:00, 10 times (Europe/Berlin)")]
    [InlineData("every day at 9am until dec 31", "every day at 09:00, until 2026-12-31 (Europe/Berlin)")]
    [InlineData("every 2nd and last wednesday at 9am", "every month on the second and last Wednesday at 09:00 (Europe/Berlin)")]
    public void Rule_forms_read_back_in_english(string spec, string expected)
    {
        Assert.Equal(expected, ScheduleParser.Parse(spec, Options("Europe/Berlin")).Description);
    }

    [Fact]
    public void The_phase_counts_from_the_start_option_when_it_is_later_than_now()
    {
        var options = Options("Europe/Berlin") with { StartAt = Instant("2026-03-20T00:00:00Z") };
        var parsed = ScheduleParser.Parse("every 2 weeks on monday at 9am", options);
        Occurrences(parsed, ["2026-03-23T08:00:00Z", "2026-04-06T07:00:00Z"]);
    }

    [Fact]
    public void Window_whose_minutes_differ_by_hour_past_366_positions_is_refused_in_english()
    {
        // 69 runs a day, but hours 9–17 × 60 distinct minutes puts the later runs past BYSETPOS position 366.
        var e = Rejects("every 7 minutes from 9:00 to 17:00 on weekdays");
        Assert.Contains("runs at different minutes in different hours", e.Message);
        Assert.Contains("expected a step that divides an hour", e.Message);
        Assert.DoesNotContain("BYSETPOS value", e.Message);
    }

    /// <summary>The canonical rule a spec compiled to, compared with the canonical form of the expected text.</summary>
    internal static string RuleText(string spec, string zone, DateTimeOffset now)
    {
        var parsed = ScheduleParser.Parse(spec, Options(zone, now));
        Assert.Equal(ScheduleKind.Rule, parsed.Kind);
        return parsed.Canonical;
    }

    private static string Canonical(string ruleText, string zone, DateTimeOffset now) =>
        ScheduleParser.Parse(ruleText, Options(zone, now, allowPast: true)).Canonical;
}
