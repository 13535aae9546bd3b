using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// "at end of day", "eod", "close of business": 23:59 to some and 17:00 to others, so refused with both written as
/// times, which then read as said. Now is Saturday 2026-03-07 12:00 UTC; Europe/Berlin moves to CEST on Mar 29.
/// </summary>
public sealed class EndOfDaySpecTests
{
    private const string Berlin = "Europe/Berlin";

    [Theory]
    [InlineData("end of day", "\"end of day\"", "\"at 23:59\" or \"at 5pm\"")]
    [InlineData("at end of day", "\"end of day\"", "\"at 23:59\" or \"at 5pm\"")]
    [InlineData("every day at end of day", "\"end of day\"", "\"every day at 23:59\" or \"every day at 5pm\"")]
    [InlineData("every day at the end of the day", "\"the end of the day\"", "\"every day at 23:59\" or \"every day at 5pm\"")]
    [InlineData("at the end of the day every weekday", "\"the end of the day\"", "\"at 23:59 every weekday\" or \"at 5pm every weekday\"")]
    [InlineData("tomorrow by end of business day", "\"end of business day\"", "\"tomorrow at 23:59\" or \"tomorrow at 5pm\"")]
    [InlineData("every friday eod", "\"eod\"", "\"every friday at 23:59\" or \"every friday at 5pm\"")]
    [InlineData("every day at close of business", "\"close of business\"", "\"every day at 23:59\" or \"every day at 5pm\"")]
    public void The_end_of_the_day_is_refused_naming_both_readings_and_the_times_to_write(string spec, string badPart, string suggestion)
    {
        var message = Rejects(spec, Berlin).Message;
        Assert.Contains(badPart, message);
        Assert.Contains("can mean the day's last minute (23:59) or the close of business (17:00)", message);
        Assert.Contains(suggestion, message);
    }

    // As an end, the same question: a bound is a date, so 23:59 is "until" the day named (today when none is) and 17:00 a
    // window that ends then, written with the spec's own opening. Each suggestion parses, in the same zone, and repeats.
    [Theory]
    [InlineData("every hour until end of day", "\"end of day\"", "every hour until today", "every hour from 9am to 5pm until today")]
    [InlineData("every 15 minutes until eod", "\"eod\"", "every 15 minutes until today", "every 15 minutes from 9am to 5pm until today")]
    [InlineData("every 30 minutes till close of business", "\"close of business\"", "every 30 minutes until today", "every 30 minutes from 9am to 5pm until today")]
    [InlineData("every hour until eod friday", "\"eod\"", "every hour until friday", "every hour from 9am to 5pm until friday")]
    [InlineData("every 15 minutes until close of business on friday", "\"close of business\"", "every 15 minutes until friday", "every 15 minutes from 9am to 5pm until friday")]
    [InlineData("every hour until end of the day tomorrow", "\"end of the day\"", "every hour until tomorrow", "every hour from 9am to 5pm until tomorrow")]
    public void Until_the_end_of_the_day_is_refused_naming_both_readings_and_what_to_write(string spec, string badPart, string lastMinute, string window)
    {
        var message = Rejects(spec, Berlin).Message;
        Assert.Contains(badPart, message);
        Assert.Contains("can mean the day's last minute (23:59) or the close of business (17:00)", message);
        Assert.Contains($"\"{lastMinute}\"", message);
        Assert.Contains($"\"{window}\"", message);
        Assert.DoesNotContain("until today friday", message);
        Assert.DoesNotContain("expected an end date", message);
        foreach (var suggestion in new[] { lastMinute, window })
            Assert.NotEqual(ScheduleKind.Once, ScheduleParser.Parse(suggestion, Options(Berlin)).Kind);
    }

    // The end of a window ("from 9am until eod") is a time of day: the readings are the window's two ends.
    [Fact]
    public void A_window_until_the_end_of_the_day_is_refused_with_the_windows_end_as_a_time()
    {
        var message = Rejects("every hour from 9am until eod", Berlin).Message;
        Assert.Contains("\"every hour from 9am to 23:59\" or \"every hour from 9am to 5pm\"", message);
        Assert.DoesNotContain("until today", message);
        Assert.Equal("0 9-23 * * *", ScheduleParser.Parse("every hour from 9am to 23:59", Options(Berlin)).Canonical);
        Assert.Equal("0 9-17 * * *", ScheduleParser.Parse("every hour from 9am to 5pm", Options(Berlin)).Canonical);
    }

    // A suggestion that would not parse is not shown: at 13:00 on a Saturday "every day at 9am until today" and
    // "every hour until today on weekdays" have no run left.
    [Theory]
    [InlineData("every day at 9am until the end of the day", "\"the end of the day\"", "every day at 9am until today")]
    [InlineData("every hour until the end of the business day on weekdays", "\"the end of the business day\"", "every hour until today on weekdays")]
    public void An_end_of_the_day_whose_suggestion_would_not_read_says_what_to_change(string spec, string badPart, string unreadable)
    {
        var message = Rejects(spec, Berlin).Message;
        Assert.Contains(badPart, message);
        Assert.Contains("\"until today\"", message);
        Assert.Contains("\"from 9am to 5pm\"", message);
        Assert.DoesNotContain($"\"{unreadable}\"", message);
        Rejects(unreadable, Berlin);
    }

    // Now is 13:00 in Berlin (runs after it): the suggested "until today" runs through 23:59 tonight, the window stops at 17:00.
    [Theory]
    [InlineData("every hour on the hour until today", 10, "2026-03-07T13:00:00Z", "2026-03-07T22:00:00Z")]
    [InlineData("every hour from 9am to 5pm until today", 4, "2026-03-07T13:00:00Z", "2026-03-07T16:00:00Z")]
    public void The_suggested_ends_run_to_the_end_of_today(string spec, int runs, string first, string last)
    {
        var all = ScheduleParser.Parse(spec, Options(Berlin)).Next(runs + 5, Now);
        Assert.Equal(runs, all.Count);
        Assert.Equal(Instant(first), all[0]);
        Assert.Equal(Instant(last), all[^1]);
    }

    [Fact]
    public void A_misspelt_end_of_the_day_is_refused_as_no_time_with_the_times_to_write()
    {
        var message = Rejects("every day at the end of teh day", Berlin).Message;
        Assert.Contains("invalid time \"the\"", message);
        Assert.Contains("\"at 23:59\" or \"at 5pm\"", message);
    }

    [Theory]
    [InlineData("every day at 23:59", "59 23 * * *", "2026-03-28T22:59:00Z", "2026-03-29T21:59:00Z", "2026-03-30T21:59:00Z")]
    [InlineData("every day at 5pm", "0 17 * * *", "2026-03-28T16:00:00Z", "2026-03-29T15:00:00Z", "2026-03-30T15:00:00Z")]
    public void Both_suggested_times_read_as_written_across_a_clock_change(string spec, string cron, params string[] expected)
    {
        var parsed = ScheduleParser.Parse(spec, Options(Berlin));
        Assert.Equal(cron, parsed.Canonical);
        Occurrences(parsed, expected, after: Instant("2026-03-28T12:00:00Z"));
    }

    [Theory]
    [InlineData("at the end of every month at 5pm", "0 17 L * *")]
    [InlineData("every day at midnight", "0 0 * * *")]
    public void The_ends_of_other_periods_and_midnight_still_read(string spec, string cron)
    {
        Assert.Equal(cron, ScheduleParser.Parse(spec, Options(Berlin)).Canonical);
    }
}
