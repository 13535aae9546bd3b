using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// Recurring specs that open with their time or their days ("at 9am on weekdays", "on the 1st of every month at 9am")
/// give exactly the schedule of the form that opens with "every" or the days. Now is Saturday 2026-03-07 12:00 UTC.
/// </summary>
public sealed class LeadingClauseSpecTests
{
    [Theory]
    [InlineData("at 9am on weekdays", "every weekday at 9am")]
    [InlineData("at 9am every weekday", "every weekday at 9am")]
    [InlineData("at 17:30 on mondays and fridays", "every monday and friday at 17:30")]
    [InlineData("at noon on weekends", "every weekend at noon")]
    [InlineData("at 9am and 5pm on weekdays", "every weekday at 9am and 5pm")]
    [InlineData("9am every day", "every day at 9am")]
    [InlineData("at 9am daily", "daily at 9am")]
    [InlineData("noon on weekdays", "every weekday at noon")]
    [InlineData("on weekdays at 9am", "every weekday at 9am")]
    [InlineData("on mondays at 8", "every monday at 8")]
    [InlineData("on every monday at 8", "every monday at 8")]
    [InlineData("mon-fri at 9am", "every weekday at 9am")]
    [InlineData("on mon-fri at 9am", "every weekday at 9am")]
    [InlineData("monday to friday at 9am", "every weekday at 9am")]
    [InlineData("on the first of every month at 9am", "every month on the 1st at 9am")]
    [InlineData("on the 1st of every month at 9am", "every month on the 1st at 9am")]
    [InlineData("on the 15th of each month at noon", "every month on the 15th at noon")]
    [InlineData("at 9am on the first of every month", "every month on the 1st at 9am")]
    [InlineData("on the last day of every month at 18:00", "every month on the last day at 18:00")]
    [InlineData("on the 1st and 15th of the month at noon", "every month on the 1st and 15th at noon")]
    [InlineData("on the first monday of every month at 9am", "first monday of every month at 9am")]
    [InlineData("at 10am on the last friday of the month", "every last friday of the month at 10am")]
    [InlineData("every business day at 9am", "every weekday at 9am")]
    [InlineData("on working days at 8am", "every weekday at 8am")]
    [InlineData("every workday at 9am", "every weekday at 9am")]
    public void A_spec_opening_with_its_time_or_days_is_the_schedule_of_the_every_form(string spec, string equivalent)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        var expected = ScheduleParser.Parse(equivalent, Options());
        Assert.Equal(expected.Kind, parsed.Kind);
        Assert.Equal(expected.Canonical, parsed.Canonical);
        Assert.Equal(expected.Next(10, Now), parsed.Next(10, Now));
    }

    [Fact]
    public void At_9am_on_weekdays_skips_the_weekend()
    {
        Occurrences(ScheduleParser.Parse("at 9am on weekdays", Options()), ["2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z"]);
    }

    [Fact]
    public void On_the_first_of_every_month_runs_on_each_first()
    {
        Occurrences(ScheduleParser.Parse("on the first of every month at 9am", Options()), ["2026-04-01T09:00:00Z", "2026-05-01T09:00:00Z"]);
    }

    [Fact]
    public void The_last_day_of_every_month_is_the_28th_or_29th_in_february()
    {
        var parsed = ScheduleParser.Parse("on the last day of every month at 18:00", Options());
        Occurrences(parsed, ["2026-02-28T18:00:00Z", "2026-03-31T18:00:00Z", "2026-04-30T18:00:00Z"], Instant("2026-02-01T00:00:00Z"));
        Occurrences(parsed, ["2028-02-29T18:00:00Z", "2028-03-31T18:00:00Z"], Instant("2028-02-01T00:00:00Z"));
    }

    [Fact]
    public void At_9am_on_weekdays_in_new_york_keeps_9am_across_the_spring_change()
    {
        // DST starts on Sunday 2026-03-08: 09:00 is 14:00Z before it and 13:00Z after.
        var parsed = ScheduleParser.Parse("at 9am on weekdays", Options("America/New_York", Instant("2026-03-05T00:00:00Z")));
        Assert.Equal(ScheduleParser.Parse("every weekday at 9am", Options("America/New_York")).Canonical, parsed.Canonical);
        Occurrences(parsed, ["2026-03-05T14:00:00Z", "2026-03-06T14:00:00Z", "2026-03-09T13:00:00Z"], Instant("2026-03-05T00:00:00Z"));
    }

    [Fact]
    public void A_time_in_the_spring_gap_runs_when_the_gap_ends_as_the_every_form_does()
    {
        // 02:30 does not exist in New York on 2026-03-08: it runs at 03:00 EDT (07:00Z), as cron forms do.
        var parsed = ScheduleParser.Parse("at 2:30am on weekends", Options("America/New_York"));
        var expected = ScheduleParser.Parse("every weekend at 2:30am", Options("America/New_York"));
        Assert.Equal(expected.Canonical, parsed.Canonical);
        Occurrences(parsed, ["2026-03-08T07:00:00Z", "2026-03-14T06:30:00Z", "2026-03-15T06:30:00Z"]);
    }

    [Theory]
    [InlineData("at 9am on monday", "2026-03-09T09:00:00Z")]
    [InlineData("on monday at 9am", "2026-03-09T09:00:00Z")]
    [InlineData("9am tomorrow", "2026-03-08T09:00:00Z")]
    [InlineData("at 6pm on dec 24", "2026-12-24T18:00:00Z")]
    public void One_day_with_a_time_stays_a_one_shot(string spec, string at)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(ScheduleKind.Once, parsed.Kind);
        Assert.Equal(Instant(at), parsed.Anchor);
    }

    [Theory]
    [InlineData("at 9am on the 1st", "\"on the 1st\"", "\"on the 1st of every month at 9am\"")]
    [InlineData("on the 15th at noon", "does not say whether it repeats", "\"on the 15th of every month at noon\"")]
    [InlineData("on the last day at 6pm", "\"on the last day\"", "\"on the last day of every month at 6pm\"")]
    [InlineData("monday and friday at 9am", "names several days", "\"every monday and friday at 9am\"")]
    [InlineData("at 9am on monday and friday", "one-shot spec has one", "\"every monday and friday at 9am\"")]
    [InlineData("mon, wed, fri at 7pm", "\"mon, wed, fri\"", "\"every mon, wed, fri at 7pm\"")]
    public void An_opening_that_could_be_once_or_every_month_or_week_is_refused_with_the_recurring_form(string spec, string badPart, string suggestion)
    {
        var message = Rejects(spec).Message;
        Assert.Contains(badPart, message);
        Assert.Contains(suggestion, message);
    }
}
