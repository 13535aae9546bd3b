using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// Recurrences a Celery, Quartz or cron user types, as a survey found them: those with one meaning are the schedule of
/// the plain form beside them; those a person could mean two ways are refused saying what to write. Now is Saturday
/// 2026-03-07 12:00 UTC.
/// </summary>
public sealed class EverydayEnglishSpecTests
{
    [Theory]
    // Numbers in words.
    [InlineData("every two hours", "every 2 hours")]
    [InlineData("every five minutes", "every 5 minutes")]
    [InlineData("every fifteen minutes", "every 15 minutes")]
    [InlineData("every forty-five minutes", "every 45 minutes")]
    [InlineData("every three days", "every 3 days")]
    [InlineData("every two weeks on monday at 9am", "every 2 weeks on monday at 9am")]
    [InlineData("in ten minutes", "in 10 minutes")]
    // A fortnight is two weeks.
    [InlineData("every fortnight", "every 2 weeks")]
    [InlineData("every fortnight on friday at 9am", "every 2 weeks on friday at 9am")]
    [InlineData("fortnightly on friday at 9am", "every 2 weeks on friday at 9am")]
    [InlineData("fortnightly at 9am on mondays", "every 2 weeks on monday at 9am")]
    [InlineData("in a fortnight", "in 14 days")]
    // A minute of every hour, in more of the ways people say it.
    [InlineData("every hour at 5 minutes past", "cron:5 * * * *")]
    [InlineData("every hour at 5 minutes past the hour", "cron:5 * * * *")]
    [InlineData("every hour at a quarter past", "cron:15 * * * *")]
    [InlineData("every hour at 10 minutes to", "cron:50 * * * *")]
    [InlineData("every hour at 20 after", "cron:20 * * * *")]
    [InlineData("every hour at the top of the hour", "hourly")]
    [InlineData("every hour at the bottom of the hour", "cron:30 * * * *")]
    [InlineData("at the top of every hour", "hourly")]
    [InlineData("at the top of every hour on weekdays", "hourly on weekdays")]
    [InlineData("at 15 minutes past every hour", "cron:15 * * * *")]
    [InlineData("at half past every hour", "cron:30 * * * *")]
    [InlineData("quarter past each hour", "cron:15 * * * *")]
    [InlineData("on the hour every hour", "hourly")]
    [InlineData("on the hour, every hour", "hourly")]
    [InlineData("at :30 hourly", "cron:30 * * * *")]
    [InlineData("every hour, on the hour", "hourly")]
    [InlineData("every monday, at 9am", "every monday at 9am")]
    [InlineData("every hour at :15 and :45", "cron:15,45 * * * *")]
    [InlineData("hourly at :00, :20 and :40", "cron:*/20 * * * *")]
    [InlineData("every hour on the hour and at :30", "cron:0,30 * * * *")]
    [InlineData("every hour at quarter past and quarter to on weekdays", "cron:15,45 * * * 1-5")]
    [InlineData("every hour at 15 and 45 past", "cron:15,45 * * * *")]
    [InlineData("every hour at 15 and 45 minutes past the hour", "cron:15,45 * * * *")]
    [InlineData("hourly at 0, 20, and 40 minutes past on weekdays", "cron:*/20 * * * 1-5")]
    [InlineData("at 10 and 40 after every hour", "cron:10,40 * * * *")]
    // A date, then that it repeats every year.
    [InlineData("on the 4th of july every year at noon", "every 4th of july at noon")]
    [InlineData("dec 25 each year at 9am", "every dec 25 at 9am")]
    [InlineData("at noon on jan 1 annually", "every jan 1 at noon")]
    [InlineData("six times a day at 1, 5, 9, 13, 17 and 21", "every day at 1, 5, 9, 13, 17 and 21")]
    // A step on the clock's grid.
    [InlineData("every 15 minutes on the quarter hour", "cron:*/15 * * * *")]
    [InlineData("every 30 minutes on the half hour", "cron:0,30 * * * *")]
    [InlineData("every 30 minutes on the hour and half hour", "cron:0,30 * * * *")]
    [InlineData("every 15 minutes on the quarter-hour on weekdays", "cron:*/15 * * * 1-5")]
    // Windows and exclusions.
    [InlineData("every hour from 9am-5pm", "hourly from 9am to 5pm")]
    [InlineData("every 30 minutes between 9:30am-4:30pm on weekdays", "every 30 minutes from 9:30am to 4:30pm on weekdays")]
    [InlineData("every tuesday at noon except in august", "every tuesday at noon except august")]
    public void An_everyday_phrasing_is_the_schedule_of_its_plain_form(string spec, string plain)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        var expected = ScheduleParser.Parse(plain, Options());
        Assert.Equal(expected.Kind, parsed.Kind);
        Assert.Equal(expected.Canonical, parsed.Canonical);
        Assert.Equal(expected.Next(5, Now), parsed.Next(5, Now));
    }

    [Theory]
    [InlineData("at the top of the hour", "\"every hour at the top of the hour\"")]
    [InlineData("every hour on the quarter hour", "\"every hour at quarter past\"")]
    [InlineData("every hour on the quarter hour", "\"every quarter hour\" for :00, :15, :30, :45")]
    [InlineData("every 5 minutes on the quarter hour", "\"every quarter hour\"")]
    [InlineData("every hour on the hour and half hour", "\"every half hour\"")]
    [InlineData("every 30 minutes from 9 to 5", "\"from 09:00 to 17:00\"")]
    [InlineData("every hour between 10 and 4 on weekdays", "\"between 10:00 and 16:00\"")]
    [InlineData("every 30 mins from 9-5", "\"from 09:00 to 17:00\"")]
    [InlineData("every day at 9am starting at 10am", "\"every day at 9am starting tomorrow\"")]
    [InlineData("every day at 9am starting now", "\"every day at 9am starting tomorrow\"")]
    [InlineData("six times a day", "\"every day at 9am and 9pm\"")]
    [InlineData("every hour at 15 and 75 past", "invalid minute of the hour \"75\"")]
    [InlineData("every hour at 15 and 45", "could be minutes of the hour or hours of the day; expected minutes written as minutes, e.g. \"every hour at :15 and :45\" or \"every hour at 15 and 45 past\"")]
    [InlineData("hourly at 0, 20 and 40", "e.g. \"every hour at :00, :20 and :40\"")]
    public void An_everyday_phrasing_with_two_readings_is_refused_with_what_to_write(string spec, string expected)
    {
        Assert.Contains(expected, Rejects(spec).Message);
    }

    [Theory]
    [InlineData("every hour at :15 and :45", "every hour at minutes 15 and 45 (UTC)")]
    [InlineData("every hour at :30 10 times", "every hour at minute 30, from 2026-03-07 12:30, 10 times (UTC)")]
    public void Minutes_of_every_hour_are_described_with_their_minutes(string spec, string description)
    {
        Assert.Equal(description, ScheduleParser.Parse(spec, Options()).Description);
    }

    [Fact]
    public void A_date_without_a_yearly_repeat_stays_one_shot()
    {
        Assert.Equal(ScheduleKind.Once, ScheduleParser.Parse("on the 4th of july at noon", Options()).Kind);
    }

    /// <summary>Phrasings of the survey the parser already read as meant or refused with advice: kept so they stay so.</summary>
    [Theory]
    [InlineData("every weekday at 9am", "0 9 * * 1-5")]
    [InlineData("every other tuesday", "DTSTART:20260310T000000Z RRULE:FREQ=WEEKLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=0;BYDAY=TU")]
    [InlineData("on the first monday of every month at noon", "0 12 * * 1#1")]
    [InlineData("every 2nd and 4th thursday", "0 0 8-14,22-28 * 4")]
    [InlineData("at 00:00 on sundays", "0 0 * * 0")]
    [InlineData("at midnight on sundays", "0 0 * * 0")]
    [InlineData("every hour on the half hour", "30 * * * *")]
    [InlineData("the last friday of every month", "0 0 * * 5L")]
    [InlineData("last business day of the month", "0 0 LW * *")]
    [InlineData("every day except sunday at 9am", "0 9 * * 1-6")]
    [InlineData("9am daily", "0 9 * * *")]
    [InlineData("every 2 hours between 8am and 8pm", "0 8-20/2 * * *")]
    [InlineData("every saturday and sunday at 10am", "0 10 * * 0,6")]
    [InlineData("every day at noon and midnight", "0 0,12 * * *")]
    [InlineData("every other month on the 15th", "0 0 15 1,3,5,7,9,11 *")]
    public void A_survey_phrasing_already_understood_keeps_its_schedule(string spec, string canonical)
    {
        Assert.Equal(canonical, ScheduleParser.Parse(spec, Options()).Canonical);
    }

    [Theory]
    [InlineData("twice a day", "\"every day at 9am and 9pm\"")]
    [InlineData("every 10 minutes during business hours", "\"every 15 minutes from 9am to 5pm on weekdays\"")]
    [InlineData("fortnightly", "\"every 2 weeks on monday at 9am\"")]
    [InlineData("every monday at 9am and every friday at 5pm", "\"every monday and friday at 9am and 5pm\"")]
    [InlineData("every morning", "\"every day at 8am\"")]
    public void A_survey_phrasing_already_refused_keeps_its_advice(string spec, string expected)
    {
        Assert.Contains(expected, Rejects(spec).Message);
    }
}
