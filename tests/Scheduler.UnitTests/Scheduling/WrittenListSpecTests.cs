using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// How people punctuate and say times around the accepted forms: "12 midnight" and "12 noon", the serial comma
/// ("monday, wednesday, and friday"), a sentence's full stop, a count after a comma ("at 9am, 5 times") and a second
/// day with its own time ("… and friday at 5pm"). Now is Saturday 2026-03-07 12:00 UTC.
/// </summary>
public sealed class WrittenListSpecTests
{
    [Theory]
    [InlineData("every day at 12 midnight", "0 0 * * *")]
    [InlineData("every day at 12 noon", "0 12 * * *")]
    [InlineData("every day at 12 noon and 6pm", "0 12,18 * * *")]
    [InlineData("every monday, wednesday, and friday at 9am", "0 9 * * 1,3,5")]
    [InlineData("every day at 9am, 1pm, and 5pm", "0 9,13,17 * * *")]
    [InlineData("every day at 9am.", "0 9 * * *")]
    [InlineData("weekdays at 9am!", "0 9 * * 1-5")]
    [InlineData("every day at 9 p.m.", "0 21 * * *")]
    public void A_written_variant_reads_as_the_plain_form(string spec, string cron)
    {
        Assert.Equal(cron, ScheduleParser.Parse(spec, Options()).Canonical);
    }

    [Fact]
    public void Twelve_midnight_is_one_run_at_00_00_not_one_at_noon_too()
    {
        Occurrences(ScheduleParser.Parse("at 12 midnight", Options()), ["2026-03-08T00:00:00Z"]);
    }

    [Fact]
    public void A_count_after_a_comma_ends_the_list_of_times()
    {
        Assert.Equal(ScheduleParser.Parse("every day at 9am 5 times", Options()).Canonical,
            ScheduleParser.Parse("every day at 9am, 5 times", Options()).Canonical);
    }

    [Fact]
    public void A_second_day_with_its_own_time_is_refused_as_a_second_schedule()
    {
        var message = Rejects("every monday at 9am and friday at 5pm").Message;
        Assert.Contains("names a second schedule", message);
        Assert.Contains("\"every monday and friday at 9am and 5pm\"", message);
    }

    [Theory]
    [InlineData("every day at 9am, except saturdays", "every day at 9am except saturdays")]
    [InlineData("every weekday at 9am, excluding fridays", "every weekday at 9am except fridays")]
    [InlineData("every day at 9am, on weekdays", "every weekday at 9am")]
    [InlineData("every day at 9am, until friday", "every day at 9am until friday")]
    public void A_clause_set_apart_by_a_comma_after_the_times_reads_as_the_clause(string spec, string same)
    {
        Assert.Equal(ScheduleParser.Parse(same, Options()).Canonical, ScheduleParser.Parse(spec, Options()).Canonical);
    }

    [Fact]
    public void The_same_hour_again_without_am_or_pm_is_refused_not_merged_into_one_run()
    {
        // "at 6am and 6" meant 6pm; read as written it repeats 06:00 and would run once a day.
        var message = Rejects("every day at 6am and 6").Message;
        Assert.Contains("the same as the 06:00", message);
        Assert.Contains("\"6pm\"", message);
    }

    [Fact]
    public void Punctuation_alone_is_still_refused()
    {
        Rejects(".");
    }
}
