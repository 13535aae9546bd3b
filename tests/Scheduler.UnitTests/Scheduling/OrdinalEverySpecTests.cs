using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// Ordinals after "every": "every second day" counts units like "every 2 days"; "every second monday" stays the
/// second Monday of each month. Now is Saturday 2026-03-07 12:00 UTC.
/// </summary>
public sealed class OrdinalEverySpecTests
{
    [Theory]
    [InlineData("every second day at 9am", "every 2 days at 9am")]
    [InlineData("every 2nd day", "every 2 days")]
    [InlineData("every third day at 9am", "every 3 days at 9am")]
    [InlineData("every 3rd day at 6pm", "every 3 days at 6pm")]
    [InlineData("every third week on monday", "every 3 weeks on monday")]
    [InlineData("every second week on friday at 5pm", "every 2 weeks on friday at 5pm")]
    [InlineData("every second month on the 1st", "every 2 months on the 1st")]
    [InlineData("every 2nd hour", "every 2 hours")]
    [InlineData("every third minute", "every 3 minutes")]
    [InlineData("every second year on dec 24", "every 2 years on dec 24")]
    // Ordinals past 31 are no day of the month either: they count units as the small ones do.
    [InlineData("every 45th minute", "every 45 minutes")]
    [InlineData("every 90th second", "every 90 seconds")]
    [InlineData("every 3rd hour", "every 3 hours")]
    [InlineData("every 32nd day", "every 32 days")]
    [InlineData("every 45th minute from 9am to 5pm", "every 45 minutes from 9am to 5pm")]
    public void An_ordinal_before_a_unit_counts_that_many_units(string spec, string same)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        var expected = ScheduleParser.Parse(same, Options());
        Assert.Equal(expected.Kind, parsed.Kind);
        Assert.Equal(expected.Canonical, parsed.Canonical);
        Assert.Equal(expected.Next(3, Now), parsed.Next(3, Now));
    }

    [Fact]
    public void Every_second_day_at_9am_runs_every_two_days_not_on_the_2nd_of_the_month()
    {
        Occurrences(ScheduleParser.Parse("every second day at 9am", Options()),
            ["2026-03-08T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-12T09:00:00Z"]);
    }

    [Fact]
    public void Every_45th_minute_runs_45_minutes_apart_not_at_cron_minutes_0_and_45()
    {
        var parsed = ScheduleParser.Parse("every 45th minute", Options());
        Assert.Equal(ScheduleKind.Interval, parsed.Kind);
        Occurrences(parsed, ["2026-03-07T12:45:00Z", "2026-03-07T13:30:00Z", "2026-03-07T14:15:00Z"]);
    }

    [Theory]
    [InlineData("every 45th minute of the hour", "\"cron:45 * * * *\"", "\"every 45 minutes\"")]
    [InlineData("every 30th second of every minute", "\"cron:30 * * * * *\"", "\"every 30 seconds\"")]
    [InlineData("every 90th minute of the day", "\"every 90 minutes\"", "\"every 90 minutes\"")]
    [InlineData("every first hour", "\"every hour\"", "\"every 2nd hour\"")]
    [InlineData("every 1st minute", "\"every minute\"", "\"every 2nd minute\"")]
    [InlineData("every first week", "\"every week\"", "\"every 2nd week\"")]
    public void An_ordinal_unit_that_names_no_step_is_refused_saying_what_to_write(string spec, string hint, string other)
    {
        var error = Rejects(spec);
        Assert.Contains(spec.Split(' ')[1] + " " + spec.Split(' ')[2], error.Message);
        Assert.Contains(hint, error.Message);
        Assert.Contains(other, error.Message);
        Assert.DoesNotContain("day of month", error.Message);
    }

    [Theory]
    [InlineData("every second day of the month at 9am", "0 9 2 * *")]
    [InlineData("every 2nd", "0 0 2 * *")]
    [InlineData("every second monday of the month", "0 0 * * 1#2")]
    [InlineData("every 3rd friday of every month at 9am", "0 9 * * 5#3")]
    [InlineData("the second monday of every month", "0 0 * * 1#2")]
    [InlineData("every 5th monday of the month", "0 0 * * 1#5")]
    public void A_day_or_weekday_of_the_month_is_still_one_when_the_spec_says_so(string spec, string cron)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(ScheduleKind.Cron, parsed.Kind);
        Assert.Equal(cron, parsed.Canonical);
    }

    [Theory]
    // An ordinal before a weekday keeps its meaning in the month, as in "every 2nd and 4th wednesday".
    [InlineData("every second monday", "0 0 * * 1#2")]
    [InlineData("every 3rd friday at 9am", "0 9 * * 5#3")]
    [InlineData("every 5th monday", "0 0 * * 1#5")]
    public void An_nth_weekday_after_every_is_that_weekday_of_each_month(string spec, string cron)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(ScheduleKind.Cron, parsed.Kind);
        Assert.Equal(cron, parsed.Canonical);
    }

    [Theory]
    [InlineData("every second mon-fri", "every 2 weeks on mon-fri", "every mon-fri")]
    [InlineData("every second mon-fri at 9am", "every 2 weeks on mon-fri", "every mon-fri")]
    [InlineData("every 2nd tue-thu", "every 2 weeks on tue-thu", "every tue-thu")]
    [InlineData("every third weekdays", "every 3 weeks on weekdays", "every weekdays")]
    public void One_ordinal_before_a_run_of_weekdays_is_refused_with_its_readings(string spec, string weeks, string plain)
    {
        var error = Rejects(spec);
        Assert.Contains(weeks, error.Message);
        Assert.Contains(plain, error.Message);
        Assert.Contains("of the month", error.Message);
    }

    [Theory]
    // Said with "of …", with two ordinals, or with single weekdays, the month is meant as before.
    [InlineData("every second mon-fri of the month", "0 0 8-14 * 1-5")]
    [InlineData("every 2nd and 4th mon-fri", "0 0 8-14,22-28 * 1-5")]
    [InlineData("every second monday and friday", "0 0 8-14 * 1,5")]
    [InlineData("every first mon-fri", "0 0 1-7 * 1-5")]
    [InlineData("the second mon-fri of every month", "0 0 8-14 * 1-5")]
    public void An_ordinal_before_weekdays_keeps_its_month_meaning_where_the_spec_says_so(string spec, string cron)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(ScheduleKind.Cron, parsed.Kind);
        Assert.Equal(cron, parsed.Canonical);
    }
}
