using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// A sweep of what users of the replaced systems write every day, in Berlin (a DST zone), from Saturday 2026-03-07
/// 12:00 UTC: Quartz.NET cron (seconds first, "?", a year of "*") and its DailyTimeInterval / CalendarInterval
/// wordings, Hangfire's Cron helpers in words, Celery crontab fields ("1-7,15-21", "*/3", "*/3,8-17"), crontab macros,
/// ISO 8601 repetitions and the seed docs' own examples; each with its form and its next runs as an ordinary reader
/// expects them. What reads two ways or names no time is refused with what to write instead.
/// </summary>
public sealed class SchedulerMigrationSweepSpecTests
{
    [Theory]
    [InlineData("every 2 weeks on Monday and Friday at 10:00", "rule", "DTSTART;TZID=Europe/Berlin:20260309T100000 RRULE:FREQ=WEEKLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=10;BYDAY=MO,FR X-DST-GAP:AFTER", "2026-03-09T09:00:00Z", "2026-03-13T09:00:00Z")]
    [InlineData("every other Tuesday", "rule", "DTSTART;TZID=Europe/Berlin:20260310T000000 RRULE:FREQ=WEEKLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=0;BYDAY=TU X-DST-GAP:AFTER", "2026-03-09T23:00:00Z", "2026-03-23T23:00:00Z")]
    [InlineData("every other tuesday at 9am", "rule", "DTSTART;TZID=Europe/Berlin:20260310T090000 RRULE:FREQ=WEEKLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=9;BYDAY=TU X-DST-GAP:AFTER", "2026-03-10T08:00:00Z", "2026-03-24T08:00:00Z")]
    [InlineData("every 3 months on the 1st", "cron", "0 0 1 1,4,7,10 *", "2026-03-31T22:00:00Z", "2026-06-30T22:00:00Z")]
    [InlineData("weekly on Monday at 9", "cron", "0 9 * * 1", "2026-03-09T08:00:00Z", "2026-03-16T08:00:00Z")]
    [InlineData("monthly on the 15th at 6pm", "cron", "0 18 15 * *", "2026-03-15T17:00:00Z", "2026-04-15T16:00:00Z")]
    [InlineData("yearly on Jan 1", "cron", "0 0 1 1 *", "2026-12-31T23:00:00Z", "2027-12-31T23:00:00Z")]
    [InlineData("annually on jan 1 at 9am", "cron", "0 9 1 1 *", "2027-01-01T08:00:00Z", "2028-01-01T08:00:00Z")]
    [InlineData("every 2 hours between 9:00 and 17:00 on monday through friday", "cron", "0 9-17/2 * * 1-5", "2026-03-09T08:00:00Z", "2026-03-09T10:00:00Z")]
    [InlineData("every 30 minutes from 8:00 to 17:00 on mon-fri", "rule", "DTSTART;TZID=Europe/Berlin:20260309T080000 RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,30;BYHOUR=8,9,10,11,12,13,14,15,16,17;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19 X-DST-GAP:AFTER", "2026-03-09T07:00:00Z", "2026-03-09T07:30:00Z")]
    [InlineData("every 90 minutes from 9am to 5pm on weekdays", "rule", "DTSTART;TZID=Europe/Berlin:20260309T090000 RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,30;BYHOUR=9,10,12,13,15,16;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,4,5,8,9,12 X-DST-GAP:AFTER", "2026-03-09T08:00:00Z", "2026-03-09T09:30:00Z")]
    [InlineData("every 4 hours starting at 2am on weekdays", "rule", "DTSTART;TZID=Europe/Berlin:20260309T020000 RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=2,6,10,14,18,22;BYDAY=MO,TU,WE,TH,FR", "2026-03-09T01:00:00Z", "2026-03-09T05:00:00Z")]
    [InlineData("every 12 hours starting at 9am on weekdays", "rule", "DTSTART;TZID=Europe/Berlin:20260309T090000 RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=9,21;BYDAY=MO,TU,WE,TH,FR", "2026-03-09T08:00:00Z", "2026-03-09T20:00:00Z")]
    [InlineData("every month on day 15", "cron", "0 0 15 * *", "2026-03-14T23:00:00Z", "2026-04-14T22:00:00Z")]
    [InlineData("on day 1 of every month at 9am", "cron", "0 9 1 * *", "2026-04-01T07:00:00Z", "2026-05-01T07:00:00Z")]
    [InlineData("monthly on days 1 and 15 at noon", "cron", "0 12 1,15 * *", "2026-03-15T11:00:00Z", "2026-04-01T10:00:00Z")]
    [InlineData("0 0 1-7,15-21 * *", "cron", "0 0 1-7,15-21 * *", "2026-03-14T23:00:00Z", "2026-03-15T23:00:00Z")]
    [InlineData("0 0 1 */3 *", "cron", "0 0 1 */3 *", "2026-03-31T22:00:00Z", "2026-06-30T22:00:00Z")]
    [InlineData("0 */3,8-17 * * *", "cron", "0 0-23/3,8-17 * * *", "2026-03-07T13:00:00Z", "2026-03-07T14:00:00Z")]
    [InlineData("@hourly", "cron", "@hourly", "2026-03-07T13:00:00Z", "2026-03-07T14:00:00Z")]
    [InlineData("@weekly", "cron", "@weekly", "2026-03-07T23:00:00Z", "2026-03-14T23:00:00Z")]
    [InlineData("0 30 9 * * *", "cron", "0 30 9 * * *", "2026-03-08T08:30:00Z", "2026-03-09T08:30:00Z")]
    [InlineData("0 0 12 * * ? *", "cron", "0 0 12 * * ?", "2026-03-08T11:00:00Z", "2026-03-09T11:00:00Z")]
    [InlineData("0 15 10 ? * MON-FRI *", "cron", "0 15 10 ? * MON-FRI", "2026-03-09T09:15:00Z", "2026-03-10T09:15:00Z")]
    [InlineData("0 0 8 ? * SUN#2", "cron", "0 0 8 ? * SUN#2", "2026-03-08T07:00:00Z", "2026-04-12T06:00:00Z")]
    [InlineData("0 0 9 ? * 0", "cron", "0 0 9 ? * 0", "2026-03-08T08:00:00Z", "2026-03-15T08:00:00Z")]
    [InlineData("0 0 12 1 1/3 ?", "cron", "0 0 12 1 1/3 ?", "2026-04-01T10:00:00Z", "2026-07-01T10:00:00Z")]
    [InlineData("R5/2026-12-01T09:00/P1W", "rule", "DTSTART;TZID=Europe/Berlin:20261201T090000 RRULE:FREQ=WEEKLY;COUNT=5", "2026-12-01T08:00:00Z", "2026-12-08T08:00:00Z")]
    [InlineData("R/PT12H", "interval", "PT12H", "2026-03-08T00:00:00Z", "2026-03-08T12:00:00Z")]
    [InlineData("R3/2026-12-01T09:00/PT30M", "rule", "DTSTART:20261201T080000Z RRULE:FREQ=MINUTELY;INTERVAL=30;COUNT=3", "2026-12-01T08:00:00Z", "2026-12-01T08:30:00Z")]
    [InlineData("every 5 minutes 3 times", "rule", "DTSTART:20260307T120500Z RRULE:FREQ=MINUTELY;INTERVAL=5;COUNT=3", "2026-03-07T12:05:00Z", "2026-03-07T12:10:00Z")]
    [InlineData("every 10 minutes, 5 times", "rule", "DTSTART:20260307T121000Z RRULE:FREQ=MINUTELY;INTERVAL=10;COUNT=5", "2026-03-07T12:10:00Z", "2026-03-07T12:20:00Z")]
    [InlineData("in 5 minutes", "once", "2026-03-07T12:05:00.0000000+00:00", "2026-03-07T12:05:00Z")]
    [InlineData("every 1h", "interval", "PT1H", "2026-03-07T13:00:00Z", "2026-03-07T14:00:00Z")]
    [InlineData("every 30m", "interval", "PT30M", "2026-03-07T12:30:00Z", "2026-03-07T13:00:00Z")]
    [InlineData("every 1d", "interval", "PT24H", "2026-03-08T12:00:00Z", "2026-03-09T12:00:00Z")]
    [InlineData("cron:0 0 * * *", "cron", "0 0 * * *", "2026-03-07T23:00:00Z", "2026-03-08T23:00:00Z")]
    [InlineData("0 2 * * *", "cron", "0 2 * * *", "2026-03-08T01:00:00Z", "2026-03-09T01:00:00Z")]
    [InlineData("0 9 * * *", "cron", "0 9 * * *", "2026-03-08T08:00:00Z", "2026-03-09T08:00:00Z")]
    [InlineData("*/5 * * * *", "cron", "*/5 * * * *", "2026-03-07T12:05:00Z", "2026-03-07T12:10:00Z")]
    [InlineData("0 0 * * 0", "cron", "0 0 * * 0", "2026-03-07T23:00:00Z", "2026-03-14T23:00:00Z")]
    [InlineData("0 3 * * MON", "cron", "0 3 * * MON", "2026-03-09T02:00:00Z", "2026-03-16T02:00:00Z")]
    [InlineData("in:1h", "once", "2026-03-07T13:00:00.0000000+00:00", "2026-03-07T13:00:00Z")]
    [InlineData("tomorrow at 2pm", "once", "2026-03-08T13:00:00.0000000+00:00", "2026-03-08T13:00:00Z")]
    [InlineData("next week", "once", "2026-03-14T12:00:00.0000000+00:00", "2026-03-14T12:00:00Z")]
    [InlineData("at 14:30", "once", "2026-03-07T13:30:00.0000000+00:00", "2026-03-07T13:30:00Z")]
    [InlineData("every day at 2:30 AM", "cron", "30 2 * * *", "2026-03-08T01:30:00Z", "2026-03-09T01:30:00Z")]
    public void Reads_as_its_users_mean_it(string spec, string kind, string canonical, params string[] next)
    {
        var parsed = ScheduleParser.Parse(spec, Options("Europe/Berlin"));
        Assert.Equal(kind, parsed.Kind.ToString().ToLowerInvariant());
        Assert.Equal(canonical, parsed.Canonical);
        Assert.Equal("Europe/Berlin", parsed.TimeZone);
        Occurrences(parsed, next);
    }

