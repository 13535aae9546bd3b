using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// Specs as keyboards, word processors and people type them (a black-box tester's findings): other scripts' digits and
/// typographic dashes, a time list that says "at" again, a count of one, and a month or year step that starts on a
/// date. Now is Saturday 2026-03-07 12:00 UTC.
/// </summary>
public sealed class TypedFormsSpecTests
{
    [Theory]
    [InlineData("every day at ９am", "0 9 * * *")]
    [InlineData("every day at ٩am", "0 9 * * *")]
    [InlineData("mon–fri at 9am", "0 9 * * 1-5")]
    [InlineData("mon—fri at 9am", "0 9 * * 1-5")]
    [InlineData("cron:0 9 * * 1−5", "0 9 * * 1-5")]
    public void Other_scripts_digits_and_typographic_dashes_read_as_the_ascii_they_stand_for(string spec, string cron)
    {
        var parsed = ScheduleParser.Parse(spec, Options());

        Assert.Equal(ScheduleKind.Cron, parsed.Kind);
        Assert.Equal(cron, parsed.Canonical);
    }

    [Fact]
    public void A_character_beyond_the_basic_plane_is_named_whole_not_as_half_of_it()
    {
        var error = Rejects("every 🙂 minutes");

        Assert.Contains("unknown word \"🙂\"", error.Message);
        Assert.DoesNotContain("U+D83D", error.Message);
    }

    [Theory]
    [InlineData("every day at 9am and at 5pm", "0 9,17 * * *")]
    [InlineData("every day at 9am, and at 5pm", "0 9,17 * * *")]
    [InlineData("every monday at 9am and at 5pm", "0 9,17 * * 1")]
    [InlineData("every day at noon and at midnight", "0 0,12 * * *")]
    public void A_time_list_that_says_at_again_is_one_list(string spec, string cron) =>
        Assert.Equal(cron, ScheduleParser.Parse(spec, Options()).Canonical);

    [Theory]
    [InlineData("every day at 9am 1 time")]
    [InlineData("every day at 9am for one run")]
    [InlineData("every day at 9am, 1 occurrence")]
    public void A_count_of_one_is_one_run_said_once(string spec)
    {
        var parsed = ScheduleParser.Parse(spec, Options());

        Assert.Contains("COUNT=1", parsed.Canonical);
        Assert.Contains(", once", parsed.Description);
        Occurrences(parsed, ["2026-03-08T09:00:00Z"]);
        Assert.Empty(parsed.Next(1, Instant("2026-03-08T09:00:00Z")));
    }

    [Theory]
    [InlineData("every month starting april 15", "2026-04-15T00:00:00Z", "2026-05-15T00:00:00Z", "2026-06-15T00:00:00Z")]
    [InlineData("every month at 9am starting april 15", "2026-04-15T09:00:00Z", "2026-05-15T09:00:00Z", "2026-06-15T09:00:00Z")]
    [InlineData("every 2 months starting 2026-03-20 at 6pm", "2026-03-20T18:00:00Z", "2026-05-20T18:00:00Z", "2026-07-20T18:00:00Z")]
    [InlineData("every month starting tomorrow", "2026-03-08T00:00:00Z", "2026-04-08T00:00:00Z", "2026-05-08T00:00:00Z")]
    [InlineData("every year starting 2026-06-15 at 9am", "2026-06-15T09:00:00Z", "2027-06-15T09:00:00Z", "2028-06-15T09:00:00Z")]
    [InlineData("every year starting 2028-02-29", "2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z", "2036-02-29T00:00:00Z")]
    // A day of its own stays the day: the start only says from when.
    [InlineData("every month on the 3rd starting april 15", "2026-05-03T00:00:00Z", "2026-06-03T00:00:00Z", "2026-07-03T00:00:00Z")]
    public void A_month_or_year_step_that_names_no_day_runs_on_its_starts_day(string spec, params string[] expected) =>
        Occurrences(ScheduleParser.Parse(spec, Options()), expected);

    [Fact]
    public void A_month_step_from_the_31st_skips_the_months_without_one_as_an_iso_month_step_does()
    {
        var english = ScheduleParser.Parse("every month starting 2026-03-31 at 9am", Options());
        var iso = ScheduleParser.Parse("R/2026-03-31T09:00/P1M", Options());

        Occurrences(english, ["2026-03-31T09:00:00Z", "2026-05-31T09:00:00Z", "2026-07-31T09:00:00Z"]);
        Assert.Equal(iso.Next(3, Now), english.Next(3, Now));
    }

    [Fact]
    public void An_endless_iso_repetition_with_a_start_says_where_its_steps_count_from()
    {
        var parsed = ScheduleParser.Parse("R/2026-10-25T02:30/PT1H", Options("Europe/Berlin"));

        Assert.Equal("every hour, starting 2026-10-25 02:30 (Europe/Berlin)", parsed.Description);
        Assert.Equal(Instant("2026-10-25T00:30:00Z"), parsed.Anchor);
    }

    [Theory]
    [InlineData("every 10 minutes starting in 1 minute", "2026-03-07T12:01:00Z", "2026-03-07T12:11:00Z", "2026-03-07T12:21:00Z")]
    [InlineData("every 2 hours starting in 90 minutes", "2026-03-07T13:30:00Z", "2026-03-07T15:30:00Z", "2026-03-07T17:30:00Z")]
    [InlineData("every day at 9am starting in 3 days", "2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z", "2026-03-12T09:00:00Z")]
    // Hours are an instant, not a day: from tomorrow 12:00 the first 09:00 is the day after.
    [InlineData("every day at 9am starting in 24 hours", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z")]
    [InlineData("every hour starting in 1 minute 2 times", "2026-03-07T12:01:00Z", "2026-03-07T13:01:00Z")]
    public void A_start_in_a_duration_is_that_long_from_now(string spec, params string[] expected)
    {
        var parsed = ScheduleParser.Parse(spec, Options());

        Occurrences(parsed, expected, Now.AddTicks(-1));
    }

    [Fact]
    public void A_start_in_months_is_refused_for_naming_no_fixed_instant() =>
        Assert.Contains("names no fixed instant; expected a duration in seconds", Rejects("every 10 minutes starting in 2 months").Message);
}
