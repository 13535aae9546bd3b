using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// Daily and weekly phrasings people type: a part of the day that confirms its time, a count per day or week that the
/// times or days spell out, and words the grammar refuses with the accepted form (a zone in the text, business hours,
/// holidays, two schedules in one). Now is Saturday 2026-03-07 12:00 UTC.
/// </summary>
public sealed class EverydayPhrasingSpecTests
{
    [Theory]
    [InlineData("every morning at 8", "every day at 8am")]
    [InlineData("every weekday morning at 7", "every weekday at 7am")]
    [InlineData("every monday morning at 9:30", "every monday at 9:30")]
    [InlineData("every evening at 7pm", "every day at 19:00")]
    [InlineData("every night at 11pm", "every day at 23:00")]
    [InlineData("every night at 1am", "every day at 1am")]
    [InlineData("nightly at 2am", "every day at 2am")]
    [InlineData("every afternoon at 15:30", "every day at 15:30")]
    [InlineData("every friday night at 11pm", "every friday at 23:00")]
    [InlineData("weekday mornings at 7", "every weekday at 7am")]
    [InlineData("monday evenings at 6pm", "every monday at 6pm")]
    [InlineData("twice a day at 9am and 5pm", "every day at 9am and 5pm")]
    [InlineData("once a day at 9am", "every day at 9am")]
    [InlineData("twice daily at 9am and 9pm", "every day at 9am and 9pm")]
    [InlineData("3 times a day at 8am, 1pm and 6pm", "every day at 8am, 1pm and 6pm")]
    [InlineData("twice a week on monday and thursday at 9am", "every monday and thursday at 9am")]
    [InlineData("once a week on friday at 5pm", "every friday at 5pm")]
    [InlineData("twice a month on the 1st and 15th at noon", "every month on the 1st and 15th at noon")]
    [InlineData("once a year on jan 1 at 9am", "every jan 1 at 9am")]
    [InlineData("once a year on the last day of december at 9am", "every year on the last day of december at 9am")]
    [InlineData("once a month on the 1st", "every month on the 1st")]
    [InlineData("every day at 9am except december 10 times", "every day at 9am except dec 10 times")]
    [InlineData("twice a year on the 1st in jan and jul at 9am", "every month on the 1st in jan and jul at 9am")]
    [InlineData("every monday at 9 in the morning", "every monday at 9am")]
    [InlineData("every monday in the afternoon at 3pm", "every monday at 3pm")]
    [InlineData("every day at 11pm at night", "every day at 11pm")]
    [InlineData("every mon/wed/fri at 7pm", "every mon, wed and fri at 7pm")]
    [InlineData("every weekday every 15 minutes from 9am to 5pm", "every 15 minutes from 9am to 5pm on weekdays")]
    [InlineData("on weekdays every hour", "every hour on weekdays")]
    [InlineData("mondays and fridays every 30 minutes from 9am to 11am", "every 30 minutes from 9am to 11am on mondays and fridays")]
    [InlineData("every 45 minutes every day", "every 45 minutes")]
    [InlineData("every jan 1 and jul 1 at 9am", "every month on the 1st in jan and jul at 9am")]
    [InlineData("every year on jan 1 and jul 1", "every month on the 1st in jan and jul")]
    [InlineData("twice a year on jan 1 and jul 1 at 9am", "every month on the 1st in jan and jul at 9am")]
    [InlineData("every dec 24 and 25 at 6pm", "cron:0 18 24,25 12 *")]
    [InlineData("on sunday evenings at 7pm", "every sunday at 7pm")]
    [InlineData("every 1st monday and the 3rd friday at 9am", "every 1st monday and 3rd friday at 9am")]
    [InlineData("on the first monday and the third friday of every month at 9am", "every 1st monday and 3rd friday at 9am")]
    [InlineData("on monday mornings at 8", "every monday at 8am")]
    [InlineData("on friday nights at 11pm until dec 31", "every friday at 11pm until dec 31")]
    public void An_everyday_phrasing_is_the_schedule_of_the_plain_form(string spec, string equivalent)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        var expected = ScheduleParser.Parse(equivalent, Options());
        Assert.Equal(expected.Kind, parsed.Kind);
        Assert.Equal(expected.Canonical, parsed.Canonical);
    }

    [Theory]
    [InlineData("every evening at 7", "07:00 is not in the evening", "\"every day at 7pm\"")]
    [InlineData("every morning at 9pm", "21:00 is not in the morning", "leave out \"morning\" and write the time as meant, e.g. \"every day at 9pm\"")]
    [InlineData("every morning", "does not say exactly when", "\"every day at 8am\"")]
    [InlineData("every sunday night at 2am", "can mean that day or the next", "\"every monday at 02:00\" for the night from Sunday to Monday")]
    [InlineData("every sunday night at 11", "11:00 is not in the night", "\"every sunday at 11pm\"")]
    [InlineData("every weekday evening at 7", "07:00 is not in the evening", "\"every weekday at 7pm\"")]
    [InlineData("every friday evening at 6:30", "06:30 is not in the evening", "\"every friday at 6:30pm\"")]
    [InlineData("nightly at 11", "11:00 is not in the night", "\"daily at 11pm\"")]
    [InlineData("nightly", "does not say exactly when", "\"every day at 10pm\"")]
    [InlineData("twice a day at 9am", "says 2 a day, but the spec names 1", "\"every day at 9am\"")]
    [InlineData("twice a week on monday at 9am", "says 2 a week, but the spec names 1", "\"every week on monday at 9am\"")]
    [InlineData("once an hour", "\"once an hour\"", "\"every hour on the hour\"")]
    [InlineData("twice an hour", "\"twice an hour\"", "\"every 30 minutes\"")]
    [InlineData("every day at 9am utc", "looks like a time zone", "write \"every day at 9am\"")]
    [InlineData("every day at 9am EST", "\"EST\"", "--tz")]
    [InlineData("every day at 9am local time", "\"local\"", "write \"every day at 9am\"")]
    [InlineData("every 15 minutes during business hours", "\"during\"", "\"every 15 minutes from 9am to 5pm on weekdays\"")]
    [InlineData("every weekday at 9am except holidays", "no holiday calendar", "\"every weekday at 9am except friday\"")]
    [InlineData("every weekday except public holidays", "no holiday calendar", "except friday")]
    [InlineData("every monday at 9am and every friday at 5pm", "second schedule", "\"every monday at 9am\" and \"every friday at 5pm\"")]
    [InlineData("every sunday at 3am in Europe/Berlin", "looks like a time zone", "write \"every sunday at 3am\"")]
    [InlineData("every day at 9am America/New_York", "looks like a time zone", "write \"every day at 9am\"")]
    [InlineData("every thursday at 4:30pm pacific", "looks like a time zone", "--tz America/Los_Angeles")]
    [InlineData("every day at 9am eastern time", "\"eastern\"", "--tz America/New_York, API \"timeZone\", ScheduleParseOptions.TimeZone) and write \"every day at 9am\"")]
    [InlineData("every sunday at 3am in europe/berlin", "\"europe/berlin\"", "--tz Europe/Berlin")]
    [InlineData("once a day", "\"once a day\"", "say the time: \"every day at 9am\"")]
    [InlineData("once a week", "\"once a week\"", "say the day: \"every monday at 9am\"")]
    [InlineData("once a year", "\"once a year\"", "\"every jan 1 at 9am\"")]
    [InlineData("twice a year", "\"twice a year\"", "\"every month on the 1st in jan and jul at 9am\"")]
    [InlineData("every day at 9 in the evening", "09:00 is not in the evening", "\"every day at 9pm\"")]
    [InlineData("on the 1st and 15th at noon", "does not say whether it repeats", "\"on the 1st and 15th of every month at noon\"")]
    [InlineData("on the 1st, 10th and 20th", "does not say whether it repeats", "\"on the 1st, 10th and 20th of every month\"")]
    [InlineData("every jan 1 and jul 15", "different days in different months", "\"every jan 1\"")]
    [InlineData("every apr 30 and 31", "invalid day 31 for April", "1-30")]
    [InlineData("every day at 9am except dec 25", "leaves out a date", "EXDATE:20261225T090000")]
    [InlineData("every day at 9.30", "\"9.30\"", "write \"9:30\"")]
    [InlineData("every day at 0900", "\"0900\"", "write \"9:00\"")]
    public void An_everyday_phrasing_the_grammar_does_not_take_is_refused_with_the_accepted_form(string spec, string badPart, string suggestion)
    {
        var message = Rejects(spec).Message;
        Assert.Contains(badPart, message);
        Assert.Contains(suggestion, message);
    }

    [Theory]
    [InlineData("every sunday night at 11", "0 23 * * 0")]
    [InlineData("every weekday evening at 7", "0 19 * * 1-5")]
    [InlineData("every friday evening at 6:30", "30 18 * * 5")]
    [InlineData("every evening at 7", "0 19 * * *")]
    [InlineData("nightly at 11", "0 23 * * *")]
    // A plural part made the spec repeat: the suggestion says "every"; each listed time outside the part is rewritten.
    [InlineData("sunday evenings at 7", "0 19 * * 0")]
    [InlineData("weekday evenings at 7", "0 19 * * 1-5")]
    [InlineData("weekend evenings at 7", "0 19 * * 0,6")]
    [InlineData("every evening at 6 and 7", "0 18,19 * * *")]
    [InlineData("every monday evening at 7 and 8", "0 19,20 * * 1")]
    // No other half fits ("morning at 9pm"): the part word is left out, the days kept.
    [InlineData("monday mornings at 9pm", "0 21 * * 1")]
    [InlineData("every weekend morning at 9pm", "0 21 * * 0,6")]
    public void A_time_outside_its_part_of_the_day_points_to_a_spec_that_keeps_the_days_named(string spec, string cron)
    {
        var message = Rejects(spec, "Europe/Berlin").Message;
        var suggested = message[(message.IndexOf("e.g. \"", StringComparison.Ordinal) + 6)..];
        suggested = suggested[..suggested.IndexOf('"')];
        var parsed = ScheduleParser.Parse(suggested, Options("Europe/Berlin"));
        Assert.NotEqual(ScheduleKind.Once, parsed.Kind);
        Assert.Equal(cron, parsed.Canonical);
    }

    // A time written with its half ("7am") cannot be rewritten in the spec: the message names the time to write,
    // without a whole spec that would mean something else.
    [Fact]
    public void A_time_outside_its_part_that_no_suggestion_reads_as_meant_is_named_without_a_spec()
    {
        var message = Rejects("every evening at 7am").Message;
        Assert.Contains("07:00 is not in the evening", message);
        Assert.Contains("write 19:00 (7pm) in place of 07:00", message);
        Assert.DoesNotContain("e.g.", message);
    }
}
