using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>Bad specs fail with one <see cref="ScheduleSpecException"/> naming the bad part and what is accepted.</summary>
public sealed class RejectionTests
{
    [Theory]
    [InlineData("every munday at 9am", "\"munday\"", "mon..sun")]
    [InlineData("next munday", "\"munday\"", "mon..sun")]
    [InlineData("every mon, frieday at 9am", "\"frieday\"", "mon..sun")]
    [InlineData("at 25:00", "\"25\"", "0-23")]
    [InlineData("every day at 25:00", "\"25\"", "0-23")]
    [InlineData("at 9:61", "\"61\"", "00-59")]
    [InlineData("at 13pm", "\"13\"", "1-12 with am/pm")]
    [InlineData("at 0am", "\"0\"", "1-12 with am/pm")]
    [InlineData("at 123:00", "\"123:00\"", "HH:MM, 9am")]
    [InlineData("at banana", "\"banana\"", "HH:MM, 9am")]
    [InlineData("in 99999999999 years", "\"99999999999\"", "at most 1000000")]
    [InlineData("every 99999999999999999999999 seconds", "\"99999999999999999999999\"", "at most 1000000")]
    [InlineData("in 1000000 weeks", "longer than 100 years", "shorter")]
    [InlineData("in 5 fortnights", "\"fortnights\"", "seconds, minutes, hours, days or weeks")]
    [InlineData("every 5 parsecs", "\"parsecs\"", "seconds, minutes, hours, days or weeks")]
    [InlineData("in 5", "\"5\"", "seconds, minutes")]
    [InlineData("in", "ends too early", "a duration")]
    [InlineData("every", "ends too early", "5 minutes")]
    [InlineData("every 0 minutes", "\"0\"", "positive")]
    [InlineData("in 0 seconds", "\"0\"", "positive")]
    [InlineData("every 5 minutes at 9am", "\"at\"", "every day at 9am")]
    [InlineData("every 2 days at 9am", "\"at\"", "every day at 9am")]
    [InlineData("every hour at 9am", "every hour", "cron")]
    [InlineData("every 5 months", "5 months", "1, 2, 3, 4, 6 or 12")]
    [InlineData("every fortnight", "\"fortnight\"", "weekday")]
    [InlineData("every 32nd", "\"32nd\"", "1st-31st")]
    [InlineData("every month on the 0th", "\"0th\"", "1st-31st")]
    [InlineData("every monday on the 1st", "both weekdays and days of the month", "one or the other")]
    [InlineData("every day at 9:00 and 17:30", "09:00 and 17:30", "same minute")]
    [InlineData("every month on the last day and 15th", "last day", "numbered days")]
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
    [InlineData("foo:bar", "\"foo:\"", "cron:, at:, in: or every:")]
    [InlineData("cron:", "nothing follows", "cron:0 9 * * *")]
    [InlineData("cron:61 * * * *", "61", "5 fields")]
    [InlineData("cron:* * * *", "4 fields", "5 fields")]
    [InlineData("cron:* * * * * * *", "7 fields", "5 fields")]
    [InlineData("cron:0 9 * * funday", "FUNDAY", "5 fields")]
    [InlineData("cron:0 9 * * $", "\"$\"", "MON, JAN")]
    [InlineData("60 * * * *", "60 * * * *", "5 fields")]
    [InlineData("0 0 32 * *", "0 0 32 * *", "5 fields")]
    [InlineData("@fortnightly", "\"@fortnightly\"", "@daily")]
    [InlineData("2026-02-30T10:00:00Z", "\"2026-02-30\"", "ISO-8601")]
    [InlineData("2026-07-27T25:00:00Z", "\"25\"", "0-23")]
    [InlineData("2026-07-27T10:00:00+15:00", "\"+15:00\"", "-14:00 and +14:00")]
    [InlineData("2026-07-27Tnoon", "\"2026-07-27tnoon\"", "ISO-8601")]
    [InlineData("at:2026-07-27T10:61:00Z", "\"61\"", "00-59")]
    [InlineData("every:PT0S", "\"pt0s\"", "positive duration")]
    [InlineData("on dec 24 2020", "in the past", "future")]
    [InlineData("every year on dec 24 2027", "cannot name a year", "every dec 24")]
    public void Bad_specs_name_the_bad_part_and_the_accepted_forms(string spec, string badPart, string accepted)
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
    [InlineData("0001-01-01T00:00:00", "Pacific/Kiritimati")]
    [InlineData("0001-01-01T00:00:00+14:00", "UTC")]
    public void Specs_before_year_1_are_spec_errors_not_crashes(string spec, string zone)
    {
        Assert.Throws<ScheduleSpecException>(() => ScheduleParser.Parse(spec, Options(zone, allowPast: true)));
    }
}
