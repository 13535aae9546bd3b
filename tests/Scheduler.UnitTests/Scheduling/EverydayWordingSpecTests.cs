using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// Words around the accepted forms that people add: "except on weekends", "except for sundays", "excluding weekends",
/// Hangfire's "minutely", and "during the day", which names no hours. Now is Saturday 2026-03-07 12:00 UTC.
/// </summary>
public sealed class EverydayWordingSpecTests
{
    [Theory]
    [InlineData("every day at 9am except on weekends", "0 9 * * 1-5", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("every day at 9am excluding weekends", "0 9 * * 1-5", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("every day except for sundays at 7", "0 7 * * 1-6", "2026-03-09T07:00:00Z", "2026-03-10T07:00:00Z", "2026-03-11T07:00:00Z")]
    [InlineData("every weekday at 9am except on fridays", "0 9 * * 1-4", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z")]
    [InlineData("every monday at 9am excluding july and august", "0 9 * 1,2,3,4,5,6,9,10,11,12 1", "2026-03-09T09:00:00Z", "2026-03-16T09:00:00Z", "2026-03-23T09:00:00Z")]
    [InlineData("minutely", "* * * * *", "2026-03-07T12:01:00Z", "2026-03-07T12:02:00Z", "2026-03-07T12:03:00Z")]
    [InlineData("minutely on weekdays", "* * * * 1-5", "2026-03-09T00:00:00Z", "2026-03-09T00:01:00Z", "2026-03-09T00:02:00Z")]
    public void An_added_word_reads_as_the_plain_form(string spec, string cron, params string[] expected)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(cron, parsed.Canonical);
        Occurrences(parsed, expected);
    }

    [Fact]
    public void During_the_day_is_refused_as_naming_no_hours()
    {
        var message = Rejects("every hour during the day").Message;
        Assert.Contains("names no hours", message);
        Assert.Contains("\"every hour from 8am to 8pm\"", message);
        Assert.DoesNotContain("business", message);
    }

    // "during" before days or months names those, not hours: refused with "on …"/"in …", and the spec so written reads.
    [Theory]
    [InlineData("every hour during weekdays", "\"on weekdays\"", "every hour on weekdays", "0 * * * 1-5")]
    [InlineData("every hour during december", "\"in december\"", "every hour in december", "0 * * 12 *")]
    [InlineData("every day at 9am during the week", "\"on weekdays\"", "every day at 9am on weekdays", "0 9 * * 1-5")]
    [InlineData("every hour during business days", "\"on weekdays\"", "every hour on weekdays", "0 * * * 1-5")]
    [InlineData("every hour during weekends", "\"on weekends\"", "every hour on weekends", "0 * * * 0,6")]
    public void During_days_or_months_is_refused_with_on_or_in(string spec, string replacement, string suggestion, string cron)
    {
        var message = Rejects(spec).Message;
        Assert.Contains("names days, not hours", message);
        Assert.DoesNotContain("names no hours", message);
        Assert.Contains($"write {replacement}", message);
        Assert.Contains($"\"{suggestion}\"", message);
        Assert.Equal(cron, ScheduleParser.Parse(suggestion, Options()).Canonical);
    }

    [Theory]
    [InlineData("every hour during the night")]
    [InlineData("every hour during the day")]
    public void During_the_day_or_night_still_names_no_hours(string spec)
    {
        Assert.Contains("names no hours", Rejects(spec).Message);
    }
}
