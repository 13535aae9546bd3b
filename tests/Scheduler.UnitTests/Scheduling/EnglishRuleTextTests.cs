using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// English forms cron cannot say compile to RFC 5545 text: "every other"/"every N" with a day or time (DTSTART is
/// the first occurrence at or after now, which fixes the phase), times that are not hours × minutes, windows whose
/// end cuts an hour, "last" mixed with numbered weekdays, and bounds. Now is Saturday 2026-03-07 12:00 UTC
/// (13:00 in Berlin).
/// </summary>
public sealed class EnglishRuleTextTests
{
    [Theory]
    [InlineData("every other day at noon", "DTSTART;TZID=Europe/Berlin:20260308T120000 RRULE:FREQ=DAILY;INTERVAL=2;BYHOUR=12;BYMINUTE=0;BYSECOND=0")]
    [InlineData("every 2 days at 9am", "DTSTART;TZID=Europe/Berlin:20260308T090000 RRULE:FREQ=DAILY;INTERVAL=2;BYHOUR=9;BYMINUTE=0;BYSECOND=0")]
    [InlineData("every 2 weeks on monday at 9am", "DTSTART;TZID=Europe/Berlin:20260309T090000 RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=9;BYMINUTE=0;BYSECOND=0")]
    [InlineData("every other monday at 9am", "DTSTART;TZID=Europe/Berlin:20260309T090000 RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=9;BYMINUTE=0;BYSECOND=0")]
    [InlineData("every 3 weeks on tuesday and thursday at 18:00", "DTSTART;TZID=Europe/Berlin:20260310T180000 RRULE:FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,TH;BYHOUR=18;BYMINUTE=0;BYSECOND=0")]
    [InlineData("every 5 months on the 15th", "DTSTART;TZID=Europe/Berlin:20260315T000000 RRULE:FREQ=MONTHLY;INTERVAL=5;BYMONTHDAY=15;BYHOUR=0;BYMINUTE=0;BYSECOND=0")]
    [InlineData("every 2 years", "DTSTART;TZID=Europe/Berlin:20270101T000000 RRULE:FREQ=YEARLY;INTERVAL=2;BYMONTH=1;BYMONTHDAY=1;BYHOUR=0;BYMINUTE=0;BYSECOND=0")]
    [InlineData("every day at 9:00 and 17:30", "DTSTART;TZID=Europe/Berlin:20260307T173000 RRULE:FREQ=DAILY;BYHOUR=9,17;BYMINUTE=0,30;BYSECOND=0;BYSETPOS=1,4")]
    [InlineData("every 30 minutes from 9am to 5pm on weekdays", "DTSTART;TZID=Europe/Berlin:20260309T090000 RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9,10,11,12,13,14,15,16,17;BYMINUTE=0,30;BYSECOND=0;BYSETPOS=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17")]
    [InlineData("every 90 minutes from 9am to 5pm", "DTSTART;TZID=Europe/Berlin:20260307T133000 RRULE:FREQ=DAILY;BYHOUR=9,10,12,13,15,16;BYMINUTE=0,30;BYSECOND=0;BYSETPOS=1,4,5,8,9,12")]
    [InlineData("every 2nd and last wednesday at 9am", "DTSTART;TZID=Europe/Berlin:20260311T090000 RRULE:FREQ=MONTHLY;BYDAY=-1WE,2WE;BYHOUR=9;BYMINUTE=0;BYSECOND=0")]
    [InlineData("every day at 9am until dec 31", "DTSTART;TZID=Europe/Berlin:20260308T090000 RRULE:FREQ=DAILY;BYHOUR=9;BYMINUTE=0;BYSECOND=0;UNTIL=20261231T225959Z")]
    [InlineData("every day at 9am for 10 times", "DTSTART;TZID=Europe/Berlin:20260308T090000 RRULE:FREQ=DAILY;BYHOUR=9;BYMINUTE=0;BYSECOND=0;COUNT=10")]
    [InlineData("every last friday of the month at 5pm 6 times", "DTSTART;TZID=Europe/Berlin:20260327T170000 RRULE:FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=17;BYMINUTE=0;BYSECOND=0;COUNT=6")]
    [InlineData("every month on the last weekday until 2026-12-31", "DTSTART;TZID=Europe/Berlin:20260331T000000 RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=0;BYMINUTE=0;BYSECOND=0;BYSETPOS=-1;UNTIL=20261231T225959Z")]
    // Exact intervals with a bound keep absolute steps: DTSTART in UTC, one period after now.
    [InlineData("every 5 minutes 10 times", "DTSTART:20260307T120500Z RRULE:FREQ=MINUTELY;INTERVAL=5;COUNT=10")]
    [InlineData("every 3 hours until dec 31", "DTSTART:20260307T150000Z RRULE:FREQ=HOURLY;INTERVAL=3;UNTIL=20261231T225959Z")]
    [InlineData("every 15 minutes starting at 9:07 for 4 times", "DTSTART:20260308T080700Z RRULE:FREQ=MINUTELY;INTERVAL=15;COUNT=4")]
    public void Forms_cron_cannot_say_compile_to_rfc5545_text(string spec, string expected)
    {
        Assert.Equal(expected, RuleText(spec, "Europe/Berlin", Now));
    }

