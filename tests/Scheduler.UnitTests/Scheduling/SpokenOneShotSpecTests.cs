using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// One-shots as people say them: "in half an hour", "2 days from now", "in 2 weeks at 9am", "tonight at 11pm", "this
/// friday", "tomorrow morning at 9", and hours in words or with "o'clock". Now is Saturday 2026-03-07 12:00 UTC.
/// </summary>
public sealed class SpokenOneShotSpecTests
{
    [Theory]
    [InlineData("in half an hour", "2026-03-07T12:30:00Z")]
    [InlineData("in a quarter of an hour", "2026-03-07T12:15:00Z")]
    [InlineData("in an hour and a half", "2026-03-07T13:30:00Z")]
    [InlineData("in 2 hours and a half", "2026-03-07T14:30:00Z")]
    [InlineData("in half a day", "2026-03-08T00:00:00Z")]
    [InlineData("2 days from now", "2026-03-09T12:00:00Z")]
    [InlineData("an hour from now", "2026-03-07T13:00:00Z")]
    [InlineData("in 2 weeks at 9am", "2026-03-21T09:00:00Z")]
    [InlineData("in 3 days at noon", "2026-03-10T12:00:00Z")]
    [InlineData("in 1 month at 9am", "2026-04-07T09:00:00Z")]
    [InlineData("tonight at 11pm", "2026-03-07T23:00:00Z")]
    [InlineData("this friday at 3pm", "2026-03-13T15:00:00Z")]
    [InlineData("tomorrow morning at 9", "2026-03-08T09:00:00Z")]
    [InlineData("the day after tomorrow at 9am", "2026-03-09T09:00:00Z")]
    [InlineData("day after tomorrow at noon", "2026-03-09T12:00:00Z")]
    [InlineData("the day after tomorrow", "2026-03-09T12:00:00Z")]
    [InlineData("on sunday evening at 7pm", "2026-03-08T19:00:00Z")]
    [InlineData("tomorrow night at 11pm", "2026-03-08T23:00:00Z")]
    [InlineData("monday in the afternoon at 3pm", "2026-03-09T15:00:00Z")]
    [InlineData("tomorrow at nine", "2026-03-08T09:00:00Z")]
    [InlineData("tomorrow at 9 o'clock", "2026-03-08T09:00:00Z")]
    [InlineData("tomorrow at five o'clock pm", "2026-03-08T17:00:00Z")]
    [InlineData("tomorrow @ 9am", "2026-03-08T09:00:00Z")]
    [InlineData("tomorrow at ten past nine", "2026-03-08T09:10:00Z")]
    [InlineData("tomorrow at night at 11pm", "2026-03-08T23:00:00Z")]
    [InlineData("2 hours 30 minutes from now", "2026-03-07T14:30:00Z")]
    [InlineData("1 day 12 hours from now", "2026-03-09T00:00:00Z")]
    [InlineData("@ 9am", "2026-03-08T09:00:00Z")]
    [InlineData("2 days from now at 9am", "2026-03-09T09:00:00Z")]
    [InlineData("in 2 days from now at 9am", "2026-03-09T09:00:00Z")]
    [InlineData("in 2 hours from now", "2026-03-07T14:00:00Z")]
    [InlineData("at:20260310T090000Z", "2026-03-10T09:00:00Z")]
    [InlineData("20260310T0900+0100", "2026-03-10T08:00:00Z")]
    [InlineData("20260310T090000", "2026-03-10T09:00:00Z")]
    public void A_spoken_one_shot_runs_at_the_instant_it_says(string spec, string expected)
    {
        Assert.Equal(Instant(expected), ScheduleParser.Parse(spec, Options()).NextAfter(Now));
    }

    [Theory]
    [InlineData("every day at nine", "every day at 9:00")]
    [InlineData("every day at nine pm", "every day at 21:00")]
    [InlineData("every day at 9 o'clock", "every day at 9:00")]
    [InlineData("every monday @ 9am", "every monday at 9am")]
    [InlineData("every day at twenty to six pm", "every day at 17:40")]
    [InlineData("every hour at ten past", "every hour at :10")]
    [InlineData("every half an hour", "every half hour")]
    [InlineData("every hour and a half", "every 90 minutes")]
    [InlineData("every minute and a half", "every 90 seconds")]
    [InlineData("every day and a half", "every 36 hours")]
    [InlineData("every hour and a half from 9am to 5pm", "every 90 minutes from 9am to 5pm")]
    [InlineData("every 90 minutes starting at nine", "every 90 minutes starting at 9:00")]
    [InlineData("every month end at 5pm", "every month on the last day at 5pm")]
    [InlineData("at the end of every month", "every month on the last day")]
    [InlineData("end of each month at 17:00", "every month on the last day at 5pm")]
    [InlineData("every end of the month", "every month on the last day")]
    [InlineData("every 2 hours starting 20260310T090000Z", "every 2 hours starting 2026-03-10T09:00:00Z")]
    public void An_hour_in_words_or_with_o_clock_is_that_hour(string spec, string equivalent)
    {
        Assert.Equal(ScheduleParser.Parse(equivalent, Options()).Canonical, ScheduleParser.Parse(spec, Options()).Canonical);
    }

    [Theory]
    [InlineData("in 2 hours at 9am", "needs whole days", "\"in 2 days at 9am\"")]
    [InlineData("tonight", "no time", "\"tonight at 7pm\"")]
    [InlineData("tonight at 1am", "after midnight", "\"tomorrow at 01:00\"")]
    [InlineData("tonight at 8", "08:00 is not in the evening", "\"at 20:00\"")]
    [InlineData("tomorrow evening at 7", "07:00 is not in the evening", "\"at 19:00\"")]
    [InlineData("tomorrow night at 1am", "can mean that day or the next", "leave out \"night\"")]
    [InlineData("friday night at 9", "09:00 is not in the night", "\"at 21:00\"")]
    [InlineData("tomorrow morning", "no time", "\"tomorrow morning at 8am\"")]
    [InlineData("friday afternoon", "no time", "\"friday afternoon at 3pm\"")]
    [InlineData("2 hours from now at 9am", "needs whole days", "\"in 2 days at 9am\"")]
    [InlineData("20261310T090000Z", "invalid date \"20261310\"", "20250727T143000Z")]
    [InlineData("20260310T9", "invalid date-time", "20250727T143000Z")]
    public void A_spoken_one_shot_that_does_not_say_when_is_refused_with_the_form_to_write(string spec, string badPart, string suggestion)
    {
        var message = Rejects(spec).Message;
        Assert.Contains(badPart, message);
        Assert.Contains(suggestion, message);
    }
}
