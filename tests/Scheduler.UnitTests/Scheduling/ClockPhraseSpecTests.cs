using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// Times of day said as minutes past or to an hour: "half past 9", "a quarter to 5pm", "20 past noon", "15 and 45
/// past 9". Without an hour after it the phrase stays a minute of every hour ("every hour at quarter past"), and where
/// "to" ends a window ("from 10 to 5pm") it keeps that meaning. Now is Saturday 2026-03-07 12:00 UTC.
/// </summary>
public sealed class ClockPhraseSpecTests
{
    [Theory]
    [InlineData("every day at half past 9", "every day at 9:30")]
    [InlineData("every day at quarter past 9", "every day at 9:15")]
    [InlineData("every day at a quarter to 9", "every day at 8:45")]
    [InlineData("every day at quarter to 5pm", "every day at 16:45")]
    [InlineData("every day at quarter to 5 pm", "every day at 16:45")]
    [InlineData("every weekday at 10 past 9", "every weekday at 9:10")]
    [InlineData("every weekday at 5 minutes after 9am", "every weekday at 9:05")]
    [InlineData("every day at 20 to midnight", "every day at 23:40")]
    [InlineData("every day at 10 minutes to noon", "every day at 11:50")]
    [InlineData("every day at half past noon", "every day at 12:30")]
    [InlineData("every day at quarter till 6pm", "every day at 17:45")]
    [InlineData("every day at 15 and 45 past 9", "every day at 9:15 and 9:45")]
    [InlineData("every day at 0, 20 and 40 minutes past 5pm", "every day at 17:00, 17:20 and 17:40")]
    [InlineData("every day at half past 9 and quarter to 6pm", "every day at 9:30 and 17:45")]
    [InlineData("every monday at 8am and half past 12", "every monday at 8:00 and 12:30")]
    [InlineData("every month on the 1st at quarter past 6", "every month on the 1st at 6:15")]
    [InlineData("every 2 hours starting at half past 9", "every 2 hours starting at 9:30")]
    [InlineData("every 2 hours starting a quarter past 9", "every 2 hours starting at 9:15")]
    [InlineData("at half past 9 every weekday", "every weekday at 9:30")]
    [InlineData("every 30 minutes from quarter past 9 to half past 5pm", "every 30 minutes from 9:15 to 17:30")]
    [InlineData("every 30 minutes from half past 9 to 5pm", "every 30 minutes from 9:30 to 17:00")]
    [InlineData("every day at 15 and 45 to 9", "every day at 8:15 and 8:45")]
    [InlineData("every day at 5 and 35 minutes past 9", "every day at 9:05 and 9:35")]
    public void A_time_said_as_minutes_past_or_to_an_hour_is_that_time_of_day(string spec, string equivalent)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        var expected = ScheduleParser.Parse(equivalent, Options());
        Assert.Equal(expected.Kind, parsed.Kind);
        Assert.Equal(expected.Canonical, parsed.Canonical);
    }

    [Theory]
    [InlineData("tomorrow at half past 9", "2026-03-08T09:30:00Z")]
    [InlineData("at quarter to 3pm tomorrow", "2026-03-08T14:45:00Z")]
    [InlineData("next monday at 10 past 8", "2026-03-09T08:10:00Z")]
    public void A_one_shot_at_minutes_past_or_to_an_hour_runs_at_that_time(string spec, string expected)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(Instant(expected), parsed.NextAfter(Now));
    }

    [Theory]
    [InlineData("every hour at quarter past", "cron:15 * * * *")]
    [InlineData("every hour at 20 to", "cron:40 * * * *")]
    [InlineData("every hour at 15 and 45 past", "cron:15,45 * * * *")]
    [InlineData("every hour from 10 to 5pm", "every hour from 10:00 to 17:00")]
    [InlineData("every 30 minutes from 9 to 17:00", "every 30 minutes from 9:00 to 17:00")]
    public void Without_an_hour_after_it_the_phrase_keeps_its_hourly_or_window_meaning(string spec, string equivalent)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        var expected = ScheduleParser.Parse(equivalent, Options());
        Assert.Equal(expected.Canonical, parsed.Canonical);
    }

    [Fact]
    public void Quarter_to_midnight_runs_late_on_the_same_day_and_never_early()
    {
        var parsed = ScheduleParser.Parse("every day at quarter to midnight", Options("Europe/Berlin"));
        Occurrences(parsed, ["2026-03-07T22:45:00Z", "2026-03-08T22:45:00Z"]);
    }

    [Theory]
    [InlineData("every day at 75 past 9", "invalid minutes \"75\" past the hour", "0-59")]
    [InlineData("every day at 0 to 9", "invalid minutes \"0\" to the hour", "1-59")]
    [InlineData("every day at 15 and 75 past 9", "invalid minutes \"75\" past the hour", "0-59")]
    [InlineData("every day at half past 25", "invalid hour \"25\"", "0-23")]
    [InlineData("every day at quarter past 13pm", "invalid hour \"13\"", "1-12 with am/pm")]
    [InlineData("every day at half to 9", "invalid time \"half\"", "half past 9")]
    [InlineData("every day at 9 to 5", "could be minutes to the hour or a range", "from … to …")]
    [InlineData("every day at 10 to 5pm", "could be minutes to the hour or a range", "\"10 minutes to 5pm\"")]
    [InlineData("every day at 9 and 45 past 10", "could name an hour among the minutes", "\"minutes\"")]
    [InlineData("every day at half past 9 to 5", "unknown word \"to\"", "from <time> to <time>")]
    [InlineData("every day at half past 10 past 9", "unknown word \"past\"", "at <time>")]
    public void A_phrase_with_minutes_or_an_hour_out_of_range_is_refused_naming_the_range(string spec, string badPart, string accepted)
    {
        var message = Rejects(spec).Message;
        Assert.Contains(badPart, message);
        Assert.Contains(accepted, message);
    }
}