    [Theory]
    // The phase of "every other": the first occurrence at or after now, then every second one.
    [InlineData("every other day at noon", "2026-03-07T10:00:00Z", "DTSTART;TZID=Europe/Berlin:20260307T120000 RRULE:FREQ=DAILY;INTERVAL=2;BYHOUR=12;BYMINUTE=0;BYSECOND=0")]
    [InlineData("every other day at noon", "2026-03-07T11:00:00Z", "DTSTART;TZID=Europe/Berlin:20260307T120000 RRULE:FREQ=DAILY;INTERVAL=2;BYHOUR=12;BYMINUTE=0;BYSECOND=0")]
    [InlineData("every other day at noon", "2026-03-07T11:00:01Z", "DTSTART;TZID=Europe/Berlin:20260308T120000 RRULE:FREQ=DAILY;INTERVAL=2;BYHOUR=12;BYMINUTE=0;BYSECOND=0")]
    [InlineData("every 2 weeks on monday and friday at 9am", "2026-03-11T12:00:00Z", "DTSTART;TZID=Europe/Berlin:20260313T090000 RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;BYHOUR=9;BYMINUTE=0;BYSECOND=0")]
    // A gap day keeps the written wall time in DTSTART; RFC 5545 reads 02:30 on 2026-03-29 as 03:30.
    [InlineData("every other sunday at 2:30", "2026-03-27T12:00:00Z", "DTSTART;TZID=Europe/Berlin:20260329T023000 RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=SU;BYHOUR=2;BYMINUTE=30;BYSECOND=0")]
    public void The_phase_is_the_first_occurrence_at_or_after_now(string spec, string now, string expected)
    {
        Assert.Equal(expected, RuleText(spec, "Europe/Berlin", Instant(now)));
    }

    [Fact]
    public void An_end_date_without_a_year_is_the_next_such_date()
    {
        Assert.EndsWith("UNTIL=20270102T225959Z", RuleText("every day at 9am until jan 2", "Europe/Berlin", Now));
    }

    /// <summary>The rule text a spec compiled to: its canonical form, or (while rules cannot run) the text its refusal carries.</summary>
    internal static string RuleText(string spec, string zone, DateTimeOffset now)
    {
        try
        {
            var parsed = ScheduleParser.Parse(spec, Options(zone, now));
            Assert.NotEqual(ScheduleKind.Cron, parsed.Kind);
            Assert.NotEqual(ScheduleKind.Interval, parsed.Kind);
            return parsed.Canonical;
        }
        catch (ScheduleSpecException e) when (e.Data[ScheduleParser.RuleTextKey] is string text)
        {
            return text;
        }
    }
}
