using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// A sweep of schedules as people write them (the seed systems' docs, Celery beat, Quartz.NET, Hangfire, everyday
/// phrases), each with what a person means: its form and its first run after now. Now is Saturday 2026-03-07 12:00 UTC;
/// the Berlin rows cross the March and October changes. The ones the grammar does not take are refused with a message
/// that names what was wrong and a form that is accepted.
/// </summary>
public sealed class EverydaySweepSpecTests
{
    [Theory]
    [InlineData("every weekday at 8:30am", "cron", "30 8 * * 1-5", "2026-03-09T08:30:00Z")]
    [InlineData("first monday of every month at 10", "cron", "0 10 * * 1#1", "2026-04-06T10:00:00Z")]
    [InlineData("every 2 weeks on friday", "rule", "DTSTART:20260313T000000Z RRULE:FREQ=WEEKLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=0;BYDAY=FR", "2026-03-13T00:00:00Z")]
    [InlineData("at noon on the last business day of the month", "cron", "0 12 LW * *", "2026-03-31T12:00:00Z")]
    [InlineData("every quarter on the 1st", "cron", "0 0 1 1,4,7,10 *", "2026-04-01T00:00:00Z")]
    [InlineData("every 90 minutes", "interval", "PT1H30M", "2026-03-07T13:30:00Z")]
    [InlineData("every sunday at midnight", "cron", "0 0 * * 0", "2026-03-08T00:00:00Z")]
    [InlineData("every 15 min", "interval", "PT15M", "2026-03-07T12:15:00Z")]
    [InlineData("every other day at 7", "rule", "DTSTART:20260308T070000Z RRULE:FREQ=DAILY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=7", "2026-03-08T07:00:00Z")]
    [InlineData("every hour on the hour", "cron", "0 * * * *", "2026-03-07T13:00:00Z")]
    [InlineData("every Monday at 3 AM", "cron", "0 3 * * 1", "2026-03-09T03:00:00Z")]
    [InlineData("every day at 2:30 AM", "cron", "30 2 * * *", "2026-03-08T02:30:00Z")]
    [InlineData("every day at midnight", "cron", "0 0 * * *", "2026-03-08T00:00:00Z")]
    [InlineData("every 30m", "interval", "PT30M", "2026-03-07T12:30:00Z")]
    [InlineData("every 1h", "interval", "PT1H", "2026-03-07T13:00:00Z")]
    [InlineData("every 1d", "interval", "PT24H", "2026-03-08T12:00:00Z")]
    [InlineData("every 60 seconds", "interval", "PT1M", "2026-03-07T12:01:00Z")]
    [InlineData("every 10 minutes, 5 times", "rule", "DTSTART:20260307T121000Z RRULE:FREQ=MINUTELY;INTERVAL=10;COUNT=5", "2026-03-07T12:10:00Z")]
    [InlineData("in 30 minutes", "once", "2026-03-07T12:30:00.0000000+00:00", "2026-03-07T12:30:00Z")]
    [InlineData("tomorrow at 2pm", "once", "2026-03-08T14:00:00.0000000+00:00", "2026-03-08T14:00:00Z")]
    [InlineData("next week", "once", "2026-03-14T12:00:00.0000000+00:00", "2026-03-14T12:00:00Z")]
    [InlineData("at 14:30", "once", "2026-03-07T14:30:00.0000000+00:00", "2026-03-07T14:30:00Z")]
    [InlineData("in 2 hours", "once", "2026-03-07T14:00:00.0000000+00:00", "2026-03-07T14:00:00Z")]
    [InlineData("daily at 6", "cron", "0 6 * * *", "2026-03-08T06:00:00Z")]
    [InlineData("every night at 11pm", "cron", "0 23 * * *", "2026-03-07T23:00:00Z")]
    [InlineData("every morning at 7", "cron", "0 7 * * *", "2026-03-08T07:00:00Z")]
    [InlineData("on the 1st of every month at 9am", "cron", "0 9 1 * *", "2026-04-01T09:00:00Z")]
    [InlineData("last day of the month at 23:59", "cron", "59 23 L * *", "2026-03-31T23:59:00Z")]
    [InlineData("every year on jan 1 at midnight", "cron", "0 0 1 1 *", "2027-01-01T00:00:00Z")]
    [InlineData("every 3rd friday of the month", "cron", "0 0 * * 5#3", "2026-03-20T00:00:00Z")]
    [InlineData("mon-fri at 9:00", "cron", "0 9 * * 1-5", "2026-03-09T09:00:00Z")]
    [InlineData("every tuesday and thursday at 6pm", "cron", "0 18 * * 2,4", "2026-03-10T18:00:00Z")]
    [InlineData("every 6 hours", "interval", "PT6H", "2026-03-07T18:00:00Z")]
    [InlineData("every hour at :15", "cron", "15 * * * *", "2026-03-07T12:15:00Z")]
    [InlineData("at 10 past every hour", "cron", "10 * * * *", "2026-03-07T12:10:00Z")]
    [InlineData("every 2nd tuesday at 10am", "cron", "0 10 * * 2#2", "2026-03-10T10:00:00Z")]
    [InlineData("every weekend at 10am", "cron", "0 10 * * 0,6", "2026-03-08T10:00:00Z")]
    [InlineData("every first of the month", "cron", "0 0 1 * *", "2026-04-01T00:00:00Z")]
    [InlineData("the 15th of every month", "cron", "0 0 15 * *", "2026-03-15T00:00:00Z")]
    [InlineData("monthly on the 1st at 9am", "cron", "0 9 1 * *", "2026-04-01T09:00:00Z")]
    [InlineData("weekly on monday at 9", "cron", "0 9 * * 1", "2026-03-09T09:00:00Z")]
    [InlineData("every day at 09:00", "cron", "0 9 * * *", "2026-03-08T09:00:00Z")]
    [InlineData("every 12 hours starting at 8am", "rule", "DTSTART:20260307T200000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=8,20", "2026-03-07T20:00:00Z")]
    [InlineData("every monday, wednesday and friday at 7:30am", "cron", "30 7 * * 1,3,5", "2026-03-09T07:30:00Z")]
    [InlineData("at 9am every day except saturday and sunday", "cron", "0 9 * * 1-5", "2026-03-09T09:00:00Z")]
    [InlineData("every 4 hours starting at 2am", "rule", "DTSTART:20260307T140000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=2,6,10,14,18,22", "2026-03-07T14:00:00Z")]
    [InlineData("every day at 8 and 20", "cron", "0 8,20 * * *", "2026-03-07T20:00:00Z")]
    [InlineData("every day at 8am and 8pm", "cron", "0 8,20 * * *", "2026-03-07T20:00:00Z")]
    [InlineData("every weekday at noon", "cron", "0 12 * * 1-5", "2026-03-09T12:00:00Z")]
    [InlineData("noon every day", "cron", "0 12 * * *", "2026-03-08T12:00:00Z")]
    [InlineData("at 5pm every friday", "cron", "0 17 * * 5", "2026-03-13T17:00:00Z")]
    [InlineData("every two weeks", "interval", "PT336H", "2026-03-21T12:00:00Z")]
    [InlineData("every 3 days", "interval", "PT72H", "2026-03-10T12:00:00Z")]
    [InlineData("every 2 hours between 8am and 6pm", "cron", "0 8-18/2 * * *", "2026-03-07T14:00:00Z")]
    [InlineData("quarterly", "cron", "0 0 1 1,4,7,10 *", "2026-04-01T00:00:00Z")]
    [InlineData("on the last friday of each month at 4pm", "cron", "0 16 * * 5L", "2026-03-27T16:00:00Z")]
    [InlineData("every last day of the month at 6pm", "cron", "0 18 L * *", "2026-03-31T18:00:00Z")]
    [InlineData("every minute", "interval", "PT1M", "2026-03-07T12:01:00Z")]
    [InlineData("every 30 seconds", "interval", "PT30S", "2026-03-07T12:00:30Z")]
    [InlineData("every week on sunday at 10pm", "cron", "0 22 * * 0", "2026-03-08T22:00:00Z")]
    [InlineData("every month on the 1st and 15th at noon", "cron", "0 12 1,15 * *", "2026-03-15T12:00:00Z")]
    [InlineData("every year on december 25 at 8am", "cron", "0 8 25 12 *", "2026-12-25T08:00:00Z")]
    [InlineData("every 2 weeks on monday and thursday at 9", "rule", "DTSTART:20260309T090000Z RRULE:FREQ=WEEKLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=9;BYDAY=MO,TH", "2026-03-09T09:00:00Z")]
    [InlineData("every weekday morning at 9", "cron", "0 9 * * 1-5", "2026-03-09T09:00:00Z")]
    [InlineData("at 9:30 on weekdays", "cron", "30 9 * * 1-5", "2026-03-09T09:30:00Z")]
    [InlineData("every hour between 8 am and 6 pm", "cron", "0 8-18 * * *", "2026-03-07T13:00:00Z")]
    [InlineData("every day at 6:00 and 18:00", "cron", "0 6,18 * * *", "2026-03-07T18:00:00Z")]
    [InlineData("the last sunday of march at 2am", "cron", "0 2 * 3 0L", "2026-03-29T02:00:00Z")]
    [InlineData("every 2nd and 4th thursday", "cron", "0 0 8-14,22-28 * 4", "2026-03-12T00:00:00Z")]
    [InlineData("every day except sunday at 10", "cron", "0 10 * * 1-6", "2026-03-09T10:00:00Z")]
    [InlineData("9am daily", "cron", "0 9 * * *", "2026-03-08T09:00:00Z")]
    [InlineData("daily 9am", "cron", "0 9 * * *", "2026-03-08T09:00:00Z")]
    [InlineData("every day at 7pm except weekends", "cron", "0 19 * * 1-5", "2026-03-09T19:00:00Z")]
    [InlineData("on weekdays at 9 and 13:30", "rule", "DTSTART:20260309T090000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,30;BYHOUR=9,13;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,4", "2026-03-09T09:00:00Z")]
    [InlineData("every thursday at 8pm for 4 weeks", "rule", "DTSTART:20260312T200000Z RRULE:FREQ=DAILY;UNTIL=20260408T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=20;BYDAY=TH", "2026-03-12T20:00:00Z")]
    [InlineData("every 20 minutes starting now", "interval", "PT20M", "2026-03-07T12:20:00Z")]
    [InlineData("at midnight every night", "cron", "0 0 * * *", "2026-03-08T00:00:00Z")]
    [InlineData("every 3 hours on weekends", "cron", "0 */3 * * 0,6", "2026-03-07T15:00:00Z")]
    [InlineData("every 2 months on the 15th", "cron", "0 0 15 1,3,5,7,9,11 *", "2026-03-15T00:00:00Z")]
    [InlineData("every 1st and 3rd monday at 7pm", "cron", "0 19 1-7,15-21 * 1", "2026-03-16T19:00:00Z")]
    [InlineData("every wednesday at 9am and 3pm", "cron", "0 9,15 * * 3", "2026-03-11T09:00:00Z")]
    [InlineData("at 8:00 am monday through friday", "cron", "0 8 * * 1-5", "2026-03-09T08:00:00Z")]
    [InlineData("every saturday morning at 10", "cron", "0 10 * * 6", "2026-03-14T10:00:00Z")]
    [InlineData("once a week on monday", "cron", "0 0 * * 1", "2026-03-09T00:00:00Z")]
    [InlineData("every 4 weeks on tuesday", "rule", "DTSTART:20260310T000000Z RRULE:FREQ=WEEKLY;INTERVAL=4;BYSECOND=0;BYMINUTE=0;BYHOUR=0;BYDAY=TU", "2026-03-10T00:00:00Z")]
    [InlineData("the first weekday of every month at 8am", "cron", "0 8 1W * *", "2026-04-01T08:00:00Z")]
    [InlineData("every 10 seconds", "interval", "PT10S", "2026-03-07T12:00:10Z")]
    [InlineData("every day at noon until friday", "rule", "DTSTART:20260307T120000Z RRULE:FREQ=DAILY;UNTIL=20260313T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=12", "2026-03-08T12:00:00Z")]
    [InlineData("every weekday at 9am starting next monday", "rule", "DTSTART:20260309T090000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=9;BYDAY=MO,TU,WE,TH,FR", "2026-03-09T09:00:00Z")]
    [InlineData("every hour from 9 to 17", "cron", "0 9-17 * * *", "2026-03-07T13:00:00Z")]
    [InlineData("every month on the last day at 5pm", "cron", "0 17 L * *", "2026-03-31T17:00:00Z")]
    [InlineData("every 2 weeks", "interval", "PT336H", "2026-03-21T12:00:00Z")]
    [InlineData("every day at 12am", "cron", "0 0 * * *", "2026-03-08T00:00:00Z")]
    [InlineData("every day at 12pm", "cron", "0 12 * * *", "2026-03-08T12:00:00Z")]
    [InlineData("every month on the 31st", "cron", "0 0 31 * *", "2026-03-31T00:00:00Z")]
    [InlineData("every year on feb 29", "cron", "0 0 29 2 *", "2028-02-29T00:00:00Z")]
    [InlineData("every 2 days at 8am", "rule", "DTSTART:20260308T080000Z RRULE:FREQ=DAILY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=8", "2026-03-08T08:00:00Z")]
    [InlineData("every monday at 9am until dec 31", "rule", "DTSTART:20260309T090000Z RRULE:FREQ=DAILY;UNTIL=20261231T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9;BYDAY=MO", "2026-03-09T09:00:00Z")]
    [InlineData("on the 1st monday of each month at 9:00", "cron", "0 9 * * 1#1", "2026-04-06T09:00:00Z")]
    [InlineData("each weekday at 08:00", "cron", "0 8 * * 1-5", "2026-03-09T08:00:00Z")]
    [InlineData("every hour at 30 minutes past", "cron", "30 * * * *", "2026-03-07T12:30:00Z")]
    [InlineData("every half hour", "cron", "0,30 * * * *", "2026-03-07T12:30:00Z")]
    [InlineData("at 6pm on fridays", "cron", "0 18 * * 5", "2026-03-13T18:00:00Z")]
    [InlineData("fridays at 6pm", "cron", "0 18 * * 5", "2026-03-13T18:00:00Z")]
    [InlineData("sundays at 11pm", "cron", "0 23 * * 0", "2026-03-08T23:00:00Z")]
    public void Reads_as_a_person_means_it(string spec, string kind, string canonical, string first)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(kind, parsed.Kind.ToString().ToLowerInvariant());
        Assert.Equal(canonical, parsed.Canonical);
        Assert.Equal(Instant(first), parsed.Next(1, Now)[0]);
    }

    [Theory]
    // Spring-forward (2026-03-29, 02:00 CET → 03:00 CEST): a skipped time runs at the gap's end, the grid and the
    // wall-clock times keep their local times, an exact interval keeps exact time.
    [InlineData("every day at 2:30 AM", "2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z")]
    [InlineData("every sunday at midnight", "2026-03-28T12:00:00Z", "2026-03-28T23:00:00Z", "2026-04-04T22:00:00Z")]
    [InlineData("every weekday at 8:30am", "2026-03-28T12:00:00Z", "2026-03-30T06:30:00Z", "2026-03-31T06:30:00Z")]
    [InlineData("every 4 hours starting at 2am", "2026-03-28T12:00:00Z", "2026-03-28T13:00:00Z", "2026-03-28T17:00:00Z", "2026-03-28T21:00:00Z", "2026-03-29T01:00:00Z", "2026-03-29T04:00:00Z")]
    [InlineData("every 90 minutes", "2026-03-28T12:00:00Z", "2026-03-28T13:30:00Z", "2026-03-28T15:00:00Z")]
    [InlineData("every 30 minutes from 1am to 4am", "2026-03-28T12:00:00Z", "2026-03-29T00:00:00Z", "2026-03-29T00:30:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z", "2026-03-29T02:00:00Z")]
    // Fall-back (2026-10-25, 03:00 CEST → 02:00 CET): a repeated wall time runs once, at its first pass.
    [InlineData("every day at 2:30 AM", "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z")]
    [InlineData("every 4 hours starting at 2am", "2026-10-24T12:00:00Z", "2026-10-24T16:00:00Z", "2026-10-24T20:00:00Z", "2026-10-25T00:00:00Z", "2026-10-25T05:00:00Z")]
    [InlineData("every 30 minutes from 1am to 4am", "2026-10-24T12:00:00Z", "2026-10-24T23:00:00Z", "2026-10-24T23:30:00Z", "2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z", "2026-10-25T02:00:00Z")]
    public void Reads_as_a_person_means_it_in_berlin_across_dst(string spec, string now, params string[] next)
    {
        Occurrences(ScheduleParser.Parse(spec, Options("Europe/Berlin", Instant(now))), next, Instant(now));
    }

    [Theory]
    [InlineData("twice a day at 9 and 5", "\"5pm\" or \"17:00\" for the afternoon")]
    [InlineData("hourly between 9 and 5 on weekdays", "\"between 09:00 and 17:00\"")]
    [InlineData("every 45 minutes from 9 to 5", "\"from 09:00 to 17:00\"")]
    [InlineData("every weekday at 9am except holidays", "no holiday calendar")]
    [InlineData("every day at 9am Europe/Berlin", "write \"every day at 9am\"")]
    [InlineData("every half hour during work hours", "\"every 15 minutes from 9am to 5pm on weekdays\"")]
    [InlineData("midnight on the 1st", "\"on the 1st of every month at midnight\"")]
    [InlineData("every evening at 6", "\"every day at 6pm\"")]
    [InlineData("twice a week", "\"every monday and thursday at 9am\"")]
    [InlineData("once a month", "\"every month on the 1st at 9am\"")]
    [InlineData("biweekly on friday", "\"every 2 weeks on monday at 9am\"")]
    [InlineData("every 2 hours on the hour", "\"every 2 hours from 0:00 to 22:00\"")]
    [InlineData("at 9am and 6pm", "names two times, and a one-shot runs once; for both every day write \"every day at 09:00 and 18:00\"")]
    [InlineData("at 9am, 6pm", "\"every day at 09:00 and 18:00\"")]
    [InlineData("tomorrow at 9am and 6pm", "write one spec per time: one at 09:00, another at 18:00")]
    [InlineData("every day at 9am and every day at 5pm", "names its days again after \"and\"; one spec lists all the times of its days, so write \"every day at 9am and 5pm\"")]
    [InlineData("every weekday between 9 and 17 every 10 minutes", "its step comes after it, where it is not read; write the step first, \"every weekday every 10 minutes between 9 and 17\"")]
    [InlineData("every weekday from 9 to 5 every 30 minutes", "expected e.g. \"every 30 minutes from 9am to 5pm\"")]
    public void What_the_grammar_does_not_take_is_refused_with_a_form_that_is_accepted(string spec, string expected)
    {
        Assert.Contains(expected, Rejects(spec).Message);
    }

    [Theory]
    [InlineData("at 9am and 6pm", "every day at 09:00 and 18:00")]
    [InlineData("every day at 9am and every day at 5pm", "every day at 9am and 5pm")]
    [InlineData("every weekday at 9am, and every weekday at 5pm", "every weekday at 9am, and 5pm")]
    [InlineData("every weekday from 9am to 5pm every 30 minutes", "every weekday every 30 minutes from 9am to 5pm")]
    [InlineData("every day from 9am to 5pm every hour", "every day every hour from 9am to 5pm")]
    public void The_form_a_refusal_suggests_reads(string spec, string suggested)
    {
        Assert.Contains($"\"{suggested}\"", Rejects(spec).Message);
        Assert.Equal(2, ScheduleParser.Parse(suggested, Options()).Next(2, Now).Select(o => o.TimeOfDay).Distinct().Count());
    }
}