    [Theory]
    // Spring-forward, 2026-03-29 02:00 CET → 03:00 CEST: cron runs a skipped time at the gap's end, rules read it with
    // the offset before the gap; the hour of the day stays on the wall clock either side.
    [InlineData("every 2 weeks on Monday and Friday at 10:00", "2026-03-07T12:00:00Z", "2026-03-09T09:00:00Z", "2026-03-13T09:00:00Z", "2026-03-23T09:00:00Z", "2026-03-27T09:00:00Z", "2026-04-06T08:00:00Z")]
    [InlineData("every last sunday of the month at 2am", "2026-03-07T12:00:00Z", "2026-03-29T01:00:00Z", "2026-04-26T00:00:00Z")]
    [InlineData("every 4 hours starting at 2am on weekends", "2026-03-28T12:00:00Z", "2026-03-28T13:00:00Z", "2026-03-28T17:00:00Z", "2026-03-28T21:00:00Z", "2026-03-29T01:00:00Z", "2026-03-29T04:00:00Z")]
    [InlineData("0 */3,8-17 * * *", "2026-03-28T20:30:00Z", "2026-03-28T23:00:00Z", "2026-03-29T01:00:00Z", "2026-03-29T04:00:00Z", "2026-03-29T06:00:00Z", "2026-03-29T07:00:00Z")]
    // Fall-back, 2026-10-25 03:00 CEST → 02:00 CET: a named hour runs once, at its first pass.
    [InlineData("every day at 2:30 AM", "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z")]
    [InlineData("every 4 hours starting at 2am on weekends", "2026-10-24T13:00:00Z", "2026-10-24T16:00:00Z", "2026-10-24T20:00:00Z", "2026-10-25T00:00:00Z", "2026-10-25T05:00:00Z")]
    [InlineData("0 0 8 ? * SUN#4", "2026-10-01T00:00:00Z", "2026-10-25T07:00:00Z", "2026-11-22T07:00:00Z")]
    public void Keeps_its_wall_clock_across_dst(string spec, string now, params string[] next)
    {
        var at = Instant(now);
        var parsed = ScheduleParser.Parse(spec, Options("Europe/Berlin", at));
        Occurrences(parsed, next, after: at);
    }

