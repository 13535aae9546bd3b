using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// Phrases people really type, each checked by hand against what its words mean (helper review of ~450 phrases): the
/// kind, the canonical form and the first occurrences the preview shows (at or after now, as <c>scheduler parse</c>
/// lists them), and for ambiguous, misspelt or unsupported input the hint the refusal gives. Now is Saturday
/// 2026-03-07 12:00 UTC unless a test says otherwise. Every silent misreading found was fixed; what a person could
/// read two ways is refused with both readings written out.
/// </summary>
public sealed class DemandingUserSpecTests
{
    /// <summary>Days as people write them: every other day, lists, ranges, plurals, abbreviations, capitals, "everyday".</summary>
    [Theory]
    [InlineData("every other tuesday at 5pm", "rule", "DTSTART:20260310T170000Z RRULE:FREQ=WEEKLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=17;BYDAY=TU", "2026-03-10T17:00:00Z", "2026-03-24T17:00:00Z", "2026-04-07T17:00:00Z", "2026-04-21T17:00:00Z")]
    [InlineData("every other tuesday at 11am", "rule", "DTSTART:20260310T110000Z RRULE:FREQ=WEEKLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=11;BYDAY=TU", "2026-03-10T11:00:00Z", "2026-03-24T11:00:00Z", "2026-04-07T11:00:00Z", "2026-04-21T11:00:00Z")]
    [InlineData("every 2 weeks on saturday at 9am", "rule", "DTSTART:20260314T090000Z RRULE:FREQ=WEEKLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=9;BYDAY=SA", "2026-03-14T09:00:00Z", "2026-03-28T09:00:00Z", "2026-04-11T09:00:00Z", "2026-04-25T09:00:00Z")]
    [InlineData("every other saturday", "rule", "DTSTART:20260314T000000Z RRULE:FREQ=WEEKLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=0;BYDAY=SA", "2026-03-14T00:00:00Z", "2026-03-28T00:00:00Z", "2026-04-11T00:00:00Z", "2026-04-25T00:00:00Z")]
    [InlineData("every 3 weeks on friday at 5pm", "rule", "DTSTART:20260313T170000Z RRULE:FREQ=WEEKLY;INTERVAL=3;BYSECOND=0;BYMINUTE=0;BYHOUR=17;BYDAY=FR", "2026-03-13T17:00:00Z", "2026-04-03T17:00:00Z", "2026-04-24T17:00:00Z", "2026-05-15T17:00:00Z")]
    [InlineData("every 4 weeks on monday", "rule", "DTSTART:20260309T000000Z RRULE:FREQ=WEEKLY;INTERVAL=4;BYSECOND=0;BYMINUTE=0;BYHOUR=0;BYDAY=MO", "2026-03-09T00:00:00Z", "2026-04-06T00:00:00Z", "2026-05-04T00:00:00Z", "2026-06-01T00:00:00Z")]
    [InlineData("every 2 weeks on mon, wed, fri at 8:00", "rule", "DTSTART:20260309T080000Z RRULE:FREQ=WEEKLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=8;BYDAY=MO,WE,FR", "2026-03-09T08:00:00Z", "2026-03-11T08:00:00Z", "2026-03-13T08:00:00Z", "2026-03-23T08:00:00Z")]
    [InlineData("every 2 weeks on tue, thu at 17:00", "rule", "DTSTART:20260310T170000Z RRULE:FREQ=WEEKLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=17;BYDAY=TU,TH", "2026-03-10T17:00:00Z", "2026-03-12T17:00:00Z", "2026-03-24T17:00:00Z", "2026-03-26T17:00:00Z")]
    [InlineData("every other week on monday and wednesday at 10am", "rule", "DTSTART:20260309T100000Z RRULE:FREQ=WEEKLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=10;BYDAY=MO,WE", "2026-03-09T10:00:00Z", "2026-03-11T10:00:00Z", "2026-03-23T10:00:00Z", "2026-03-25T10:00:00Z")]
    [InlineData("every monday and thursday at noon", "cron", "0 12 * * 1,4", "2026-03-09T12:00:00Z", "2026-03-12T12:00:00Z", "2026-03-16T12:00:00Z", "2026-03-19T12:00:00Z")]
    [InlineData("every mon and thu at 12", "cron", "0 12 * * 1,4", "2026-03-09T12:00:00Z", "2026-03-12T12:00:00Z", "2026-03-16T12:00:00Z", "2026-03-19T12:00:00Z")]
    [InlineData("every monday, thursday at noon", "cron", "0 12 * * 1,4", "2026-03-09T12:00:00Z", "2026-03-12T12:00:00Z", "2026-03-16T12:00:00Z", "2026-03-19T12:00:00Z")]
    [InlineData("every monday thursday at noon", "cron", "0 12 * * 1,4", "2026-03-09T12:00:00Z", "2026-03-12T12:00:00Z", "2026-03-16T12:00:00Z", "2026-03-19T12:00:00Z")]
    [InlineData("every mon & thu @ noon", "cron", "0 12 * * 1,4", "2026-03-09T12:00:00Z", "2026-03-12T12:00:00Z", "2026-03-16T12:00:00Z", "2026-03-19T12:00:00Z")]
    [InlineData("noon every monday and thursday", "cron", "0 12 * * 1,4", "2026-03-09T12:00:00Z", "2026-03-12T12:00:00Z", "2026-03-16T12:00:00Z", "2026-03-19T12:00:00Z")]
    [InlineData("12pm mondays and thursdays", "cron", "0 12 * * 1,4", "2026-03-09T12:00:00Z", "2026-03-12T12:00:00Z", "2026-03-16T12:00:00Z", "2026-03-19T12:00:00Z")]
    [InlineData("tuesdays and thursdays at 6:30pm", "cron", "30 18 * * 2,4", "2026-03-10T18:30:00Z", "2026-03-12T18:30:00Z", "2026-03-17T18:30:00Z", "2026-03-19T18:30:00Z")]
    [InlineData("every tuesday and thursday 6:30pm", "cron", "30 18 * * 2,4", "2026-03-10T18:30:00Z", "2026-03-12T18:30:00Z", "2026-03-17T18:30:00Z", "2026-03-19T18:30:00Z")]
    [InlineData("every sat and sun at 10", "cron", "0 10 * * 0,6", "2026-03-08T10:00:00Z", "2026-03-14T10:00:00Z", "2026-03-15T10:00:00Z", "2026-03-21T10:00:00Z")]
    [InlineData("every sun,mon at 9am", "cron", "0 9 * * 0,1", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-15T09:00:00Z", "2026-03-16T09:00:00Z")]
    [InlineData("every sun & mon at 9am", "cron", "0 9 * * 0,1", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-15T09:00:00Z", "2026-03-16T09:00:00Z")]
    [InlineData("every tue/thu at 9am", "cron", "0 9 * * 2,4", "2026-03-10T09:00:00Z", "2026-03-12T09:00:00Z", "2026-03-17T09:00:00Z", "2026-03-19T09:00:00Z")]
    [InlineData("every mon/wed/fri", "cron", "0 0 * * 1,3,5", "2026-03-09T00:00:00Z", "2026-03-11T00:00:00Z", "2026-03-13T00:00:00Z", "2026-03-16T00:00:00Z")]
    [InlineData("fri-mon at 9am", "cron", "0 9 * * 0,1,5,6", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-13T09:00:00Z", "2026-03-14T09:00:00Z")]
    [InlineData("sunday-tuesday at 9am", "cron", "0 9 * * 0-2", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-15T09:00:00Z")]
    [InlineData("sat-sun at 10am", "cron", "0 10 * * 0,6", "2026-03-08T10:00:00Z", "2026-03-14T10:00:00Z", "2026-03-15T10:00:00Z", "2026-03-21T10:00:00Z")]
    [InlineData("monday-friday at 9am", "cron", "0 9 * * 1-5", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z", "2026-03-12T09:00:00Z")]
    [InlineData("mon to fri 09:00", "cron", "0 9 * * 1-5", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z", "2026-03-12T09:00:00Z")]
    [InlineData("mon through fri at 9am", "cron", "0 9 * * 1-5", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z", "2026-03-12T09:00:00Z")]
    [InlineData("monday thru friday at 9am", "cron", "0 9 * * 1-5", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z", "2026-03-12T09:00:00Z")]
    [InlineData("mon-fri 9am", "cron", "0 9 * * 1-5", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z", "2026-03-12T09:00:00Z")]
    [InlineData("weekdays 9am", "cron", "0 9 * * 1-5", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z", "2026-03-12T09:00:00Z")]
    [InlineData("weekdays @ 9am", "cron", "0 9 * * 1-5", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z", "2026-03-12T09:00:00Z")]
    [InlineData("every mon-fri at 08:00", "cron", "0 8 * * 1-5", "2026-03-09T08:00:00Z", "2026-03-10T08:00:00Z", "2026-03-11T08:00:00Z", "2026-03-12T08:00:00Z")]
    [InlineData("every weekday at 8:30", "cron", "30 8 * * 1-5", "2026-03-09T08:30:00Z", "2026-03-10T08:30:00Z", "2026-03-11T08:30:00Z", "2026-03-12T08:30:00Z")]
    [InlineData("every weekday at 8:30 am and 4:30 pm", "cron", "30 8,16 * * 1-5", "2026-03-09T08:30:00Z", "2026-03-09T16:30:00Z", "2026-03-10T08:30:00Z", "2026-03-10T16:30:00Z")]
    [InlineData("every weekday at 8:30, 12:30 and 16:30", "cron", "30 8,12,16 * * 1-5", "2026-03-09T08:30:00Z", "2026-03-09T12:30:00Z", "2026-03-09T16:30:00Z", "2026-03-10T08:30:00Z")]
    [InlineData("every weekday morning at 8:30", "cron", "30 8 * * 1-5", "2026-03-09T08:30:00Z", "2026-03-10T08:30:00Z", "2026-03-11T08:30:00Z", "2026-03-12T08:30:00Z")]
    [InlineData("every weekday evening at 6pm", "cron", "0 18 * * 1-5", "2026-03-09T18:00:00Z", "2026-03-10T18:00:00Z", "2026-03-11T18:00:00Z", "2026-03-12T18:00:00Z")]
    [InlineData("every workday morning at 8", "cron", "0 8 * * 1-5", "2026-03-09T08:00:00Z", "2026-03-10T08:00:00Z", "2026-03-11T08:00:00Z", "2026-03-12T08:00:00Z")]
    [InlineData("every working day at 9am", "cron", "0 9 * * 1-5", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z", "2026-03-12T09:00:00Z")]
    [InlineData("weekday mornings at 7:30", "cron", "30 7 * * 1-5", "2026-03-09T07:30:00Z", "2026-03-10T07:30:00Z", "2026-03-11T07:30:00Z", "2026-03-12T07:30:00Z")]
    [InlineData("each day at 9am", "cron", "0 9 * * *", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("everyday at 9am", "cron", "0 9 * * *", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("Everyday at 9am", "cron", "0 9 * * *", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("every single day at 9am", "cron", "0 9 * * *", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("Every Monday At 9AM", "cron", "0 9 * * 1", "2026-03-09T09:00:00Z", "2026-03-16T09:00:00Z", "2026-03-23T09:00:00Z", "2026-03-30T09:00:00Z")]
    [InlineData("EVERY DAY AT NOON", "cron", "0 12 * * *", "2026-03-07T12:00:00Z", "2026-03-08T12:00:00Z", "2026-03-09T12:00:00Z", "2026-03-10T12:00:00Z")]
    [InlineData("every mondays at 9am", "cron", "0 9 * * 1", "2026-03-09T09:00:00Z", "2026-03-16T09:00:00Z", "2026-03-23T09:00:00Z", "2026-03-30T09:00:00Z")]
    [InlineData("every days at 9am", "cron", "0 9 * * *", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("every tues at 9am", "cron", "0 9 * * 2", "2026-03-10T09:00:00Z", "2026-03-17T09:00:00Z", "2026-03-24T09:00:00Z", "2026-03-31T09:00:00Z")]
    [InlineData("every thurs at 9am", "cron", "0 9 * * 4", "2026-03-12T09:00:00Z", "2026-03-19T09:00:00Z", "2026-03-26T09:00:00Z", "2026-04-02T09:00:00Z")]
    [InlineData("every weds at 9am", "cron", "0 9 * * 3", "2026-03-11T09:00:00Z", "2026-03-18T09:00:00Z", "2026-03-25T09:00:00Z", "2026-04-01T09:00:00Z")]
    public void Everyday_wording_of_days_reads_as_said(string spec, string kind, string canonical, params string[] next) => Reads(spec, kind, canonical, next);

    /// <summary>Times: seconds, 12am/12pm, a.m./p.m., o'clock, words, lists of two or three, "midday".</summary>
    [Theory]
    [InlineData("daily at 23:59:30", "cron", "30 59 23 * * *", "2026-03-07T23:59:30Z", "2026-03-08T23:59:30Z", "2026-03-09T23:59:30Z", "2026-03-10T23:59:30Z")]
    [InlineData("every day at 09:05:30", "cron", "30 5 9 * * *", "2026-03-08T09:05:30Z", "2026-03-09T09:05:30Z", "2026-03-10T09:05:30Z", "2026-03-11T09:05:30Z")]
    [InlineData("every day at 12:30am", "cron", "30 0 * * *", "2026-03-08T00:30:00Z", "2026-03-09T00:30:00Z", "2026-03-10T00:30:00Z", "2026-03-11T00:30:00Z")]
    [InlineData("every day at 12:00am", "cron", "0 0 * * *", "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z", "2026-03-10T00:00:00Z", "2026-03-11T00:00:00Z")]
    [InlineData("every day at 12 am", "cron", "0 0 * * *", "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z", "2026-03-10T00:00:00Z", "2026-03-11T00:00:00Z")]
    [InlineData("every day at 12:30pm", "cron", "30 12 * * *", "2026-03-07T12:30:00Z", "2026-03-08T12:30:00Z", "2026-03-09T12:30:00Z", "2026-03-10T12:30:00Z")]
    [InlineData("every day at 12pm", "cron", "0 12 * * *", "2026-03-07T12:00:00Z", "2026-03-08T12:00:00Z", "2026-03-09T12:00:00Z", "2026-03-10T12:00:00Z")]
    [InlineData("every day at 0:00", "cron", "0 0 * * *", "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z", "2026-03-10T00:00:00Z", "2026-03-11T00:00:00Z")]
    [InlineData("every day at 00:00", "cron", "0 0 * * *", "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z", "2026-03-10T00:00:00Z", "2026-03-11T00:00:00Z")]
    [InlineData("every day at 11:59pm", "cron", "59 23 * * *", "2026-03-07T23:59:00Z", "2026-03-08T23:59:00Z", "2026-03-09T23:59:00Z", "2026-03-10T23:59:00Z")]
    [InlineData("every day at 11:59 p.m.", "cron", "59 23 * * *", "2026-03-07T23:59:00Z", "2026-03-08T23:59:00Z", "2026-03-09T23:59:00Z", "2026-03-10T23:59:00Z")]
    [InlineData("every day at 7 a.m.", "cron", "0 7 * * *", "2026-03-08T07:00:00Z", "2026-03-09T07:00:00Z", "2026-03-10T07:00:00Z", "2026-03-11T07:00:00Z")]
    [InlineData("every day at 7 AM", "cron", "0 7 * * *", "2026-03-08T07:00:00Z", "2026-03-09T07:00:00Z", "2026-03-10T07:00:00Z", "2026-03-11T07:00:00Z")]
    [InlineData("every day at 7:45 am", "cron", "45 7 * * *", "2026-03-08T07:45:00Z", "2026-03-09T07:45:00Z", "2026-03-10T07:45:00Z", "2026-03-11T07:45:00Z")]
    [InlineData("every day at 9 pm", "cron", "0 21 * * *", "2026-03-07T21:00:00Z", "2026-03-08T21:00:00Z", "2026-03-09T21:00:00Z", "2026-03-10T21:00:00Z")]
    [InlineData("every day at 9:00pm", "cron", "0 21 * * *", "2026-03-07T21:00:00Z", "2026-03-08T21:00:00Z", "2026-03-09T21:00:00Z", "2026-03-10T21:00:00Z")]
    [InlineData("every day @ 9am", "cron", "0 9 * * *", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("every day 9am", "cron", "0 9 * * *", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("daily 9am", "cron", "0 9 * * *", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("daily @ 9am", "cron", "0 9 * * *", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("daily at 9", "cron", "0 9 * * *", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("daily at nine", "cron", "0 9 * * *", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("daily at 9 o'clock", "cron", "0 9 * * *", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("daily at 9 oclock", "cron", "0 9 * * *", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("daily at 9am and 9pm", "cron", "0 9,21 * * *", "2026-03-07T21:00:00Z", "2026-03-08T09:00:00Z", "2026-03-08T21:00:00Z", "2026-03-09T09:00:00Z")]
    [InlineData("at 8:00 and 20:00 daily", "cron", "0 8,20 * * *", "2026-03-07T20:00:00Z", "2026-03-08T08:00:00Z", "2026-03-08T20:00:00Z", "2026-03-09T08:00:00Z")]
    [InlineData("every day at 07 and 19", "cron", "0 7,19 * * *", "2026-03-07T19:00:00Z", "2026-03-08T07:00:00Z", "2026-03-08T19:00:00Z", "2026-03-09T07:00:00Z")]
    [InlineData("every day at 7am and 7 pm", "cron", "0 7,19 * * *", "2026-03-07T19:00:00Z", "2026-03-08T07:00:00Z", "2026-03-08T19:00:00Z", "2026-03-09T07:00:00Z")]
    [InlineData("every day at 7am & 7pm", "cron", "0 7,19 * * *", "2026-03-07T19:00:00Z", "2026-03-08T07:00:00Z", "2026-03-08T19:00:00Z", "2026-03-09T07:00:00Z")]
    [InlineData("every day at 7am, 7pm", "cron", "0 7,19 * * *", "2026-03-07T19:00:00Z", "2026-03-08T07:00:00Z", "2026-03-08T19:00:00Z", "2026-03-09T07:00:00Z")]
    [InlineData("every day at 7am 7pm", "cron", "0 7,19 * * *", "2026-03-07T19:00:00Z", "2026-03-08T07:00:00Z", "2026-03-08T19:00:00Z", "2026-03-09T07:00:00Z")]
    [InlineData("every day at 6pm and 6am", "cron", "0 6,18 * * *", "2026-03-07T18:00:00Z", "2026-03-08T06:00:00Z", "2026-03-08T18:00:00Z", "2026-03-09T06:00:00Z")]
    [InlineData("every day at quarter past midnight", "cron", "15 0 * * *", "2026-03-08T00:15:00Z", "2026-03-09T00:15:00Z", "2026-03-10T00:15:00Z", "2026-03-11T00:15:00Z")]
    [InlineData("every day at half past twelve", "cron", "30 12 * * *", "2026-03-07T12:30:00Z", "2026-03-08T12:30:00Z", "2026-03-09T12:30:00Z", "2026-03-10T12:30:00Z")]
    [InlineData("every day at twenty to nine", "cron", "40 8 * * *", "2026-03-08T08:40:00Z", "2026-03-09T08:40:00Z", "2026-03-10T08:40:00Z", "2026-03-11T08:40:00Z")]
    [InlineData("every day at midday", "cron", "0 12 * * *", "2026-03-07T12:00:00Z", "2026-03-08T12:00:00Z", "2026-03-09T12:00:00Z", "2026-03-10T12:00:00Z")]
    [InlineData("every night at midnight", "cron", "0 0 * * *", "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z", "2026-03-10T00:00:00Z", "2026-03-11T00:00:00Z")]
    [InlineData("every evening at 6pm", "cron", "0 18 * * *", "2026-03-07T18:00:00Z", "2026-03-08T18:00:00Z", "2026-03-09T18:00:00Z", "2026-03-10T18:00:00Z")]
    [InlineData("every sunday at 00:00", "cron", "0 0 * * 0", "2026-03-08T00:00:00Z", "2026-03-15T00:00:00Z", "2026-03-22T00:00:00Z", "2026-03-29T00:00:00Z")]
    [InlineData("every sunday at 12am", "cron", "0 0 * * 0", "2026-03-08T00:00:00Z", "2026-03-15T00:00:00Z", "2026-03-22T00:00:00Z", "2026-03-29T00:00:00Z")]
    public void Times_of_day_read_as_the_clock_says_them(string spec, string kind, string canonical, params string[] next) => Reads(spec, kind, canonical, next);

    /// <summary>Steps alone (exact), on days (the day's grid), through windows (both ends), on the hour or at a minute of it.</summary>
    [Theory]
    [InlineData("every 30 mins", "interval", "PT30M", "2026-03-07T12:30:00Z", "2026-03-07T13:00:00Z", "2026-03-07T13:30:00Z", "2026-03-07T14:00:00Z")]
    [InlineData("every 30min", "interval", "PT30M", "2026-03-07T12:30:00Z", "2026-03-07T13:00:00Z", "2026-03-07T13:30:00Z", "2026-03-07T14:00:00Z")]
    [InlineData("every 2h", "interval", "PT2H", "2026-03-07T14:00:00Z", "2026-03-07T16:00:00Z", "2026-03-07T18:00:00Z", "2026-03-07T20:00:00Z")]
    [InlineData("every 5 min", "interval", "PT5M", "2026-03-07T12:05:00Z", "2026-03-07T12:10:00Z", "2026-03-07T12:15:00Z", "2026-03-07T12:20:00Z")]
    [InlineData("every 5m", "interval", "PT5M", "2026-03-07T12:05:00Z", "2026-03-07T12:10:00Z", "2026-03-07T12:15:00Z", "2026-03-07T12:20:00Z")]
    [InlineData("every two minutes", "interval", "PT2M", "2026-03-07T12:02:00Z", "2026-03-07T12:04:00Z", "2026-03-07T12:06:00Z", "2026-03-07T12:08:00Z")]
    [InlineData("every ten seconds", "interval", "PT10S", "2026-03-07T12:00:10Z", "2026-03-07T12:00:20Z", "2026-03-07T12:00:30Z", "2026-03-07T12:00:40Z")]
    [InlineData("every twenty minutes", "interval", "PT20M", "2026-03-07T12:20:00Z", "2026-03-07T12:40:00Z", "2026-03-07T13:00:00Z", "2026-03-07T13:20:00Z")]
    [InlineData("every 30 seconds", "interval", "PT30S", "2026-03-07T12:00:30Z", "2026-03-07T12:01:00Z", "2026-03-07T12:01:30Z", "2026-03-07T12:02:00Z")]
    [InlineData("every 1 minute", "interval", "PT1M", "2026-03-07T12:01:00Z", "2026-03-07T12:02:00Z", "2026-03-07T12:03:00Z", "2026-03-07T12:04:00Z")]
    [InlineData("every 1 day", "interval", "PT24H", "2026-03-08T12:00:00Z", "2026-03-09T12:00:00Z", "2026-03-10T12:00:00Z", "2026-03-11T12:00:00Z")]
    [InlineData("every 1 week", "interval", "PT168H", "2026-03-14T12:00:00Z", "2026-03-21T12:00:00Z", "2026-03-28T12:00:00Z", "2026-04-04T12:00:00Z")]
    [InlineData("every 1000 days", "interval", "PT24000H", "2028-12-01T12:00:00Z", "2031-08-28T12:00:00Z", "2034-05-24T12:00:00Z", "2037-02-17T12:00:00Z")]
    [InlineData("every other minute", "interval", "PT2M", "2026-03-07T12:02:00Z", "2026-03-07T12:04:00Z", "2026-03-07T12:06:00Z", "2026-03-07T12:08:00Z")]
    [InlineData("every 3 weeks", "interval", "PT504H", "2026-03-28T12:00:00Z", "2026-04-18T12:00:00Z", "2026-05-09T12:00:00Z", "2026-05-30T12:00:00Z")]
    [InlineData("hourly on the half hour", "cron", "30 * * * *", "2026-03-07T12:30:00Z", "2026-03-07T13:30:00Z", "2026-03-07T14:30:00Z", "2026-03-07T15:30:00Z")]
    [InlineData("hourly at half past", "cron", "30 * * * *", "2026-03-07T12:30:00Z", "2026-03-07T13:30:00Z", "2026-03-07T14:30:00Z", "2026-03-07T15:30:00Z")]
    [InlineData("every hour at quarter past and quarter to", "cron", "15,45 * * * *", "2026-03-07T12:15:00Z", "2026-03-07T12:45:00Z", "2026-03-07T13:15:00Z", "2026-03-07T13:45:00Z")]
    [InlineData("every hour at :00 and :30 on weekends", "cron", "0,30 * * * 0,6", "2026-03-07T12:00:00Z", "2026-03-07T12:30:00Z", "2026-03-07T13:00:00Z", "2026-03-07T13:30:00Z")]
    [InlineData("every hour at 15 past from 8am to 6pm on weekdays", "cron", "15 8-17 * * 1-5", "2026-03-09T08:15:00Z", "2026-03-09T09:15:00Z", "2026-03-09T10:15:00Z", "2026-03-09T11:15:00Z")]
    [InlineData("hourly from 8 to 20", "cron", "0 8-20 * * *", "2026-03-07T12:00:00Z", "2026-03-07T13:00:00Z", "2026-03-07T14:00:00Z", "2026-03-07T15:00:00Z")]
    [InlineData("every hour between 8 and 18", "cron", "0 8-18 * * *", "2026-03-07T12:00:00Z", "2026-03-07T13:00:00Z", "2026-03-07T14:00:00Z", "2026-03-07T15:00:00Z")]
    [InlineData("every hour between midnight and 6am", "cron", "0 0-6 * * *", "2026-03-08T00:00:00Z", "2026-03-08T01:00:00Z", "2026-03-08T02:00:00Z", "2026-03-08T03:00:00Z")]
    [InlineData("every hour from 9am to 5pm on weekdays", "cron", "0 9-17 * * 1-5", "2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z", "2026-03-09T12:00:00Z")]
    [InlineData("every hour on sundays from 9am to noon", "cron", "0 9-12 * * 0", "2026-03-08T09:00:00Z", "2026-03-08T10:00:00Z", "2026-03-08T11:00:00Z", "2026-03-08T12:00:00Z")]
    [InlineData("every hour except sunday", "cron", "0 * * * 1-6", "2026-03-07T12:00:00Z", "2026-03-07T13:00:00Z", "2026-03-07T14:00:00Z", "2026-03-07T15:00:00Z")]
    [InlineData("every 5 mins on weekdays", "cron", "*/5 * * * 1-5", "2026-03-09T00:00:00Z", "2026-03-09T00:05:00Z", "2026-03-09T00:10:00Z", "2026-03-09T00:15:00Z")]
    [InlineData("every 5 minutes on mondays", "cron", "*/5 * * * 1", "2026-03-09T00:00:00Z", "2026-03-09T00:05:00Z", "2026-03-09T00:10:00Z", "2026-03-09T00:15:00Z")]
    [InlineData("every 2 hours on weekdays", "cron", "0 */2 * * 1-5", "2026-03-09T00:00:00Z", "2026-03-09T02:00:00Z", "2026-03-09T04:00:00Z", "2026-03-09T06:00:00Z")]
    [InlineData("every 5 hours on weekdays", "cron", "0 */5 * * 1-5", "2026-03-09T00:00:00Z", "2026-03-09T05:00:00Z", "2026-03-09T10:00:00Z", "2026-03-09T15:00:00Z")]
    [InlineData("every 7 hours on weekends", "cron", "0 */7 * * 0,6", "2026-03-07T14:00:00Z", "2026-03-07T21:00:00Z", "2026-03-08T00:00:00Z", "2026-03-08T07:00:00Z")]
    [InlineData("every 13 hours on weekdays", "cron", "0 0,13 * * 1-5", "2026-03-09T00:00:00Z", "2026-03-09T13:00:00Z", "2026-03-10T00:00:00Z", "2026-03-10T13:00:00Z")]
    [InlineData("every 45 minutes on weekdays", "rule", "DTSTART:20260309T000000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,15,30,45;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,4,7,10,13,16,19,22,25,28,31,34,37,40,43,46,49,52,55,58,61,64,67,70,73,76,79,82,85,88,91,94", "2026-03-09T00:00:00Z", "2026-03-09T00:45:00Z", "2026-03-09T01:30:00Z", "2026-03-09T02:15:00Z")]
    [InlineData("every 90 minutes on weekdays", "rule", "DTSTART:20260309T000000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,30;BYHOUR=0,1,3,4,6,7,9,10,12,13,15,16,18,19,21,22;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,4,5,8,9,12,13,16,17,20,21,24,25,28,29,32", "2026-03-09T00:00:00Z", "2026-03-09T01:30:00Z", "2026-03-09T03:00:00Z", "2026-03-09T04:30:00Z")]
    [InlineData("every 15 minutes except weekends", "cron", "*/15 * * * 1-5", "2026-03-09T00:00:00Z", "2026-03-09T00:15:00Z", "2026-03-09T00:30:00Z", "2026-03-09T00:45:00Z")]
    [InlineData("every 10 minutes on the 1st", "cron", "*/10 * 1 * *", "2026-04-01T00:00:00Z", "2026-04-01T00:10:00Z", "2026-04-01T00:20:00Z", "2026-04-01T00:30:00Z")]
    [InlineData("every hour on the first monday of the month", "cron", "0 * * * 1#1", "2026-04-06T00:00:00Z", "2026-04-06T01:00:00Z", "2026-04-06T02:00:00Z", "2026-04-06T03:00:00Z")]
    [InlineData("every 30 minutes on the last day of the month", "cron", "0,30 * L * *", "2026-03-31T00:00:00Z", "2026-03-31T00:30:00Z", "2026-03-31T01:00:00Z", "2026-03-31T01:30:00Z")]
    [InlineData("every 5 minutes in december", "cron", "*/5 * * 12 *", "2026-12-01T00:00:00Z", "2026-12-01T00:05:00Z", "2026-12-01T00:10:00Z", "2026-12-01T00:15:00Z")]
    [InlineData("every 2 hours in december", "cron", "0 */2 * 12 *", "2026-12-01T00:00:00Z", "2026-12-01T02:00:00Z", "2026-12-01T04:00:00Z", "2026-12-01T06:00:00Z")]
    [InlineData("every 15 minutes between 9am and 5pm on weekdays", "rule", "DTSTART:20260309T090000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,15,30,45;BYHOUR=9,10,11,12,13,14,15,16,17;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33", "2026-03-09T09:00:00Z", "2026-03-09T09:15:00Z", "2026-03-09T09:30:00Z", "2026-03-09T09:45:00Z")]
    [InlineData("every 15 minutes between 9am and 5pm weekdays", "rule", "DTSTART:20260309T090000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,15,30,45;BYHOUR=9,10,11,12,13,14,15,16,17;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33", "2026-03-09T09:00:00Z", "2026-03-09T09:15:00Z", "2026-03-09T09:30:00Z", "2026-03-09T09:45:00Z")]
    [InlineData("every 15 minutes between 09:00 and 17:00 monday to friday", "rule", "DTSTART:20260309T090000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,15,30,45;BYHOUR=9,10,11,12,13,14,15,16,17;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33", "2026-03-09T09:00:00Z", "2026-03-09T09:15:00Z", "2026-03-09T09:30:00Z", "2026-03-09T09:45:00Z")]
    [InlineData("every 15 minutes from 9am to 5pm except weekends", "rule", "DTSTART:20260309T090000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,15,30,45;BYHOUR=9,10,11,12,13,14,15,16,17;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33", "2026-03-09T09:00:00Z", "2026-03-09T09:15:00Z", "2026-03-09T09:30:00Z", "2026-03-09T09:45:00Z")]
    [InlineData("every 5 minutes from 9am to 5pm mon-fri", "rule", "DTSTART:20260309T090000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,5,10,15,20,25,30,35,40,45,50,55;BYHOUR=9,10,11,12,13,14,15,16,17;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97", "2026-03-09T09:00:00Z", "2026-03-09T09:05:00Z", "2026-03-09T09:10:00Z", "2026-03-09T09:15:00Z")]
    [InlineData("every 3 hours between 8am and 8pm", "cron", "0 8-20/3 * * *", "2026-03-07T14:00:00Z", "2026-03-07T17:00:00Z", "2026-03-07T20:00:00Z", "2026-03-08T08:00:00Z")]
    [InlineData("every 2 hours between 9 and 17", "cron", "0 9-17/2 * * *", "2026-03-07T13:00:00Z", "2026-03-07T15:00:00Z", "2026-03-07T17:00:00Z", "2026-03-08T09:00:00Z")]
    [InlineData("every 20 minutes from 8:10 to 9:50", "cron", "10/20 8,9 * * *", "2026-03-08T08:10:00Z", "2026-03-08T08:30:00Z", "2026-03-08T08:50:00Z", "2026-03-08T09:10:00Z")]
    [InlineData("every 45 minutes between 9am and 5pm", "rule", "DTSTART:20260307T120000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,15,30,45;BYHOUR=9,10,11,12,13,14,15,16;BYSETPOS=1,4,7,10,13,16,19,22,25,28,31", "2026-03-07T12:00:00Z", "2026-03-07T12:45:00Z", "2026-03-07T13:30:00Z", "2026-03-07T14:15:00Z")]
    [InlineData("every 25 minutes from 9am to 5pm", "rule", "DTSTART:20260307T122000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,5,10,15,20,25,30,35,40,45,50,55;BYHOUR=9,10,11,12,13,14,15,16;BYSETPOS=1,6,11,16,21,26,31,36,41,46,51,56,61,66,71,76,81,86,91,96", "2026-03-07T12:20:00Z", "2026-03-07T12:45:00Z", "2026-03-07T13:10:00Z", "2026-03-07T13:35:00Z")]
    [InlineData("every 40 minutes from 9am to 5pm", "rule", "DTSTART:20260307T122000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,20,40;BYHOUR=9,10,11,12,13,14,15,16,17;BYSETPOS=1,3,5,7,9,11,13,15,17,19,21,23,25", "2026-03-07T12:20:00Z", "2026-03-07T13:00:00Z", "2026-03-07T13:40:00Z", "2026-03-07T14:20:00Z")]
    [InlineData("every 7 minutes from 9am to 10am", "cron", "*/7 9 * * *", "2026-03-08T09:00:00Z", "2026-03-08T09:07:00Z", "2026-03-08T09:14:00Z", "2026-03-08T09:21:00Z")]
    [InlineData("every 5 hours from 8am to 8pm", "cron", "0 8,13,18 * * *", "2026-03-07T13:00:00Z", "2026-03-07T18:00:00Z", "2026-03-08T08:00:00Z", "2026-03-08T13:00:00Z")]
    [InlineData("every minute between 2am and 3am", "rule", "DTSTART:20260308T020000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59;BYHOUR=2,3;BYSETPOS=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61", "2026-03-08T02:00:00Z", "2026-03-08T02:01:00Z", "2026-03-08T02:02:00Z", "2026-03-08T02:03:00Z")]
    [InlineData("every minute from 9:00 to 9:10", "cron", "0-10 9 * * *", "2026-03-08T09:00:00Z", "2026-03-08T09:01:00Z", "2026-03-08T09:02:00Z", "2026-03-08T09:03:00Z")]
    [InlineData("every 5 minutes from 9:02 to 10:02", "rule", "DTSTART:20260308T090200Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=2,7,12,17,22,27,32,37,42,47,52,57;BYHOUR=9,10;BYSETPOS=1,2,3,4,5,6,7,8,9,10,11,12,13", "2026-03-08T09:02:00Z", "2026-03-08T09:07:00Z", "2026-03-08T09:12:00Z", "2026-03-08T09:17:00Z")]
    [InlineData("every half hour from 9 to 17", "rule", "DTSTART:20260307T120000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,30;BYHOUR=9,10,11,12,13,14,15,16,17;BYSETPOS=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", "2026-03-07T12:00:00Z", "2026-03-07T12:30:00Z", "2026-03-07T13:00:00Z", "2026-03-07T13:30:00Z")]
    [InlineData("every half hour between 8am and 6pm on weekdays", "rule", "DTSTART:20260309T080000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,30;BYHOUR=8,9,10,11,12,13,14,15,16,17,18;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21", "2026-03-09T08:00:00Z", "2026-03-09T08:30:00Z", "2026-03-09T09:00:00Z", "2026-03-09T09:30:00Z")]
    [InlineData("every quarter hour between 9am and 10am", "rule", "DTSTART:20260308T090000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,15,30,45;BYHOUR=9,10;BYSETPOS=1,2,3,4,5", "2026-03-08T09:00:00Z", "2026-03-08T09:15:00Z", "2026-03-08T09:30:00Z", "2026-03-08T09:45:00Z")]
    [InlineData("every 4 hours on weekends from 8am to 8pm", "cron", "0 8,12,16,20 * * 0,6", "2026-03-07T12:00:00Z", "2026-03-07T16:00:00Z", "2026-03-07T20:00:00Z", "2026-03-08T08:00:00Z")]
    [InlineData("every 30 minutes from 9am until 5pm", "rule", "DTSTART:20260307T120000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,30;BYHOUR=9,10,11,12,13,14,15,16,17;BYSETPOS=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", "2026-03-07T12:00:00Z", "2026-03-07T12:30:00Z", "2026-03-07T13:00:00Z", "2026-03-07T13:30:00Z")]
    [InlineData("every 30 minutes on saturdays and sundays between 10am and 2pm", "rule", "DTSTART:20260307T120000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,30;BYHOUR=10,11,12,13,14;BYDAY=SU,SA;BYSETPOS=1,2,3,4,5,6,7,8,9", "2026-03-07T12:00:00Z", "2026-03-07T12:30:00Z", "2026-03-07T13:00:00Z", "2026-03-07T13:30:00Z")]
    [InlineData("from 9am to 5pm every 15 minutes", "rule", "DTSTART:20260307T120000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,15,30,45;BYHOUR=9,10,11,12,13,14,15,16,17;BYSETPOS=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33", "2026-03-07T12:00:00Z", "2026-03-07T12:15:00Z", "2026-03-07T12:30:00Z", "2026-03-07T12:45:00Z")]
    [InlineData("from 9am to 5pm every 15 minutes on weekdays", "rule", "DTSTART:20260309T090000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,15,30,45;BYHOUR=9,10,11,12,13,14,15,16,17;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33", "2026-03-09T09:00:00Z", "2026-03-09T09:15:00Z", "2026-03-09T09:30:00Z", "2026-03-09T09:45:00Z")]
    [InlineData("between 9am and 5pm every hour", "cron", "0 9-17 * * *", "2026-03-07T12:00:00Z", "2026-03-07T13:00:00Z", "2026-03-07T14:00:00Z", "2026-03-07T15:00:00Z")]
    public void Steps_and_windows_run_on_the_grid_the_words_name(string spec, string kind, string canonical, params string[] next) => Reads(spec, kind, canonical, next);

    /// <summary>Days of the month (29th-31st only in months that have them), nth and last weekdays, quarters, years.</summary>
    [Theory]
    [InlineData("on the 31st of every month", "cron", "0 0 31 * *", "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z", "2026-07-31T00:00:00Z", "2026-08-31T00:00:00Z")]
    [InlineData("every month on the 30th at 9am", "cron", "0 9 30 * *", "2026-03-30T09:00:00Z", "2026-04-30T09:00:00Z", "2026-05-30T09:00:00Z", "2026-06-30T09:00:00Z")]
    [InlineData("every month on the 29th", "cron", "0 0 29 * *", "2026-03-29T00:00:00Z", "2026-04-29T00:00:00Z", "2026-05-29T00:00:00Z", "2026-06-29T00:00:00Z")]
    [InlineData("every month on the 1st and 31st", "cron", "0 0 1,31 * *", "2026-03-31T00:00:00Z", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z", "2026-05-31T00:00:00Z")]
    [InlineData("every month on the 30th and 31st", "cron", "0 0 30,31 * *", "2026-03-30T00:00:00Z", "2026-03-31T00:00:00Z", "2026-04-30T00:00:00Z", "2026-05-30T00:00:00Z")]
    [InlineData("every other month on the 31st", "cron", "0 0 31 1,3,5,7,9,11 *", "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z", "2026-07-31T00:00:00Z", "2027-01-31T00:00:00Z")]
    [InlineData("every 6 months on the 31st", "cron", "0 0 31 3,9 *", "2026-03-31T00:00:00Z", "2027-03-31T00:00:00Z", "2028-03-31T00:00:00Z", "2029-03-31T00:00:00Z")]
    [InlineData("every jan 31", "cron", "0 0 31 1 *", "2027-01-31T00:00:00Z", "2028-01-31T00:00:00Z", "2029-01-31T00:00:00Z", "2030-01-31T00:00:00Z")]
    [InlineData("every year on feb 29", "cron", "0 0 29 2 *", "2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z", "2036-02-29T00:00:00Z", "2040-02-29T00:00:00Z")]
    [InlineData("every year on the last day of february", "cron", "0 0 L 2 *", "2027-02-28T00:00:00Z", "2028-02-29T00:00:00Z", "2029-02-28T00:00:00Z", "2030-02-28T00:00:00Z")]
    [InlineData("every month on the 30th", "cron", "0 0 30 * *", "2026-03-30T00:00:00Z", "2026-04-30T00:00:00Z", "2026-05-30T00:00:00Z", "2026-06-30T00:00:00Z")]
    [InlineData("every 30th at 9am", "cron", "0 9 30 * *", "2026-03-30T09:00:00Z", "2026-04-30T09:00:00Z", "2026-05-30T09:00:00Z", "2026-06-30T09:00:00Z")]
    [InlineData("every 1st and 15th", "cron", "0 0 1,15 * *", "2026-03-15T00:00:00Z", "2026-04-01T00:00:00Z", "2026-04-15T00:00:00Z", "2026-05-01T00:00:00Z")]
    [InlineData("every 1st, 10th and 20th at 6am", "cron", "0 6 1,10,20 * *", "2026-03-10T06:00:00Z", "2026-03-20T06:00:00Z", "2026-04-01T06:00:00Z", "2026-04-10T06:00:00Z")]
    [InlineData("every month on the 1st, 15th", "cron", "0 0 1,15 * *", "2026-03-15T00:00:00Z", "2026-04-01T00:00:00Z", "2026-04-15T00:00:00Z", "2026-05-01T00:00:00Z")]
    [InlineData("1st, 15th of every month at noon", "cron", "0 12 1,15 * *", "2026-03-15T12:00:00Z", "2026-04-01T12:00:00Z", "2026-04-15T12:00:00Z", "2026-05-01T12:00:00Z")]
    [InlineData("every month on the 1st & 15th", "cron", "0 0 1,15 * *", "2026-03-15T00:00:00Z", "2026-04-01T00:00:00Z", "2026-04-15T00:00:00Z", "2026-05-01T00:00:00Z")]
    [InlineData("1st and 15th of every month", "cron", "0 0 1,15 * *", "2026-03-15T00:00:00Z", "2026-04-01T00:00:00Z", "2026-04-15T00:00:00Z", "2026-05-01T00:00:00Z")]
    [InlineData("15th of every month", "cron", "0 0 15 * *", "2026-03-15T00:00:00Z", "2026-04-15T00:00:00Z", "2026-05-15T00:00:00Z", "2026-06-15T00:00:00Z")]
    [InlineData("every month on the 15", "cron", "0 0 15 * *", "2026-03-15T00:00:00Z", "2026-04-15T00:00:00Z", "2026-05-15T00:00:00Z", "2026-06-15T00:00:00Z")]
    [InlineData("monthly on the 15th", "cron", "0 0 15 * *", "2026-03-15T00:00:00Z", "2026-04-15T00:00:00Z", "2026-05-15T00:00:00Z", "2026-06-15T00:00:00Z")]
    [InlineData("monthly on the last friday", "cron", "0 0 * * 5L", "2026-03-27T00:00:00Z", "2026-04-24T00:00:00Z", "2026-05-29T00:00:00Z", "2026-06-26T00:00:00Z")]
    [InlineData("monthly at 9am", "cron", "0 9 1 * *", "2026-04-01T09:00:00Z", "2026-05-01T09:00:00Z", "2026-06-01T09:00:00Z", "2026-07-01T09:00:00Z")]
    [InlineData("every 2nd of the month", "cron", "0 0 2 * *", "2026-04-02T00:00:00Z", "2026-05-02T00:00:00Z", "2026-06-02T00:00:00Z", "2026-07-02T00:00:00Z")]
    [InlineData("every first", "cron", "0 0 1 * *", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z", "2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z")]
    [InlineData("every last", "cron", "0 0 L * *", "2026-03-31T00:00:00Z", "2026-04-30T00:00:00Z", "2026-05-31T00:00:00Z", "2026-06-30T00:00:00Z")]
    [InlineData("every last day of the month", "cron", "0 0 L * *", "2026-03-31T00:00:00Z", "2026-04-30T00:00:00Z", "2026-05-31T00:00:00Z", "2026-06-30T00:00:00Z")]
    [InlineData("last day of every month", "cron", "0 0 L * *", "2026-03-31T00:00:00Z", "2026-04-30T00:00:00Z", "2026-05-31T00:00:00Z", "2026-06-30T00:00:00Z")]
    [InlineData("on the last day of the month", "cron", "0 0 L * *", "2026-03-31T00:00:00Z", "2026-04-30T00:00:00Z", "2026-05-31T00:00:00Z", "2026-06-30T00:00:00Z")]
    [InlineData("every end of month", "cron", "0 0 L * *", "2026-03-31T00:00:00Z", "2026-04-30T00:00:00Z", "2026-05-31T00:00:00Z", "2026-06-30T00:00:00Z")]
    [InlineData("end of every month at 23:00", "cron", "0 23 L * *", "2026-03-31T23:00:00Z", "2026-04-30T23:00:00Z", "2026-05-31T23:00:00Z", "2026-06-30T23:00:00Z")]
    [InlineData("every month end", "cron", "0 0 L * *", "2026-03-31T00:00:00Z", "2026-04-30T00:00:00Z", "2026-05-31T00:00:00Z", "2026-06-30T00:00:00Z")]
    [InlineData("every first of the month", "cron", "0 0 1 * *", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z", "2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z")]
    [InlineData("the first of every month", "cron", "0 0 1 * *", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z", "2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z")]
    [InlineData("first of the month", "cron", "0 0 1 * *", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z", "2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z")]
    [InlineData("first day of every month", "cron", "0 0 1 * *", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z", "2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z")]
    [InlineData("first day of the month at 9am", "cron", "0 9 1 * *", "2026-04-01T09:00:00Z", "2026-05-01T09:00:00Z", "2026-06-01T09:00:00Z", "2026-07-01T09:00:00Z")]
    [InlineData("every 1st monday", "cron", "0 0 * * 1#1", "2026-04-06T00:00:00Z", "2026-05-04T00:00:00Z", "2026-06-01T00:00:00Z", "2026-07-06T00:00:00Z")]
    [InlineData("every third friday", "cron", "0 0 * * 5#3", "2026-03-20T00:00:00Z", "2026-04-17T00:00:00Z", "2026-05-15T00:00:00Z", "2026-06-19T00:00:00Z")]
    [InlineData("every third friday of the month", "cron", "0 0 * * 5#3", "2026-03-20T00:00:00Z", "2026-04-17T00:00:00Z", "2026-05-15T00:00:00Z", "2026-06-19T00:00:00Z")]
    [InlineData("every 2nd friday", "cron", "0 0 * * 5#2", "2026-03-13T00:00:00Z", "2026-04-10T00:00:00Z", "2026-05-08T00:00:00Z", "2026-06-12T00:00:00Z")]
    [InlineData("the 2nd friday of each month at 3pm", "cron", "0 15 * * 5#2", "2026-03-13T15:00:00Z", "2026-04-10T15:00:00Z", "2026-05-08T15:00:00Z", "2026-06-12T15:00:00Z")]
    [InlineData("every 2nd and 4th tuesday", "cron", "0 0 8-14,22-28 * 2", "2026-03-10T00:00:00Z", "2026-03-24T00:00:00Z", "2026-04-14T00:00:00Z", "2026-04-28T00:00:00Z")]
    [InlineData("every first and third monday at 7pm", "cron", "0 19 1-7,15-21 * 1", "2026-03-16T19:00:00Z", "2026-04-06T19:00:00Z", "2026-04-20T19:00:00Z", "2026-05-04T19:00:00Z")]
    [InlineData("first and third monday of the month at 7pm", "cron", "0 19 1-7,15-21 * 1", "2026-03-16T19:00:00Z", "2026-04-06T19:00:00Z", "2026-04-20T19:00:00Z", "2026-05-04T19:00:00Z")]
    [InlineData("1st and 3rd mondays", "cron", "0 0 1-7,15-21 * 1", "2026-03-16T00:00:00Z", "2026-04-06T00:00:00Z", "2026-04-20T00:00:00Z", "2026-05-04T00:00:00Z")]
    [InlineData("last friday of every month", "cron", "0 0 * * 5L", "2026-03-27T00:00:00Z", "2026-04-24T00:00:00Z", "2026-05-29T00:00:00Z", "2026-06-26T00:00:00Z")]
    [InlineData("last sunday of the month", "cron", "0 0 * * 0L", "2026-03-29T00:00:00Z", "2026-04-26T00:00:00Z", "2026-05-31T00:00:00Z", "2026-06-28T00:00:00Z")]
    [InlineData("last sunday of march", "cron", "0 0 * 3 0L", "2026-03-29T00:00:00Z", "2027-03-28T00:00:00Z", "2028-03-26T00:00:00Z", "2029-03-25T00:00:00Z")]
    [InlineData("the last sunday in march at 2am", "cron", "0 2 * 3 0L", "2026-03-29T02:00:00Z", "2027-03-28T02:00:00Z", "2028-03-26T02:00:00Z", "2029-03-25T02:00:00Z")]
    [InlineData("every last sunday of october", "cron", "0 0 * 10 0L", "2026-10-25T00:00:00Z", "2027-10-31T00:00:00Z", "2028-10-29T00:00:00Z", "2029-10-28T00:00:00Z")]
    [InlineData("the last weekday of each month", "cron", "0 0 LW * *", "2026-03-31T00:00:00Z", "2026-04-30T00:00:00Z", "2026-05-29T00:00:00Z", "2026-06-30T00:00:00Z")]
    [InlineData("last business day of the month at 5pm", "cron", "0 17 LW * *", "2026-03-31T17:00:00Z", "2026-04-30T17:00:00Z", "2026-05-29T17:00:00Z", "2026-06-30T17:00:00Z")]
    [InlineData("first business day of the month", "cron", "0 0 1W * *", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z", "2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z")]
    [InlineData("first weekday of every month at 9am", "cron", "0 9 1W * *", "2026-04-01T09:00:00Z", "2026-05-01T09:00:00Z", "2026-06-01T09:00:00Z", "2026-07-01T09:00:00Z")]
    [InlineData("every other month", "cron", "0 0 1 2,4,6,8,10,12 *", "2026-04-01T00:00:00Z", "2026-06-01T00:00:00Z", "2026-08-01T00:00:00Z", "2026-10-01T00:00:00Z")]
    [InlineData("every other month on the 15th at noon", "cron", "0 12 15 1,3,5,7,9,11 *", "2026-03-15T12:00:00Z", "2026-05-15T12:00:00Z", "2026-07-15T12:00:00Z", "2026-09-15T12:00:00Z")]
    [InlineData("every other month on the last friday", "cron", "0 0 * 1,3,5,7,9,11 5L", "2026-03-27T00:00:00Z", "2026-05-29T00:00:00Z", "2026-07-31T00:00:00Z", "2026-09-25T00:00:00Z")]
    [InlineData("every other month at 9am", "cron", "0 9 1 2,4,6,8,10,12 *", "2026-04-01T09:00:00Z", "2026-06-01T09:00:00Z", "2026-08-01T09:00:00Z", "2026-10-01T09:00:00Z")]
    [InlineData("every 2 months on the first monday at 10am", "cron", "0 10 * 2,4,6,8,10,12 1#1", "2026-04-06T10:00:00Z", "2026-06-01T10:00:00Z", "2026-08-03T10:00:00Z", "2026-10-05T10:00:00Z")]
    [InlineData("every 3 months on the 15th", "cron", "0 0 15 3,6,9,12 *", "2026-03-15T00:00:00Z", "2026-06-15T00:00:00Z", "2026-09-15T00:00:00Z", "2026-12-15T00:00:00Z")]
    [InlineData("every 3 months on the last day", "cron", "0 0 L 3,6,9,12 *", "2026-03-31T00:00:00Z", "2026-06-30T00:00:00Z", "2026-09-30T00:00:00Z", "2026-12-31T00:00:00Z")]
    [InlineData("every 4 months", "cron", "0 0 1 4,8,12 *", "2026-04-01T00:00:00Z", "2026-08-01T00:00:00Z", "2026-12-01T00:00:00Z", "2027-04-01T00:00:00Z")]
    [InlineData("every 12 months", "cron", "0 0 1 1 *", "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z", "2029-01-01T00:00:00Z", "2030-01-01T00:00:00Z")]
    [InlineData("every quarter on the 15th at noon", "cron", "0 12 15 1,4,7,10 *", "2026-04-15T12:00:00Z", "2026-07-15T12:00:00Z", "2026-10-15T12:00:00Z", "2027-01-15T12:00:00Z")]
    [InlineData("every quarter on the last friday", "cron", "0 0 * 3,6,9,12 5L", "2026-03-27T00:00:00Z", "2026-06-26T00:00:00Z", "2026-09-25T00:00:00Z", "2026-12-25T00:00:00Z")]
    [InlineData("quarterly on the first monday", "cron", "0 0 * 1,4,7,10 1#1", "2026-04-06T00:00:00Z", "2026-07-06T00:00:00Z", "2026-10-05T00:00:00Z", "2027-01-04T00:00:00Z")]
    [InlineData("last day of each quarter", "cron", "0 0 L 3,6,9,12 *", "2026-03-31T00:00:00Z", "2026-06-30T00:00:00Z", "2026-09-30T00:00:00Z", "2026-12-31T00:00:00Z")]
    [InlineData("every quarter end", "cron", "0 0 L 3,6,9,12 *", "2026-03-31T00:00:00Z", "2026-06-30T00:00:00Z", "2026-09-30T00:00:00Z", "2026-12-31T00:00:00Z")]
    [InlineData("at the end of every quarter", "cron", "0 0 L 3,6,9,12 *", "2026-03-31T00:00:00Z", "2026-06-30T00:00:00Z", "2026-09-30T00:00:00Z", "2026-12-31T00:00:00Z")]
    [InlineData("end of each quarter at 6pm", "cron", "0 18 L 3,6,9,12 *", "2026-03-31T18:00:00Z", "2026-06-30T18:00:00Z", "2026-09-30T18:00:00Z", "2026-12-31T18:00:00Z")]
    [InlineData("on the last day of every quarter at 5pm", "cron", "0 17 L 3,6,9,12 *", "2026-03-31T17:00:00Z", "2026-06-30T17:00:00Z", "2026-09-30T17:00:00Z", "2026-12-31T17:00:00Z")]
    [InlineData("every quarter end at 11:59pm", "cron", "59 23 L 3,6,9,12 *", "2026-03-31T23:59:00Z", "2026-06-30T23:59:00Z", "2026-09-30T23:59:00Z", "2026-12-31T23:59:00Z")]
    [InlineData("every year end at 11pm", "cron", "0 23 31 12 *", "2026-12-31T23:00:00Z", "2027-12-31T23:00:00Z", "2028-12-31T23:00:00Z", "2029-12-31T23:00:00Z")]
    [InlineData("at the end of every year", "cron", "0 0 31 12 *", "2026-12-31T00:00:00Z", "2027-12-31T00:00:00Z", "2028-12-31T00:00:00Z", "2029-12-31T00:00:00Z")]
    [InlineData("the last day of every year at 11pm", "cron", "0 23 31 12 *", "2026-12-31T23:00:00Z", "2027-12-31T23:00:00Z", "2028-12-31T23:00:00Z", "2029-12-31T23:00:00Z")]
    [InlineData("every year on the first monday of september", "cron", "0 0 * 9 1#1", "2026-09-07T00:00:00Z", "2027-09-06T00:00:00Z", "2028-09-04T00:00:00Z", "2029-09-03T00:00:00Z")]
    [InlineData("every year on dec 31 at 23:59", "cron", "59 23 31 12 *", "2026-12-31T23:59:00Z", "2027-12-31T23:59:00Z", "2028-12-31T23:59:00Z", "2029-12-31T23:59:00Z")]
    [InlineData("every year on jan 1st at 00:01", "cron", "1 0 1 1 *", "2027-01-01T00:01:00Z", "2028-01-01T00:01:00Z", "2029-01-01T00:01:00Z", "2030-01-01T00:01:00Z")]
    [InlineData("every dec 31 at 11pm", "cron", "0 23 31 12 *", "2026-12-31T23:00:00Z", "2027-12-31T23:00:00Z", "2028-12-31T23:00:00Z", "2029-12-31T23:00:00Z")]
    [InlineData("annually on march 15", "cron", "0 0 15 3 *", "2026-03-15T00:00:00Z", "2027-03-15T00:00:00Z", "2028-03-15T00:00:00Z", "2029-03-15T00:00:00Z")]
    [InlineData("yearly on the 1st of april", "cron", "0 0 1 4 *", "2026-04-01T00:00:00Z", "2027-04-01T00:00:00Z", "2028-04-01T00:00:00Z", "2029-04-01T00:00:00Z")]
    [InlineData("every april 1st at 9am", "cron", "0 9 1 4 *", "2026-04-01T09:00:00Z", "2027-04-01T09:00:00Z", "2028-04-01T09:00:00Z", "2029-04-01T09:00:00Z")]
    [InlineData("every 1st of april", "cron", "0 0 1 4 *", "2026-04-01T00:00:00Z", "2027-04-01T00:00:00Z", "2028-04-01T00:00:00Z", "2029-04-01T00:00:00Z")]
    [InlineData("on april 1st every year", "cron", "0 0 1 4 *", "2026-04-01T00:00:00Z", "2027-04-01T00:00:00Z", "2028-04-01T00:00:00Z", "2029-04-01T00:00:00Z")]
    [InlineData("every other year", "rule", "DTSTART:20270101T000000Z RRULE:FREQ=YEARLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=0;BYMONTHDAY=1;BYMONTH=1", "2027-01-01T00:00:00Z", "2029-01-01T00:00:00Z", "2031-01-01T00:00:00Z", "2033-01-01T00:00:00Z")]
    [InlineData("every 2 years at 9am", "rule", "DTSTART:20270101T090000Z RRULE:FREQ=YEARLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=9;BYMONTHDAY=1;BYMONTH=1", "2027-01-01T09:00:00Z", "2029-01-01T09:00:00Z", "2031-01-01T09:00:00Z", "2033-01-01T09:00:00Z")]
    [InlineData("every 2 years on jan 1", "rule", "DTSTART:20270101T000000Z RRULE:FREQ=YEARLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=0;BYMONTHDAY=1;BYMONTH=1", "2027-01-01T00:00:00Z", "2029-01-01T00:00:00Z", "2031-01-01T00:00:00Z", "2033-01-01T00:00:00Z")]
    [InlineData("every 2 years on march 1", "rule", "DTSTART:20270301T000000Z RRULE:FREQ=YEARLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=0;BYMONTHDAY=1;BYMONTH=3", "2027-03-01T00:00:00Z", "2029-03-01T00:00:00Z", "2031-03-01T00:00:00Z", "2033-03-01T00:00:00Z")]
    [InlineData("every 3 years on march 1", "rule", "DTSTART:20270301T000000Z RRULE:FREQ=YEARLY;INTERVAL=3;BYSECOND=0;BYMINUTE=0;BYHOUR=0;BYMONTHDAY=1;BYMONTH=3", "2027-03-01T00:00:00Z", "2030-03-01T00:00:00Z", "2033-03-01T00:00:00Z", "2036-03-01T00:00:00Z")]
    [InlineData("first monday in january", "cron", "0 0 * 1 1#1", "2027-01-04T00:00:00Z", "2028-01-03T00:00:00Z", "2029-01-01T00:00:00Z", "2030-01-07T00:00:00Z")]
    [InlineData("every day in june, july and august at 7am", "cron", "0 7 * 6-8 *", "2026-06-01T07:00:00Z", "2026-06-02T07:00:00Z", "2026-06-03T07:00:00Z", "2026-06-04T07:00:00Z")]
    [InlineData("every weekday in december at 9am", "cron", "0 9 * 12 1-5", "2026-12-01T09:00:00Z", "2026-12-02T09:00:00Z", "2026-12-03T09:00:00Z", "2026-12-04T09:00:00Z")]
    [InlineData("every monday in march and april", "cron", "0 0 * 3,4 1", "2026-03-09T00:00:00Z", "2026-03-16T00:00:00Z", "2026-03-23T00:00:00Z", "2026-03-30T00:00:00Z")]
    [InlineData("every day except in december", "cron", "0 0 * 1-11 *", "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z", "2026-03-10T00:00:00Z", "2026-03-11T00:00:00Z")]
    [InlineData("every day except sunday", "cron", "0 0 * * 1-6", "2026-03-09T00:00:00Z", "2026-03-10T00:00:00Z", "2026-03-11T00:00:00Z", "2026-03-12T00:00:00Z")]
    [InlineData("every day except saturday and sunday", "cron", "0 0 * * 1-5", "2026-03-09T00:00:00Z", "2026-03-10T00:00:00Z", "2026-03-11T00:00:00Z", "2026-03-12T00:00:00Z")]
    [InlineData("every weekday at 9am except friday", "cron", "0 9 * * 1-4", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z", "2026-03-12T09:00:00Z")]
    public void Days_of_the_month_months_and_years_run_on_the_days_named(string spec, string kind, string canonical, params string[] next) => Reads(spec, kind, canonical, next);

    /// <summary>Counts that match the times named, "for …" lengths, end dates (the next such date), leading bounds.</summary>
    [Theory]
    [InlineData("twice daily at 9 and 21", "cron", "0 9,21 * * *", "2026-03-07T21:00:00Z", "2026-03-08T09:00:00Z", "2026-03-08T21:00:00Z", "2026-03-09T09:00:00Z")]
    [InlineData("twice a day at 9am and 9pm", "cron", "0 9,21 * * *", "2026-03-07T21:00:00Z", "2026-03-08T09:00:00Z", "2026-03-08T21:00:00Z", "2026-03-09T09:00:00Z")]
    [InlineData("three times a day at 8am, 2pm and 8pm", "cron", "0 8,14,20 * * *", "2026-03-07T14:00:00Z", "2026-03-07T20:00:00Z", "2026-03-08T08:00:00Z", "2026-03-08T14:00:00Z")]
    [InlineData("3 times a day at 8, 14 and 20", "cron", "0 8,14,20 * * *", "2026-03-07T14:00:00Z", "2026-03-07T20:00:00Z", "2026-03-08T08:00:00Z", "2026-03-08T14:00:00Z")]
    [InlineData("twice a week on mon and thu", "cron", "0 0 * * 1,4", "2026-03-09T00:00:00Z", "2026-03-12T00:00:00Z", "2026-03-16T00:00:00Z", "2026-03-19T00:00:00Z")]
    [InlineData("once a week on monday", "cron", "0 0 * * 1", "2026-03-09T00:00:00Z", "2026-03-16T00:00:00Z", "2026-03-23T00:00:00Z", "2026-03-30T00:00:00Z")]
    [InlineData("once daily at 6am", "cron", "0 6 * * *", "2026-03-08T06:00:00Z", "2026-03-09T06:00:00Z", "2026-03-10T06:00:00Z", "2026-03-11T06:00:00Z")]
    [InlineData("semimonthly on the 1st and 15th at 9am", "cron", "0 9 1,15 * *", "2026-03-15T09:00:00Z", "2026-04-01T09:00:00Z", "2026-04-15T09:00:00Z", "2026-05-01T09:00:00Z")]
    [InlineData("semi-monthly on the 1st and 15th", "cron", "0 0 1,15 * *", "2026-03-15T00:00:00Z", "2026-04-01T00:00:00Z", "2026-04-15T00:00:00Z", "2026-05-01T00:00:00Z")]
    [InlineData("semi-weekly on mon and thu", "cron", "0 0 * * 1,4", "2026-03-09T00:00:00Z", "2026-03-12T00:00:00Z", "2026-03-16T00:00:00Z", "2026-03-19T00:00:00Z")]
    [InlineData("every day at 9am, 10 times", "rule", "DTSTART:20260308T090000Z RRULE:FREQ=DAILY;COUNT=10;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("every day at 9am for a week", "rule", "DTSTART:20260308T090000Z RRULE:FREQ=DAILY;UNTIL=20260314T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("every day at 9am for 2 weeks", "rule", "DTSTART:20260308T090000Z RRULE:FREQ=DAILY;UNTIL=20260321T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("every monday for 4 weeks", "rule", "DTSTART:20260309T000000Z RRULE:FREQ=DAILY;UNTIL=20260405T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=0;BYDAY=MO", "2026-03-09T00:00:00Z", "2026-03-16T00:00:00Z", "2026-03-23T00:00:00Z", "2026-03-30T00:00:00Z")]
    [InlineData("every monday at 9am for a month", "rule", "DTSTART:20260309T090000Z RRULE:FREQ=DAILY;UNTIL=20260408T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9;BYDAY=MO", "2026-03-09T09:00:00Z", "2026-03-16T09:00:00Z", "2026-03-23T09:00:00Z", "2026-03-30T09:00:00Z")]
    [InlineData("every day for a week", "rule", "DTSTART:20260308T120000Z RRULE:FREQ=DAILY;COUNT=7", "2026-03-08T12:00:00Z", "2026-03-09T12:00:00Z", "2026-03-10T12:00:00Z", "2026-03-11T12:00:00Z")]
    [InlineData("every 10 minutes for an hour", "rule", "DTSTART:20260307T121000Z RRULE:FREQ=MINUTELY;INTERVAL=10;COUNT=6", "2026-03-07T12:10:00Z", "2026-03-07T12:20:00Z", "2026-03-07T12:30:00Z", "2026-03-07T12:40:00Z")]
    [InlineData("every 5 minutes for 30 minutes", "rule", "DTSTART:20260307T120500Z RRULE:FREQ=MINUTELY;INTERVAL=5;COUNT=6", "2026-03-07T12:05:00Z", "2026-03-07T12:10:00Z", "2026-03-07T12:15:00Z", "2026-03-07T12:20:00Z")]
    [InlineData("every day at 9am until end of month", "rule", "DTSTART:20260308T090000Z RRULE:FREQ=DAILY;UNTIL=20260331T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("every day at 9am until the end of march", "rule", "DTSTART:20260308T090000Z RRULE:FREQ=DAILY;UNTIL=20260331T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("every day at 9am until end of february", "rule", "DTSTART:20260308T090000Z RRULE:FREQ=DAILY;UNTIL=20270228T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("every weekday at 9am until 31 dec 2026", "rule", "DTSTART:20260309T090000Z RRULE:FREQ=DAILY;UNTIL=20261231T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9;BYDAY=MO,TU,WE,TH,FR", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z", "2026-03-12T09:00:00Z")]
    [InlineData("every weekday at 9am until dec 31 2026", "rule", "DTSTART:20260309T090000Z RRULE:FREQ=DAILY;UNTIL=20261231T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9;BYDAY=MO,TU,WE,TH,FR", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z", "2026-03-12T09:00:00Z")]
    [InlineData("every weekday at 9am until december 31st", "rule", "DTSTART:20260309T090000Z RRULE:FREQ=DAILY;UNTIL=20261231T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9;BYDAY=MO,TU,WE,TH,FR", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z", "2026-03-12T09:00:00Z")]
    [InlineData("until dec 31 daily at 9am", "rule", "DTSTART:20260308T090000Z RRULE:FREQ=DAILY;UNTIL=20261231T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("every day through dec 31 at 9am", "rule", "DTSTART:20260308T090000Z RRULE:FREQ=DAILY;UNTIL=20261231T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("every day until dec 31 at 9am", "rule", "DTSTART:20260308T090000Z RRULE:FREQ=DAILY;UNTIL=20261231T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("every day for 4 times at 9am", "rule", "DTSTART:20260308T090000Z RRULE:FREQ=DAILY;COUNT=4;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("until friday, every day at 9am", "rule", "DTSTART:20260308T090000Z RRULE:FREQ=DAILY;UNTIL=20260313T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    public void Counts_and_bounds_keep_the_runs_they_name(string spec, string kind, string canonical, params string[] next) => Reads(spec, kind, canonical, next);

    /// <summary>"starting …": a day (the first run on it), a time of day after whole days (the runs' wall time), a time after a step that divides a day (its clock grid), else an exact interval's anchor.</summary>
    [Theory]
    [InlineData("every day at 9am, starting tomorrow", "rule", "DTSTART:20260308T090000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("every day at 9am beginning tomorrow", "rule", "DTSTART:20260308T090000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("every day at 9am starting march 15", "rule", "DTSTART:20260315T090000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-15T09:00:00Z", "2026-03-16T09:00:00Z", "2026-03-17T09:00:00Z", "2026-03-18T09:00:00Z")]
    [InlineData("every day at 9am starting 15 march", "rule", "DTSTART:20260315T090000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-15T09:00:00Z", "2026-03-16T09:00:00Z", "2026-03-17T09:00:00Z", "2026-03-18T09:00:00Z")]
    [InlineData("every day at 9am starting 2026-03-15", "rule", "DTSTART:20260315T090000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-15T09:00:00Z", "2026-03-16T09:00:00Z", "2026-03-17T09:00:00Z", "2026-03-18T09:00:00Z")]
    [InlineData("every day at 9am starting oct 1", "rule", "DTSTART:20261001T090000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-10-01T09:00:00Z", "2026-10-02T09:00:00Z", "2026-10-03T09:00:00Z", "2026-10-04T09:00:00Z")]
    [InlineData("every day at 9am from next monday", "rule", "DTSTART:20260309T090000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z", "2026-03-12T09:00:00Z")]
    [InlineData("every day at 9am starting tomorrow for 5 days", "rule", "DTSTART:20260308T090000Z RRULE:FREQ=DAILY;UNTIL=20260312T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("every day at 9am for 5 days starting monday", "rule", "DTSTART:20260309T090000Z RRULE:FREQ=DAILY;UNTIL=20260313T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z", "2026-03-12T09:00:00Z")]
    [InlineData("every 2 weeks on monday starting mar 16", "rule", "DTSTART:20260316T000000Z RRULE:FREQ=WEEKLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=0;BYDAY=MO", "2026-03-16T00:00:00Z", "2026-03-30T00:00:00Z", "2026-04-13T00:00:00Z", "2026-04-27T00:00:00Z")]
    [InlineData("every 2 weeks starting monday", "rule", "DTSTART:20260309T000000Z RRULE:FREQ=WEEKLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=0;BYDAY=MO", "2026-03-09T00:00:00Z", "2026-03-23T00:00:00Z", "2026-04-06T00:00:00Z", "2026-04-20T00:00:00Z")]
    [InlineData("every other week starting next monday at 9am", "rule", "DTSTART:20260309T090000Z RRULE:FREQ=WEEKLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=9;BYDAY=MO", "2026-03-09T09:00:00Z", "2026-03-23T09:00:00Z", "2026-04-06T09:00:00Z", "2026-04-20T09:00:00Z")]
    [InlineData("starting tomorrow, every day at 9am", "rule", "DTSTART:20260308T090000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("starting tomorrow every day at 9am", "rule", "DTSTART:20260308T090000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("beginning monday, every weekday at 9", "rule", "DTSTART:20260309T090000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=9;BYDAY=MO,TU,WE,TH,FR", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z", "2026-03-12T09:00:00Z")]
    [InlineData("from tomorrow every day at 9am", "rule", "DTSTART:20260308T090000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("every 2 days starting 8am", "rule", "DTSTART:20260308T080000Z RRULE:FREQ=DAILY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=8", "2026-03-08T08:00:00Z", "2026-03-10T08:00:00Z", "2026-03-12T08:00:00Z", "2026-03-14T08:00:00Z")]
    [InlineData("every day starting at 8am", "cron", "0 8 * * *", "2026-03-08T08:00:00Z", "2026-03-09T08:00:00Z", "2026-03-10T08:00:00Z", "2026-03-11T08:00:00Z")]
    [InlineData("every other day starting at 8am", "rule", "DTSTART:20260308T080000Z RRULE:FREQ=DAILY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=8", "2026-03-08T08:00:00Z", "2026-03-10T08:00:00Z", "2026-03-12T08:00:00Z", "2026-03-14T08:00:00Z")]
    [InlineData("every 2 weeks starting at 8am", "rule", "DTSTART:20260308T080000Z RRULE:FREQ=WEEKLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=8;BYDAY=SU", "2026-03-08T08:00:00Z", "2026-03-22T08:00:00Z", "2026-04-05T08:00:00Z", "2026-04-19T08:00:00Z")]
    [InlineData("every week starting at 8am", "cron", "0 8 * * 0", "2026-03-08T08:00:00Z", "2026-03-15T08:00:00Z", "2026-03-22T08:00:00Z", "2026-03-29T08:00:00Z")]
    [InlineData("weekly starting at 8am", "cron", "0 8 * * 0", "2026-03-08T08:00:00Z", "2026-03-15T08:00:00Z", "2026-03-22T08:00:00Z", "2026-03-29T08:00:00Z")]
    [InlineData("every 3 days starting at 8am until apr 30", "rule", "DTSTART:20260308T080000Z RRULE:FREQ=DAILY;INTERVAL=3;UNTIL=20260430T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=8", "2026-03-08T08:00:00Z", "2026-03-11T08:00:00Z", "2026-03-14T08:00:00Z", "2026-03-17T08:00:00Z")]
    [InlineData("every 48 hours starting at 8am", "rule", "DTSTART:20260308T080000Z RRULE:FREQ=DAILY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=8", "2026-03-08T08:00:00Z", "2026-03-10T08:00:00Z", "2026-03-12T08:00:00Z", "2026-03-14T08:00:00Z")]
    [InlineData("every monday starting at 8am", "cron", "0 8 * * 1", "2026-03-09T08:00:00Z", "2026-03-16T08:00:00Z", "2026-03-23T08:00:00Z", "2026-03-30T08:00:00Z")]
    [InlineData("every 6 hours starting at 6am", "rule", "DTSTART:20260307T120000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=0,6,12,18", "2026-03-07T12:00:00Z", "2026-03-07T18:00:00Z", "2026-03-08T00:00:00Z", "2026-03-08T06:00:00Z")]
    [InlineData("every 6 hours starting at midnight", "rule", "DTSTART:20260307T120000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=0,6,12,18", "2026-03-07T12:00:00Z", "2026-03-07T18:00:00Z", "2026-03-08T00:00:00Z", "2026-03-08T06:00:00Z")]
    [InlineData("every 4 hours starting at 2am", "rule", "DTSTART:20260307T140000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=2,6,10,14,18,22", "2026-03-07T14:00:00Z", "2026-03-07T18:00:00Z", "2026-03-07T22:00:00Z", "2026-03-08T02:00:00Z")]
    [InlineData("every 12 hours starting at 8pm", "rule", "DTSTART:20260307T200000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0;BYHOUR=8,20", "2026-03-07T20:00:00Z", "2026-03-08T08:00:00Z", "2026-03-08T20:00:00Z", "2026-03-09T08:00:00Z")]
    [InlineData("every 90 minutes starting at 8am", "rule", "DTSTART:20260307T123000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,30;BYHOUR=0,2,3,5,6,8,9,11,12,14,15,17,18,20,21,23;BYSETPOS=2,3,6,7,10,11,14,15,18,19,22,23,26,27,30,31", "2026-03-07T12:30:00Z", "2026-03-07T14:00:00Z", "2026-03-07T15:30:00Z", "2026-03-07T17:00:00Z")]
    [InlineData("every 45 minutes starting at 9am", "rule", "DTSTART:20260307T120000Z RRULE:FREQ=DAILY;BYSECOND=0;BYMINUTE=0,15,30,45;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;BYSETPOS=1,4,7,10,13,16,19,22,25,28,31,34,37,40,43,46,49,52,55,58,61,64,67,70,73,76,79,82,85,88,91,94", "2026-03-07T12:00:00Z", "2026-03-07T12:45:00Z", "2026-03-07T13:30:00Z", "2026-03-07T14:15:00Z")]
    [InlineData("every 6 hours starting at 6am 5 times", "rule", "DTSTART:20260307T120000Z RRULE:FREQ=DAILY;COUNT=5;BYSECOND=0;BYMINUTE=0;BYHOUR=0,6,12,18", "2026-03-07T12:00:00Z", "2026-03-07T18:00:00Z", "2026-03-08T00:00:00Z", "2026-03-08T06:00:00Z")]
    [InlineData("every 5 hours starting at 8am", "interval", "PT5H", "2026-03-07T13:00:00Z", "2026-03-07T18:00:00Z", "2026-03-07T23:00:00Z", "2026-03-08T04:00:00Z")]
    [InlineData("every hour starting at 9:30", "interval", "PT1H", "2026-03-07T12:30:00Z", "2026-03-07T13:30:00Z", "2026-03-07T14:30:00Z", "2026-03-07T15:30:00Z")]
    public void Starts_fix_the_first_run_and_the_phase(string spec, string kind, string canonical, params string[] next) => Reads(spec, kind, canonical, next);

    /// <summary>"from <date> to <date>", "between <date> and <date>": once, over the coming (or current) such dates.</summary>
    [Theory]
    [InlineData("every day at 9am from dec 1 to dec 24", "rule", "DTSTART:20261201T090000Z RRULE:FREQ=DAILY;UNTIL=20261224T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-12-01T09:00:00Z", "2026-12-02T09:00:00Z", "2026-12-03T09:00:00Z", "2026-12-04T09:00:00Z")]
    [InlineData("every day at 9am between dec 1 and dec 24", "rule", "DTSTART:20261201T090000Z RRULE:FREQ=DAILY;UNTIL=20261224T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-12-01T09:00:00Z", "2026-12-02T09:00:00Z", "2026-12-03T09:00:00Z", "2026-12-04T09:00:00Z")]
    [InlineData("every day at 9am from december 1st to december 24th", "rule", "DTSTART:20261201T090000Z RRULE:FREQ=DAILY;UNTIL=20261224T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-12-01T09:00:00Z", "2026-12-02T09:00:00Z", "2026-12-03T09:00:00Z", "2026-12-04T09:00:00Z")]
    [InlineData("every day at 9am from 1 dec to 24 dec", "rule", "DTSTART:20261201T090000Z RRULE:FREQ=DAILY;UNTIL=20261224T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-12-01T09:00:00Z", "2026-12-02T09:00:00Z", "2026-12-03T09:00:00Z", "2026-12-04T09:00:00Z")]
    [InlineData("every day at 9am in december until dec 24", "rule", "DTSTART:20261201T090000Z RRULE:FREQ=DAILY;UNTIL=20261224T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9;BYMONTH=12", "2026-12-01T09:00:00Z", "2026-12-02T09:00:00Z", "2026-12-03T09:00:00Z", "2026-12-04T09:00:00Z")]
    [InlineData("daily from dec 1 to dec 24", "rule", "DTSTART:20261201T000000Z RRULE:FREQ=DAILY;UNTIL=20261224T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=0", "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z", "2026-12-03T00:00:00Z", "2026-12-04T00:00:00Z")]
    [InlineData("every weekday from dec 1 to dec 24 at 9am", "rule", "DTSTART:20261201T090000Z RRULE:FREQ=DAILY;UNTIL=20261224T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9;BYDAY=MO,TU,WE,TH,FR", "2026-12-01T09:00:00Z", "2026-12-02T09:00:00Z", "2026-12-03T09:00:00Z", "2026-12-04T09:00:00Z")]
    [InlineData("every day at 9am from dec 1 to jan 6", "rule", "DTSTART:20261201T090000Z RRULE:FREQ=DAILY;UNTIL=20270106T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-12-01T09:00:00Z", "2026-12-02T09:00:00Z", "2026-12-03T09:00:00Z", "2026-12-04T09:00:00Z")]
    [InlineData("every 2 days between 1 dec and 24 dec at 8am", "rule", "DTSTART:20261201T080000Z RRULE:FREQ=DAILY;INTERVAL=2;UNTIL=20261224T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=8", "2026-12-01T08:00:00Z", "2026-12-03T08:00:00Z", "2026-12-05T08:00:00Z", "2026-12-07T08:00:00Z")]
    [InlineData("every day at 9am between today and friday", "rule", "DTSTART:20260307T090000Z RRULE:FREQ=DAILY;UNTIL=20260313T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("every day at 9am from march 15 until march 20", "rule", "DTSTART:20260315T090000Z RRULE:FREQ=DAILY;UNTIL=20260320T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-15T09:00:00Z", "2026-03-16T09:00:00Z", "2026-03-17T09:00:00Z", "2026-03-18T09:00:00Z")]
    [InlineData("every day at 9am from march 15 through march 20", "rule", "DTSTART:20260315T090000Z RRULE:FREQ=DAILY;UNTIL=20260320T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2026-03-15T09:00:00Z", "2026-03-16T09:00:00Z", "2026-03-17T09:00:00Z", "2026-03-18T09:00:00Z")]
    [InlineData("every day at 9am from 2027-06-01 to aug 31", "rule", "DTSTART:20270601T090000Z RRULE:FREQ=DAILY;UNTIL=20270831T235959Z;BYSECOND=0;BYMINUTE=0;BYHOUR=9", "2027-06-01T09:00:00Z", "2027-06-02T09:00:00Z", "2027-06-03T09:00:00Z", "2027-06-04T09:00:00Z")]
    public void Date_ranges_run_over_the_dates_named(string spec, string kind, string canonical, params string[] next) => Reads(spec, kind, canonical, next);

    /// <summary>One-shots: "once …", weekdays, dates, bare times (a bare hour is the 24-hour clock: "at 5" is 05:00).</summary>
    [Theory]
    [InlineData("once at 9am tomorrow", "once", "2026-03-08T09:00:00.0000000+00:00", "2026-03-08T09:00:00Z")]
    [InlineData("once tomorrow at 9am", "once", "2026-03-08T09:00:00.0000000+00:00", "2026-03-08T09:00:00Z")]
    [InlineData("tuesday at 9am", "once", "2026-03-10T09:00:00.0000000+00:00", "2026-03-10T09:00:00Z")]
    [InlineData("on saturday at 10", "once", "2026-03-14T10:00:00.0000000+00:00", "2026-03-14T10:00:00Z")]
    [InlineData("friday at 5pm", "once", "2026-03-13T17:00:00.0000000+00:00", "2026-03-13T17:00:00Z")]
    [InlineData("this friday", "once", "2026-03-13T12:00:00.0000000+00:00", "2026-03-13T12:00:00Z")]
    [InlineData("march 15", "once", "2026-03-15T00:00:00.0000000+00:00", "2026-03-15T00:00:00Z")]
    [InlineData("march 15 at 3pm", "once", "2026-03-15T15:00:00.0000000+00:00", "2026-03-15T15:00:00Z")]
    [InlineData("15 march", "once", "2026-03-15T00:00:00.0000000+00:00", "2026-03-15T00:00:00Z")]
    [InlineData("the 15th of march", "once", "2026-03-15T00:00:00.0000000+00:00", "2026-03-15T00:00:00Z")]
    [InlineData("2026-03-15", "once", "2026-03-15T00:00:00.0000000+00:00", "2026-03-15T00:00:00Z")]
    [InlineData("2026-03-15 09:00", "once", "2026-03-15T09:00:00.0000000+00:00", "2026-03-15T09:00:00Z")]
    [InlineData("2026-03-15 at 9am", "once", "2026-03-15T09:00:00.0000000+00:00", "2026-03-15T09:00:00Z")]
    [InlineData("on 2026-03-15 at 9am", "once", "2026-03-15T09:00:00.0000000+00:00", "2026-03-15T09:00:00Z")]
    [InlineData("at 5", "once", "2026-03-08T05:00:00.0000000+00:00", "2026-03-08T05:00:00Z")]
    [InlineData("at 5pm", "once", "2026-03-07T17:00:00.0000000+00:00", "2026-03-07T17:00:00Z")]
    [InlineData("at 17", "once", "2026-03-07T17:00:00.0000000+00:00", "2026-03-07T17:00:00Z")]
    [InlineData("at noon tomorrow", "once", "2026-03-08T12:00:00.0000000+00:00", "2026-03-08T12:00:00Z")]
    [InlineData("noon tomorrow", "once", "2026-03-08T12:00:00.0000000+00:00", "2026-03-08T12:00:00Z")]
    [InlineData("tomorrow noon", "once", "2026-03-08T12:00:00.0000000+00:00", "2026-03-08T12:00:00Z")]
    [InlineData("tomorrow 9am", "once", "2026-03-08T09:00:00.0000000+00:00", "2026-03-08T09:00:00Z")]
    [InlineData("tomorrow at 9", "once", "2026-03-08T09:00:00.0000000+00:00", "2026-03-08T09:00:00Z")]
    [InlineData("in 90 minutes", "once", "2026-03-07T13:30:00.0000000+00:00", "2026-03-07T13:30:00Z")]
    [InlineData("in a week", "once", "2026-03-14T12:00:00.0000000+00:00", "2026-03-14T12:00:00Z")]
    [InlineData("in a month", "once", "2026-04-07T12:00:00.0000000+00:00", "2026-04-07T12:00:00Z")]
    [InlineData("next month on the last day", "once", "2026-04-30T00:00:00.0000000+00:00", "2026-04-30T00:00:00Z")]
    [InlineData("dec 31 at 11:59pm", "once", "2026-12-31T23:59:00.0000000+00:00", "2026-12-31T23:59:00Z")]
    [InlineData("at midnight", "once", "2026-03-08T00:00:00.0000000+00:00", "2026-03-08T00:00:00Z")]
    public void One_shots_resolve_to_the_instant_meant(string spec, string kind, string canonical, params string[] next) => Reads(spec, kind, canonical, next);

    /// <summary>
    /// Both have two readings in speech, and both have one in the tools people come from (cron's "0 0 * * 0" is Sunday's
    /// 00:00; "next sunday" is the coming one in date parsers): accepted as those read them, not refused.
    /// </summary>
    [Theory]
    [InlineData("every sunday at midnight", "cron", "0 0 * * 0", "2026-03-08T00:00:00Z", "2026-03-15T00:00:00Z")]
    [InlineData("dec 31 at midnight", "once", "2026-12-31T00:00:00.0000000+00:00", "2026-12-31T00:00:00Z")]
    [InlineData("next sunday at 9am", "once", "2026-03-08T09:00:00.0000000+00:00", "2026-03-08T09:00:00Z")]
    [InlineData("next wednesday at 9am", "once", "2026-03-11T09:00:00.0000000+00:00", "2026-03-11T09:00:00Z")]
    public void Midnight_of_a_named_day_and_next_weekday_keep_their_common_readings(string spec, string kind, string canonical, params string[] next) =>
        Reads(spec, kind, canonical, next);

    private static void Reads(string spec, string kind, string canonical, string[] next)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(kind, parsed.Kind.ToString().ToLowerInvariant());
        Assert.Equal(canonical, parsed.Canonical);
        Assert.Equal(next.Select(Instant), parsed.NextInZone(next.Length, Now).Select(o => o.ToUniversalTime()));
    }

    /// <summary>
    /// Refused, never guessed: a misspelling names the word it is likely to be, and input a person could mean two ways
    /// (a start or end date that just passed, a step of days on some weekdays) names both readings and how to write each.
    /// Midnight with a named day and "next <weekday>" keep their common readings (that day's 00:00, the coming one): see
    /// <see cref="Midnight_of_a_named_day_and_next_weekday_keep_their_common_readings"/>.
    /// </summary>
    [Theory]
    [InlineData("evry day at 9am", "did you mean \"every\"?")]
    [InlineData("every tuesdy at 9am", "did you mean \"tuesday\"?")]
    [InlineData("every wednsday", "did you mean \"wednesday\"?")]
    [InlineData("every day at nonn", "did you mean \"noon\"?")]
    [InlineData("every 5 minuets", "did you mean \"minutes\"?")]
    [InlineData("in 5 minuts", "did you mean \"minutes\"?")]
    [InlineData("dialy at 9am", "did you mean \"daily\"?")]
    [InlineData("every day at 9am untill friday", "did you mean \"until\"?")]
    [InlineData("every day at 9am excpet sunday", "did you mean \"except\"?")]
    [InlineData("every weeekday at 9am", "did you mean \"weekday\"?")]
    [InlineData("every day at 9am startng tomorrow", "did you mean \"starting\"?")]
    [InlineData("every monht on the 1st", "did you mean \"month\"?")]
    [InlineData("every day in febuary", "did you mean \"february\"?")]
    [InlineData("every satruday", "did you mean \"saturday\"?")]
    [InlineData("every thrusday at 9", "did you mean \"thursday\"?")]
    [InlineData("weekly on fridya", "did you mean \"friday\"?")]
    [InlineData("every 2 hourss", "did you mean \"hours\"?")]
    [InlineData("every day at 9am tomorow", "did you mean \"tomorrow\"?")]
    [InlineData("every day at 9am on weekdys", "did you mean \"weekdays\"?")]
    [InlineData("every day at 9am except weekens", "did you mean \"weekends\"?")]
    [InlineData("semi-monthly", "\"semimonthly\" in \"semi-monthly\" does not say which days")]
    [InlineData("semiweekly", "does not say which days")]
    [InlineData("semi monthly on the 1st", "says 2 a month, but the spec names 1")]
    [InlineData("every 2 days on weekdays", "can be read several ways")]
    [InlineData("every 3 days on mondays", "can be read several ways")]
    [InlineData("every other day except weekends", "can be read several ways")]
    [InlineData("every 2 days at 9am on weekdays", "can be read several ways")]
    [InlineData("every 2 weeks on monday starting mar 6", "which was 1 day ago")]
    [InlineData("every day at 9am starting march 1", "\"2026-03-01\" for the schedule under way since then")]
    [InlineData("every day at 9am starting feb 1", "\"2027-02-01\" for next year's")]
    [InlineData("every day at 9am until mar 6", "names a date 1 day past")]
    [InlineData("every day at 9am until feb 15", "\"until 2027-02-15\"")]
    [InlineData("every year from dec 1 to dec 24", "\"cron:0 0 1-24 12 *\"")]
    [InlineData("every day at 9am from dec 1 to dec 24 every year", "\"cron:0 9 1-24 12 *\"")]
    [InlineData("every day at 9am and 5pm from dec 1 to dec 24 each year", "\"cron:0 9,17 1-24 12 *\"")]
    [InlineData("yearly from dec 1 to dec 24 at 9am", "cannot repeat every year")]
    [InlineData("every day at 9am from dec 20 to jan 6 every year", "one cron per month it spans")]
    [InlineData("every day at 9am from the 1st to the 24th of december", "a range of days is written with dates")]
    [InlineData("every day at 9am between dec 1 to dec 24", "\"and\" and the last date")]
    [InlineData("every day at 9am GMT+1", "looks like a UTC offset")]
    [InlineData("every day at 9am UTC+2", "looks like a UTC offset")]
    [InlineData("every day at 9am +01:00", "looks like a UTC offset")]
    [InlineData("every day at 09:00+01:00", "write \"09:00\"")]
    [InlineData("every day at 09:00Z", "write \"09:00\"")]
    [InlineData("every day at 9am Berlin time", "CLI --tz Europe/Berlin")]
    [InlineData("every day at 9am in berlin", "CLI --tz Europe/Berlin")]
    [InlineData("every day at 9am (UTC)", "CLI --tz UTC")]
    [InlineData("every day at 9am AEDT", "CLI --tz Australia/Sydney")]
    [InlineData("every day at 9am NZST", "CLI --tz Pacific/Auckland")]
    [InlineData("every day at 9am MSK", "CLI --tz Europe/Moscow")]
    [InlineData("every day at 9am CET", "CLI --tz Europe/Berlin")]
    [InlineData("every day at 9am pacific time", "CLI --tz America/Los_Angeles")]
    [InlineData("every day at 9am Europe/London", "CLI --tz Europe/London")]
    [InlineData("every weekday at 8:30 except holidays", "knows no holiday calendar")]
    [InlineData("biweekly on friday", "can mean twice a week or every two weeks")]
    [InlineData("in 1.5 hours", "a duration after \"in\"")]
    [InlineData("every day at 9:60", "invalid minute \"60\"")]
    [InlineData("every day at 13pm", "invalid hour \"13\"")]
    [InlineData("every day at 0am", "invalid hour \"0\"")]
    [InlineData("every day at 7.45", "write \"7:45\"")]
    [InlineData("every day at 0745", "write \"7:45\"")]
    [InlineData("every day at 745am", "write \"7:45am\"")]
    [InlineData("every weekday at 8.30am", "write \"8:30am\"")]
    [InlineData("every friday afternoon at 3", "\"every friday at 3pm\"")]
    [InlineData("every friday evening at 6", "\"every friday at 6pm\"")]
    [InlineData("every night at 10", "\"every day at 10pm\"")]
    [InlineData("every saturday morning", "does not say exactly when")]
    [InlineData("every hour from 9 to 5", "\"from 09:00 to 17:00\"")]
    [InlineData("every 15 minutes between 9 and 5", "\"between 09:00 and 17:00\"")]
    [InlineData("every hour from 10pm to 6am", "ends (06:00) before it starts (22:00)")]
    [InlineData("every 12 hours at 6am and 6pm", "has no time of day")]
    [InlineData("every 2 hours until dec 24 at 5pm", "an end is a date (\"until dec 24\" runs through that day), not a time")]
    [InlineData("every day for 3 times until dec 24 at 9am", "gives both a number of runs (\"<n> times\") and an end date")]
    [InlineData("every day at 9am until dec 24 10 times", "gives both a number of runs (\"<n> times\") and an end date")]
    [InlineData("every 2 hours at :15", "does not say which hours of the step")]
    [InlineData("every 3 hours on the hour", "does not say which hours of the step")]
    [InlineData("every 7 minutes on weekdays", "cannot pick out within its 366 positions")]
    [InlineData("every 36 hours on mondays", "must be whole minutes under a day")]
    [InlineData("every 45 seconds on weekdays", "must be whole minutes under a day")]
    [InlineData("every 5 minutes during business hours", "business or office hours are not defined here")]
    [InlineData("every monday at 9am and thursday at 5pm", "names a second schedule")]
    [InlineData("on the 1st and 15th at 9am", "does not say whether it repeats")]
    [InlineData("on the 15th", "does not say whether it repeats")]
    [InlineData("second business day of the month", "\"first weekday\" or \"last weekday\"")]
    [InlineData("every day at 9am until mar 7", "ends before its first run")]
    [InlineData("every february on the 29th", "expected a day of the month after \"february\"")]
    [InlineData("every day at 9am from monday to friday", "\"every monday to friday at 9am\"")]
    [InlineData("from monday to friday every day at 9am", "for dates \"starting monday until friday\"")]
    [InlineData("every hour from monday to friday", "\"every hour on mon-fri\"")]
    [InlineData("from now on every day at 9am", "a schedule runs from now unless told otherwise")]
    public void Ambiguous_misspelt_or_unsupported_phrases_are_refused_with_a_hint(string spec, string hint)
    {
        Assert.Contains(hint, Rejects(spec).Message);
    }

    // Known item 1: a date range without a year is the season under way while it lasts, not next year's start with
    // this year's end (which was refused as ending before its first run).
    [Theory]
    [InlineData("every day at 9am from jan 10 to mar 31")]
    [InlineData("every day at 9am starting jan 10 until mar 31")]
    [InlineData("every day at 9am between jan 10 and mar 31")]
    public void A_date_range_said_within_it_runs_from_now_to_its_end(string spec)
    {
        var now = Instant("2026-03-10T10:00:00Z");
        var parsed = ScheduleParser.Parse(spec, Options(now: now));
        var runs = parsed.Next(30, now);
        Assert.Equal(21, runs.Count);
        Assert.Equal(Instant("2026-03-11T09:00:00Z"), runs[0]);
        Assert.Equal(Instant("2026-03-31T09:00:00Z"), runs[^1]);
    }

    [Fact]
    public void A_december_range_said_in_december_runs_from_now_to_its_end_not_next_year()
    {
        var now = Instant("2026-12-10T10:00:00Z");
        var runs = ScheduleParser.Parse("every day at 9am from dec 1 to dec 24", Options(now: now)).Next(30, now);
        Assert.Equal(14, runs.Count);
        Assert.Equal(Instant("2026-12-11T09:00:00Z"), runs[0]);
        Assert.Equal(Instant("2026-12-24T09:00:00Z"), runs[^1]);
    }

    [Fact]
    public void A_range_whose_dates_are_over_this_year_is_next_years_and_the_phase_counts_from_its_start()
    {
        var april = Instant("2026-04-05T10:00:00Z");
        Occurrences(ScheduleParser.Parse("every day at 9am from jan 10 to mar 31", Options(now: april)), ["2027-01-10T09:00:00Z", "2027-01-11T09:00:00Z"], april);
        // Said within the range, "every other day" keeps the phase of Jan 10: Jan 10, 12, …, Mar 11, 13.
        var march = Instant("2026-03-10T10:00:00Z");
        Occurrences(ScheduleParser.Parse("every other day at 9am from jan 10 to mar 31", Options(now: march)), ["2026-03-11T09:00:00Z", "2026-03-13T09:00:00Z"], march);
    }

    [Fact]
    public void A_range_whose_last_run_is_past_is_refused_with_the_dates_to_write()
    {
        var now = Instant("2026-03-31T10:00:00Z");
        var error = Assert.Throws<ScheduleSpecException>(() => ScheduleParser.Parse("every day at 9am from jan 10 to mar 31", Options(now: now)));
        Assert.Contains("has no run left", error.Message);
        Assert.Contains("\"from 2027-01-10 to 2027-03-31\"", error.Message);
    }

    [Fact]
    public void An_end_date_without_a_year_after_a_start_with_one_is_the_next_such_date_from_that_start()
    {
        var parsed = ScheduleParser.Parse("every day at 9am from 2027-06-01 to aug 31", Options());
        Assert.Contains("UNTIL=20270831T235959Z", parsed.Canonical);
    }

    // Known item 2: "starting at 8am" after whole days or weeks is the runs' wall time, as "at 8am" is.
    [Theory]
    [InlineData("America/New_York", "2026-03-06T16:00:00Z", "2026-03-07T13:00:00Z", "2026-03-09T12:00:00Z", "2026-03-11T12:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-26T12:00:00Z", "2026-03-27T07:00:00Z", "2026-03-29T06:00:00Z", "2026-03-31T06:00:00Z")]
    [InlineData("America/New_York", "2026-10-30T16:00:00Z", "2026-10-31T12:00:00Z", "2026-11-02T13:00:00Z", "2026-11-04T13:00:00Z")]
    public void Every_2_days_starting_at_8am_runs_at_8am_on_the_wall_clock_across_dst(string zone, string now, params string[] next)
    {
        var options = Options(zone, Instant(now));
        var parsed = ScheduleParser.Parse("every 2 days starting at 8am", options);
        Assert.Equal(ScheduleParser.Parse("every 2 days at 8am", options).Canonical, parsed.Canonical);
        Occurrences(parsed, next, Instant(now));
    }

    [Theory]
    [InlineData("every day starting at 8am", "every day at 8am")]
    [InlineData("every other day starting at 8am", "every other day at 8am")]
    [InlineData("every 2 weeks starting at 8am", "every 2 weeks at 8am")]
    [InlineData("every week starting at 8am", "every sunday at 8am")]
    [InlineData("every 48 hours starting at 8am", "every 2 days at 8am")]
    [InlineData("every monday starting at 8am", "every monday at 8am")]
    public void A_time_of_day_as_the_start_of_whole_days_is_their_time_of_day(string spec, string same)
    {
        Assert.Equal(ScheduleParser.Parse(same, Options()).Canonical, ScheduleParser.Parse(spec, Options()).Canonical);
    }

    [Fact]
    public void A_step_that_divides_a_day_from_a_time_of_day_keeps_its_clock_grid_across_dst()
    {
        // 06:00, 12:00, 18:00, 00:00 New York time, before and after the spring-forward of 2026-03-08 (exact 6 hours
        // would run 07:00, 13:00, … after it).
        var now = Instant("2026-03-07T10:00:00Z");
        var parsed = ScheduleParser.Parse("every 6 hours starting at 6am", Options("America/New_York", now));
        Occurrences(parsed, ["2026-03-07T11:00:00Z", "2026-03-07T17:00:00Z", "2026-03-07T23:00:00Z", "2026-03-08T05:00:00Z", "2026-03-08T10:00:00Z", "2026-03-08T16:00:00Z"], now);
        // Berlin falls back on 2026-10-25: 06:00 CET is 05:00Z.
        var fall = Instant("2026-10-24T22:30:00Z");
        Occurrences(ScheduleParser.Parse("every 6 hours starting at 6am", Options("Europe/Berlin", fall)),
            ["2026-10-25T05:00:00Z", "2026-10-25T11:00:00Z", "2026-10-25T17:00:00Z", "2026-10-25T23:00:00Z"], fall);
        // A step that does not divide a day stays exact, as does one that divides an hour.
        Assert.Equal(ScheduleKind.Interval, ScheduleParser.Parse("every 5 hours starting at 8am", Options()).Kind);
        Assert.Equal(ScheduleKind.Interval, ScheduleParser.Parse("every 20 minutes starting at 8:10", Options()).Kind);
    }

    // "every day at 2:30am" across both DST changes, in Berlin and New York: cron's reading (a skipped time runs at
    // the gap's end, a repeated one once, at its first occurrence).
    [Theory]
    [InlineData("Europe/Berlin", "2026-03-27T12:00:00Z", "2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z")]
    [InlineData("Europe/Berlin", "2026-10-23T12:00:00Z", "2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z")]
    [InlineData("America/New_York", "2026-03-06T12:00:00Z", "2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z")]
    [InlineData("America/New_York", "2026-10-30T12:00:00Z", "2026-10-31T06:30:00Z", "2026-11-01T07:30:00Z", "2026-11-02T07:30:00Z")]
    public void Every_day_at_2_30am_follows_the_documented_dst_rules(string zone, string now, params string[] next)
    {
        Occurrences(ScheduleParser.Parse("every day at 2:30am", Options(zone, Instant(now))), next, Instant(now));
    }

    [Theory]
    [InlineData("on the 31st of every month", "every month on the 31st at 00:00, only in months that have one (UTC)")]
    [InlineData("every month on the 1st and 31st", "every month on the 1st and 31st at 00:00, the 31st only in months that have one (UTC)")]
    [InlineData("every year on feb 29", "every year on February 29 at 00:00, only in leap years (UTC)")]
    [InlineData("every month on the 31st until dec 31", "every month on the 31st at 00:00, only in months that have one, until 2026-12-31 (UTC)")]
    [InlineData("every jan 31", "every year on January 31 at 00:00 (UTC)")]
    [InlineData("every other year", "every other year on January 1 at 00:00, from 2027-01-01 00:00 (UTC)")]
    [InlineData("fri-mon at 9am", "every Monday, Friday, Saturday and Sunday at 09:00 (UTC)")]
    [InlineData("every 30 minutes on saturdays and sundays between 10am and 2pm", "every 30 minutes from 10:00 to 14:00 on Saturday and Sunday (UTC)")]
    [InlineData("every 6 hours starting at 6pm", "every 6 hours at 00:00, 06:00, 12:00 and 18:00, from 2026-03-07 18:00 (UTC)")]
    [InlineData("every 6 hours starting at 6am", "every 6 hours at 00:00, 06:00, 12:00 and 18:00 (UTC)")]
    [InlineData("every 2 days starting at 8am", "every other day at 08:00, from 2026-03-08 08:00 (UTC)")]
    public void Descriptions_say_what_the_words_leave_implicit(string spec, string expected)
    {
        Assert.Equal(expected, ScheduleParser.Parse(spec, Options()).Description);
    }
}
