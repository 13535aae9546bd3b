using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>Bad specs fail with one <see cref="ScheduleSpecException"/> naming the bad part and what is accepted.</summary>
public sealed class RejectionTests
{
    [Theory]
    [InlineData("every munday at 9am", "\"munday\"", "mon..sun")]
    [InlineData("every 2M", "\"2M\" in \"every 2M\" can mean 2 minutes or 2 months", "expected \"2 minutes\" or \"2 months\"")]
    [InlineData("in 3 M", "can mean 3 minutes or 3 months", "expected \"3 minutes\" or \"3 months\"")]
    [InlineData("next munday", "\"munday\"", "mon..sun")]
    [InlineData("every mon, frieday at 9am", "\"frieday\"", "mon..sun")]
    [InlineData("at 25:00", "\"25\"", "0-23")]
    [InlineData("every -5 minutes", "\"-5\"", "an interval must be positive")]
    [InlineData("every day at 25:00", "\"25\"", "0-23")]
    [InlineData("at 9:61", "\"61\"", "00-59")]
    [InlineData("at 13pm", "\"13\"", "1-12 with am/pm")]
    [InlineData("at 0am", "\"0\"", "1-12 with am/pm")]
    [InlineData("at 123:00", "\"123:00\"", "HH:MM, 9am")]
    [InlineData("at banana", "\"banana\"", "HH:MM, 9am")]
    [InlineData("in 99999999999 years", "\"99999999999\"", "at most 1000000")]
    [InlineData("every 99999999999999999999999 seconds", "\"99999999999999999999999\"", "at most 1000000")]
    [InlineData("in 1000000 weeks", "longer than 100 years", "shorter")]
    [InlineData("in 5 moons", "\"moons\"", "seconds, minutes, hours, days or weeks")]
    [InlineData("every 5 parsecs", "\"parsecs\"", "seconds, minutes, hours, days or weeks")]
    [InlineData("in 5", "\"5\"", "seconds, minutes")]
    [InlineData("in", "ends too early", "a duration")]
    [InlineData("every", "ends too early", "5 minutes")]
    [InlineData("every 0 minutes", "\"0\"", "positive")]
    [InlineData("in 0 seconds", "\"0\"", "positive")]
    [InlineData("every 5 minutes at 9am", "\"at\"", "every day at 9am")]
    [InlineData("every hour at 9am", "every hour", "cron")]
    [InlineData("every eon", "\"eon\"", "weekday")]
    [InlineData("every 32nd", "\"32nd\"", "1st-31st")]
    [InlineData("every month on the 0th", "\"0th\"", "1st-31st")]
    [InlineData("every monday on the 1st", "both weekdays and days of the month", "one or the other")]
    [InlineData("every month on the last weekday and 15th", "last weekday", "numbered days")]
    [InlineData("on feb 30", "30", "1-29")]
    [InlineData("on 2026-02-29", "29", "1-28")]
    [InlineData("on 2026-13-01", "month", "01-12")]
    [InlineData("on banana", "\"banana\"", "weekday")]
    [InlineData("next fortnight", "\"fortnight\"", "week, month, year or mon..sun")]
    [InlineData("next", "ends after \"next\"", "week, month, year")]
    [InlineData("tomorrow tomorrow", "\"tomorrow\"", "at most one day")]
    [InlineData("tomorrow at 9am at 10am", "\"at\"", "at most one day")]
    [InlineData("blah", "\"blah\"", "in 30 minutes")]
    [InlineData("run it sometime", "\"run\"", "every weekday at 9am")]
    [InlineData("foo:bar", "\"foo:\"", "cron:, at:, in:, every:, after: or on:")]
    [InlineData("cron:", "nothing follows", "cron:0 9 * * 1-5")]
    [InlineData("cron:61 * * * *", "61", "5 fields")]
    [InlineData("cron:* * * *", "4 fields", "5 fields")]
    [InlineData("cron:* * * * * * 2027", "7 fields", "5 fields")]
    [InlineData("0 0 0 * * * 2027", "7 fields", "Quartz's year")]
    [InlineData("0 15 10 ? * 6L 2027", "7 fields", "Quartz's year")]
    [InlineData("3 times a day every 8 hours", "unknown word \"every\"", "at <time>")]
    [InlineData("cron:0 9 * * funday", "\"0 9 * * funday\"", "5 fields")]
    [InlineData("cron:0 9 * * $", "\"$\"", "MON, JAN")]
    [InlineData("60 * * * *", "60 * * * *", "5 fields")]
    [InlineData("0 0 32 * *", "0 0 32 * *", "5 fields")]
    [InlineData("@fortnightly", "\"@fortnightly\"", "@daily")]
    [InlineData("2026-02-30T10:00:00Z", "\"2026-02-30\"", "ISO-8601")]
    [InlineData("2026-07-27T25:00:00Z", "\"25\"", "0-23")]
    [InlineData("2026-07-27T10:00:00+15:00", "\"+15:00\"", "-14:00 and +14:00")]
    [InlineData("2026-12-01T09:00+05:75", "\"+05:75\"", "minutes 00-59")]
    [InlineData("at:2026-12-01T09:00-0360", "\"-0360\"", "minutes 00-59")]
    [InlineData("2026-07-27Tnoon", "\"2026-07-27Tnoon\"", "ISO-8601")]
    [InlineData("at:2026-07-27T10:61:00Z", "\"61\"", "00-59")]
    [InlineData("every:PT0S", "\"PT0S\"", "positive duration")]
    [InlineData("on dec 24 2020", "in the past", "future")]
    [InlineData("every year on dec 24 2027", "cannot name a year", "every dec 24")]
    [InlineData("every day at 9 for", "ends after \"for\"", "for 2 weeks")]
    [InlineData("every day until yesterday", "\"yesterday\"", "until dec 31")]
    [InlineData("every day 100001 times", "\"100001 times\"", "from 1 to 100000")]
    [InlineData("0 0 * * * 2027", "\"2027\" looks like a year", "until dec 31 2027")]
    [InlineData("every day at 9am until", "ends too early", "until dec 31")]
    [InlineData("every day until feb 29", "names a day 2027 does not have", "until 2028-02-29")]
    public void Bad_specs_name_the_bad_part_and_the_accepted_forms(string spec, string badPart, string accepted)
    {
        var error = Rejects(spec);
        Assert.Contains(badPart, error.Message);
        Assert.Contains(accepted, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("twice a day", "\"twice a day\"", "say the times: \"every day at 9am and 9pm\"")]
    [InlineData("twice daily", "\"twice daily\"", "every day at 9am and 9pm")]
    [InlineData("3 times a week", "\"3 times a week\"", "say the days: \"every monday and thursday at 9am\"")]
    [InlineData("every morning", "\"every morning\"", "every day at 8am")]
    [InlineData("every evening", "\"every evening\"", "every day at 7pm")]
    [InlineData("biweekly", "twice a week or every two weeks", "every 2 weeks on monday at 9am")]
    [InlineData("bimonthly", "twice a month or every two months", "every month on the 1st and 15th")]
    [InlineData("fortnightly", "\"fortnightly\"", "every 2 weeks on monday at 9am")]
    [InlineData("every other weekday", "two ways", "every monday, wednesday and friday")]
    [InlineData("every few minutes", "\"every few\"", "every 5 minutes")]
    [InlineData("every couple of hours", "\"every couple\"", "every 5 hours")]
    public void Ambiguous_english_is_refused_with_a_suggestion_instead_of_a_guess(string spec, string badPart, string suggestion)
    {
        var error = Rejects(spec);
        Assert.Contains(badPart, error.Message);
        Assert.Contains(suggestion, error.Message);
    }

    [Theory]
    [InlineData("every 6th monday", "6th monday", "first..fifth or last")]
    [InlineData("every 15 minutes from 17:00 to 9:00", "ends (09:00) before it starts (17:00)", "within one day")]
    [InlineData("every day from 9am to 5pm", "needs a step", "every 30 minutes from 9am to 5pm")]
    [InlineData("every 30 minutes from 9am", "ends too early", "\"to\"")]
    [InlineData("every weekday except funday", "\"funday\"", "mon..sun")]
    [InlineData("every weekend except saturday and sunday", "excludes every day", "some days left")]
    [InlineData("every day at 9am until dec 31 2020", "in the past", "future end date")]
    [InlineData("every day at 9am until banana", "\"banana\"", "until dec 31")]
    [InlineData("every day at 9am for 0 times", "\"0\"", "positive")]
    [InlineData("every 2 weeks on the 15th", "counts in weeks", "every 2 months on the 15th")]
    [InlineData("every month on monday", "without saying which", "first monday of every month")]
    [InlineData("every 2 quarters", "\"quarters\"", "seconds, minutes")]
    [InlineData("every year on the 15th", "not the month", "every dec 24")]
    [InlineData("every 15 minutes starting at 9:07 on weekdays", "\"starting at 09:07\"", "every 15 minutes from 09:07 to 23:52 on weekdays")]
    [InlineData("every day at 9am starting at 8am", "\"starting\"", "every 15 minutes starting at 9:07")]
    [InlineData("every 2nd friday and 3rd", "names both weekdays and days of the month", "one or the other")]
    [InlineData("every feb 30", "30", "1-29")]
    [InlineData("every day at 9am until mar 7 2026", "ends before its first run on 2026-03-08", "end date after it")]
    [InlineData("every 5 minutes until 2026-03-06", "in the past", "future end date")]
    [InlineData("every minute from 9am to 5pm", "481 runs a day", "every minute from 9:00 to 16:59")]
    public void Broad_english_errors_name_the_bad_part(string spec, string badPart, string accepted)
    {
        var error = Rejects(spec);
        Assert.Contains(badPart, error.Message);
        Assert.Contains(accepted, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Empty_specs_are_rejected(string? spec)
    {
        var error = Assert.Throws<ScheduleSpecException>(() => ScheduleParser.Parse(spec, Options()));
        Assert.Contains("empty", error.Message);
    }

    [Theory]
    [InlineData("in 5 minutes\0")]
    [InlineData("every\u0001 day")]
    [InlineData("in 5\u200B minutes")]
    [InlineData("every \uD800 day")]
    [InlineData("\u007F")]
    public void Control_and_unprintable_characters_are_rejected(string spec)
    {
        var error = Rejects(spec);
        Assert.Contains("unprintable", error.Message);
    }

    [Fact]
    public void Specs_longer_than_256_characters_are_rejected()
    {
        var error = Rejects("in 5 minutes" + new string(' ', 10) + new string('x', 250));
        Assert.Contains("at most 256", error.Message);
    }

    [Fact]
    public void Inner_whitespace_does_not_count_towards_a_rejection_but_padding_is_trimmed_first()
    {
        var padded = new string(' ', 300) + "in 5 minutes" + new string(' ', 300);
        Assert.Equal(ScheduleKind.Once, ScheduleParser.Parse(padded, Options()).Kind);
    }

    [Fact]
    public void Unknown_time_zone_is_a_spec_error()
    {
        var error = Assert.Throws<ScheduleSpecException>(() => ScheduleParser.Parse("in 5 minutes", Options("Mars/Olympus")));
        Assert.Contains("Mars/Olympus", error.Message);
    }

    [Theory]
    [InlineData("in 100 years", "9990-01-01T00:00:00Z")]
    [InlineData("every 10 days", "9999-12-31T00:00:00Z")]
    [InlineData("tomorrow", "9999-12-31T12:00:00Z")]
    [InlineData("next year", "9999-06-01T00:00:00Z")]
    [InlineData("on dec 31 at 23:59", "9999-12-31T23:59:59Z")]
    public void Specs_beyond_year_9999_are_spec_errors_not_crashes(string spec, string now)
    {
        Assert.Throws<ScheduleSpecException>(() => ScheduleParser.Parse(spec, Options("Pacific/Kiritimati", Instant(now))));
    }

    [Theory]
    [InlineData("every day at 6am", "9999-12-31T23:59:59Z")]
    [InlineData("every weekday at 9am", "9999-12-31T12:00:00Z")]
    [InlineData("every 10s", "9999-12-31T23:59:59Z")]
    public void A_spec_whose_next_run_is_after_year_9999_says_so_rather_than_that_it_never_occurs(string spec, string now)
    {
        var error = Assert.Throws<ScheduleSpecException>(() => ScheduleParser.Parse(spec, Options("UTC", Instant(now))));

        Assert.Equal($"\"{spec}\" falls outside the supported dates", error.Message.Split(':')[0]);
        Assert.EndsWith("expected times between years 0001 and 9999", error.Message);
        Assert.DoesNotContain("never occurs", error.Message);
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00", "Pacific/Kiritimati")]
    [InlineData("0001-01-01T00:00:00+14:00", "UTC")]
    public void Specs_before_year_1_are_spec_errors_not_crashes(string spec, string zone)
    {
        Assert.Throws<ScheduleSpecException>(() => ScheduleParser.Parse(spec, Options(zone, allowPast: true)));
    }

    [Fact]
    public void A_start_on_feb_29_in_a_year_without_one_names_the_next_leap_years()
    {
        var error = Assert.Throws<ScheduleSpecException>(() => ScheduleParser.Parse("every day starting feb 29", Options(now: Instant("2026-12-04T12:00:00Z"))));
        Assert.Contains("February 29, which 2027 does not have", error.Message);
        Assert.Contains("\"2028-02-29\"", error.Message);
    }
}