    [Theory]
    // Quartz numbers weekdays from 1 = Sunday: "?" in the day field says Quartz, and its numbers name other days in cron.
    [InlineData("0 0 9 ? * 2", "\"0 0 9 * * 1\" (every Monday at 09:00) for Quartz's reading or \"0 0 9 * * 2\" (every Tuesday at 09:00) for cron's")]
    [InlineData("0 15 10 ? * 6L", "\"0 15 10 * * 5L\" (on the last Friday of every month at 10:15) for Quartz's reading")]
    [InlineData("0 15 10 ? * 6#3", "\"0 15 10 * * 5#3\" (on the third Friday of every month at 10:15) for Quartz's reading")]
    [InlineData("0 0 9 ? * 1-5", "\"0 0 9 * * 0-4\" (every Sunday through Thursday at 09:00) for Quartz's reading or \"0 0 9 * * 1-5\" (every weekday at 09:00) for cron's")]
    [InlineData("@reboot", "runs when the cron daemon starts, which is no time a schedule can name")]
    [InlineData("0 0 12 * * ? 2027", "a seventh field (Quartz's year) is not taken")]
    [InlineData("0 0 31 2 *", "never matches")]
    [InlineData("R/P1MT12H", "PT36H for exact hours")]
    [InlineData("twice daily", "\"every day at 9am and 9pm\"")]
    [InlineData("every 30 minutes during business hours", "\"every 15 minutes from 9am to 5pm on weekdays\"")]
    [InlineData("every 5 hours starting at 2am on weekdays", "\"every 5 hours from 02:00 to 23:59 on weekdays\"")]
    [InlineData("every day at 9am in Berlin", "--tz Europe/Berlin")]
    [InlineData("every 15 minutes until 5pm", "\"until 5pm\" in \"every 15 minutes until 5pm\" is a time of day, and an end is a date; for runs that stop at 17:00 each day write a window, \"from <start> to 17:00\"")]
    public void Is_refused_with_what_to_write(string spec, string expected)
    {
        var e = Rejects(spec, "Europe/Berlin");
        Assert.Contains(expected, e.Message);
    }
}
