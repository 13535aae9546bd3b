using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// "every month on the 1st and 2nd to last day", "on the 2nd to last and last day", "the last and 3rd to last day": a
/// list mixing numbered days, the last day and days counted back from it is one RFC 5545 BYMONTHDAY list (1,-2), as
/// "the 15th and last day" is (15,-1). Days of another kind (the first or last weekday) are refused, not dropped. Now is
/// Saturday 2026-03-07 12:00 UTC.
/// </summary>
public sealed class CountedBackDayListSpecTests
{
    [Theory]
    [InlineData("every month on the 1st and 2nd to last day at 9am")]
    [InlineData("the 1st and 2nd to last day at 9am")]
    [InlineData("on the 1st and 2nd to last day of every month at 9am")]
    [InlineData("every 1st and 2nd to last day of the month at 9am")]
    [InlineData("every month on the 1st and 2nd last day at 9am")]
    [InlineData("every month on the 1st and second-to-last day at 9am")]
    [InlineData("every month on the 2nd to last day and the 1st at 9am")]
    public void The_1st_and_the_2nd_to_last_day_both_run_every_month(string spec)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(ScheduleKind.Rule, parsed.Kind);
        Occurrences(parsed, ["2026-03-30T09:00:00Z", "2026-04-01T09:00:00Z", "2026-04-29T09:00:00Z", "2026-05-01T09:00:00Z", "2026-05-30T09:00:00Z"]);
        Assert.Equal("every month on the 1st and 2nd to last day at 09:00 (UTC)", parsed.Description);
    }

    [Fact]
    public void The_rule_typed_as_rfc_5545_runs_and_reads_alike()
    {
        var parsed = ScheduleParser.Parse("RRULE:FREQ=MONTHLY;BYMONTHDAY=1,-2;BYHOUR=9;BYMINUTE=0;BYSECOND=0", Options());
        Occurrences(parsed, ["2026-03-30T09:00:00Z", "2026-04-01T09:00:00Z", "2026-04-29T09:00:00Z"]);
        Assert.StartsWith("monthly on the 1st and 2nd to last day at 09:00", parsed.Description);
        Assert.StartsWith("monthly on the 3rd to last and last day at", ScheduleParser.Parse("RRULE:FREQ=MONTHLY;BYMONTHDAY=-1,-3", Options()).Description);
    }

    [Theory]
    [InlineData("every month on the 2nd to last and last day at 6pm", "BYMONTHDAY=-2,-1", "every month on the 2nd to last and last day at 18:00 (UTC)", "2026-03-30T18:00:00Z", "2026-03-31T18:00:00Z", "2026-04-29T18:00:00Z", "2026-04-30T18:00:00Z")]
    [InlineData("every month on the penultimate and last day at 6pm", "BYMONTHDAY=-2,-1", "every month on the 2nd to last and last day at 18:00 (UTC)", "2026-03-30T18:00:00Z", "2026-03-31T18:00:00Z", "2026-04-29T18:00:00Z", "2026-04-30T18:00:00Z")]
    [InlineData("on the last and 3rd to last day of every month at 6pm", "BYMONTHDAY=-3,-1", "every month on the 3rd to last and last day at 18:00 (UTC)", "2026-03-29T18:00:00Z", "2026-03-31T18:00:00Z", "2026-04-28T18:00:00Z", "2026-04-30T18:00:00Z")]
    [InlineData("every month on the 1st, 15th and 3rd to last day at 6pm", "BYMONTHDAY=-3,1,15", "every month on the 1st, 15th and 3rd to last day at 18:00 (UTC)", "2026-03-15T18:00:00Z", "2026-03-29T18:00:00Z", "2026-04-01T18:00:00Z", "2026-04-15T18:00:00Z")]
    public void Days_counted_back_and_numbered_days_make_one_month_day_list(string spec, string byMonthDay, string description, params string[] next)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Contains(byMonthDay, parsed.Canonical);
        Assert.Equal(description, parsed.Description);
        Occurrences(parsed, next);
    }

    [Fact]
    public void February_runs_on_its_own_days_counted_back()
    {
        // 2027 is no leap year: the 2nd to last and last days of February are the 27th and 28th.
        var runs = ScheduleParser.Parse("every month on the 2nd to last and last day", Options()).Next(24, Now);
        Assert.Contains(Instant("2027-02-27T00:00:00Z"), runs);
        Assert.Contains(Instant("2027-02-28T00:00:00Z"), runs);
    }

    [Theory]
    [InlineData("every month on the 1st and 2nd to last day 3 times", "COUNT=3")]
    [InlineData("every month on the 1st and 2nd to last day until dec 31", "UNTIL=20261231T235959Z")]
    [InlineData("every 2 months on the 1st and 2nd to last day", "INTERVAL=2")]
    [InlineData("every quarter on the 2nd to last and last day", "BYMONTH=3,6,9,12")]
    public void A_list_with_days_counted_back_takes_bounds_steps_and_periods(string spec, string part)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Contains(part, parsed.Canonical);
        Assert.Contains("BYMONTHDAY=", parsed.Canonical);
    }

    [Theory]
    // Before this, the last weekday silently replaced the day counted back (it ran on the last weekday only).
    [InlineData("every month on the 2nd to last day and last weekday", "combines a day counted from the month's last with the last weekday")]
    [InlineData("every month on the last weekday and the 2nd to last day", "combines the last weekday with a day counted from the month's last")]
    [InlineData("every month on the first weekday and the last weekday", "combines the first weekday with the last weekday")]
    public void Days_of_another_kind_are_refused_not_dropped(string spec, string expected)
    {
        var error = Rejects(spec);
        Assert.Contains(expected, error.Message);
        Assert.Contains("\"the 2nd to last and last day\"", error.Message);
    }

    [Theory]
    [InlineData("every month on the 1st and 2nd to last", "expected \"day\" or a weekday")]
    [InlineData("on the 1st and 29th to last day of every month", "expected second to 28th to last")]
    [InlineData("every month on the 1st and 2nd to last weekday", "expected \"first weekday\" or \"last weekday\"")]
    [InlineData("on the 1st and 2nd to last day", "expected e.g. \"on the 1st and 2nd to last day of every month\"")]
    [InlineData("on the 15th and last day at 9am", "expected e.g. \"on the 15th and last day of every month at 9am\"")]
    [InlineData("every quarter on the 1st and last day", "write a schedule for each, e.g. \"every quarter on the 1st\" and \"every quarter on the last day\"")]
    [InlineData("every quarter on the first and last monday", "\"every quarter on the first monday\" and \"every quarter on the last monday\"")]
    public void An_unfinished_or_unrepresentable_list_names_what_is_accepted(string spec, string expected)
    {
        Assert.Contains(expected, Rejects(spec).Message);
    }

    [Fact]
    public void A_weekday_counted_back_joins_a_list_of_nth_weekdays()
    {
        var parsed = ScheduleParser.Parse("every month on the first and second to last friday at 9am", Options());
        Assert.Contains("BYDAY=-2FR,1FR", parsed.Canonical);
        Occurrences(parsed, ["2026-03-20T09:00:00Z", "2026-04-03T09:00:00Z", "2026-04-17T09:00:00Z"]);
    }
}
