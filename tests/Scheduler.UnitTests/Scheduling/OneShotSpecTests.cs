using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>One-shot natural language, ISO and prefixed forms; now is Saturday 2026-03-07 12:00 UTC.</summary>
public sealed class OneShotSpecTests
{
    [Theory]
    [InlineData("now")]
    [InlineData("Right now")]
    [InlineData("immediately")]
    [InlineData("ASAP")]
    [InlineData("as soon as possible")]
    public void Now_and_its_everyday_words_are_a_one_shot_at_the_instant_of_parsing(string spec)
    {
        var now = new DateTimeOffset(2026, 3, 7, 12, 0, 0, TimeSpan.Zero);
        var parsed = ScheduleParser.Parse(spec, new ScheduleParseOptions { Now = now });
        Assert.Equal((ScheduleKind.Once, now), (parsed.Kind, parsed.Anchor));
        Assert.Equal([now], parsed.NextInZone(1, now));
    }

    [Theory]
    [InlineData("in 30 minutes", "2026-03-07T12:30:00Z")]
    [InlineData("in 2 hours", "2026-03-07T14:00:00Z")]
    [InlineData("in 1 day", "2026-03-08T12:00:00Z")]
    [InlineData("in 90 seconds", "2026-03-07T12:01:30Z")]
    [InlineData("in 1h30m", "2026-03-07T13:30:00Z")]
    [InlineData("in 1 hour and 30 minutes", "2026-03-07T13:30:00Z")]
    [InlineData("in 1 hour, 30 minutes", "2026-03-07T13:30:00Z")]
    [InlineData("in an hour", "2026-03-07T13:00:00Z")]
    [InlineData("in a minute", "2026-03-07T12:01:00Z")]
    [InlineData("in 2 weeks", "2026-03-21T12:00:00Z")]
    [InlineData("in 5 mins", "2026-03-07T12:05:00Z")]
    [InlineData("in 3 hrs", "2026-03-07T15:00:00Z")]
    [InlineData("in 1d2h", "2026-03-08T14:00:00Z")]
    [InlineData("in 1 month", "2026-04-07T12:00:00Z")]
    [InlineData("in 1 year", "2027-03-07T12:00:00Z")]
    [InlineData("in:1h", "2026-03-07T13:00:00Z")]
    [InlineData("in:30m", "2026-03-07T12:30:00Z")]
    [InlineData("in:90s", "2026-03-07T12:01:30Z")]
    [InlineData("in: 2 hours", "2026-03-07T14:00:00Z")]
    [InlineData("IN:PT1H30M", "2026-03-07T13:30:00Z")]
    [InlineData("  In   30   Minutes  ", "2026-03-07T12:30:00Z")]
    [InlineData("tomorrow", "2026-03-08T12:00:00Z")]
    [InlineData("on february 29th, 2028 at 9am", "2028-02-29T09:00:00Z")]
    [InlineData("dec 24, 2027 at 6pm", "2027-12-24T18:00:00Z")]
    [InlineData("tomorrow at 2pm", "2026-03-08T14:00:00Z")]
    [InlineData("tomorrow 09:30", "2026-03-08T09:30:00Z")]
    [InlineData("at 2pm tomorrow", "2026-03-08T14:00:00Z")]
    [InlineData("tomorrow at 2:30 pm", "2026-03-08T14:30:00Z")]
    [InlineData("tomorrow at noon", "2026-03-08T12:00:00Z")]
    [InlineData("tomorrow at midnight", "2026-03-08T00:00:00Z")]
    [InlineData("next week", "2026-03-14T12:00:00Z")]
    [InlineData("next month", "2026-04-07T12:00:00Z")]
    [InlineData("next year", "2027-03-07T12:00:00Z")]
    [InlineData("next monday", "2026-03-09T12:00:00Z")]
    [InlineData("next monday at 9:00", "2026-03-09T09:00:00Z")]
    [InlineData("next mon at 9am", "2026-03-09T09:00:00Z")]
    [InlineData("at 9am next friday", "2026-03-13T09:00:00Z")]
    [InlineData("next saturday", "2026-03-14T12:00:00Z")]
    [InlineData("next sunday", "2026-03-08T12:00:00Z")]
    [InlineData("saturday at 3pm", "2026-03-07T15:00:00Z")]
    [InlineData("saturday at 9am", "2026-03-14T09:00:00Z")]
    [InlineData("on monday", "2026-03-09T12:00:00Z")]
    [InlineData("on tuesday at 18:45", "2026-03-10T18:45:00Z")]
    [InlineData("at 14:30", "2026-03-07T14:30:00Z")]
    [InlineData("at 11:00", "2026-03-08T11:00:00Z")]
    [InlineData("at 12:00", "2026-03-08T12:00:00Z")]
    [InlineData("at 12:00:01", "2026-03-07T12:00:01Z")]
    [InlineData("today at 5pm", "2026-03-07T17:00:00Z")]
    [InlineData("5pm", "2026-03-07T17:00:00Z")]
    [InlineData("17:05", "2026-03-07T17:05:00Z")]
    [InlineData("at 9", "2026-03-08T09:00:00Z")]
    [InlineData("at 9 pm", "2026-03-07T21:00:00Z")]
    [InlineData("at 12am", "2026-03-08T00:00:00Z")]
    [InlineData("at 12pm", "2026-03-08T12:00:00Z")]
    [InlineData("at 11:59pm", "2026-03-07T23:59:00Z")]
    [InlineData("noon", "2026-03-08T12:00:00Z")]
    [InlineData("midnight", "2026-03-08T00:00:00Z")]
    [InlineData("on 2026-12-24 at 18:00", "2026-12-24T18:00:00Z")]
    [InlineData("2026-12-24 at 6pm", "2026-12-24T18:00:00Z")]
    [InlineData("on 2026-12-24", "2026-12-24T00:00:00Z")]
    [InlineData("on dec 24 at 6pm", "2026-12-24T18:00:00Z")]
    [InlineData("on December 24th at 6pm", "2026-12-24T18:00:00Z")]
    [InlineData("dec 24", "2026-12-24T00:00:00Z")]
    [InlineData("24 dec", "2026-12-24T00:00:00Z")]
    [InlineData("24th of december 2027 at 6pm", "2027-12-24T18:00:00Z")]
    [InlineData("on the 24th of december at 6pm", "2026-12-24T18:00:00Z")]
    [InlineData("the 24th of dec 2027", "2027-12-24T00:00:00Z")]
    [InlineData("at 6pm on the 24th of december", "2026-12-24T18:00:00Z")]
    [InlineData("on dec 24 2026 18:00", "2026-12-24T18:00:00Z")]
    [InlineData("on mar 7 at 1pm", "2026-03-07T13:00:00Z")]
    [InlineData("on feb 29", "2028-02-29T00:00:00Z")]
    [InlineData("on jan 31 at 23:59", "2027-01-31T23:59:00Z")]
    [InlineData("2026-07-27T14:30:00Z", "2026-07-27T14:30:00Z")]
    [InlineData("2026-07-27T14:30:00+02:00", "2026-07-27T12:30:00Z")]
    [InlineData("2026-07-27T14:30:00-0500", "2026-07-27T19:30:00Z")]
    [InlineData("2026-07-27T14:30:00", "2026-07-27T14:30:00Z")]
    [InlineData("2026-07-27t14:30z", "2026-07-27T14:30:00Z")]
    [InlineData("2026-07-27 14:30", "2026-07-27T14:30:00Z")]
    [InlineData("at:2026-05-14T14:30:00", "2026-05-14T14:30:00Z")]
    [InlineData("at:2026-05-14T14:30:00Z", "2026-05-14T14:30:00Z")]
    [InlineData("at:2026-05-14T14:30:00+01:00", "2026-05-14T13:30:00Z")]
    [InlineData("at: 14:30", "2026-03-07T14:30:00Z")]
    [InlineData("at:tomorrow 9am", "2026-03-08T09:00:00Z")]
    public void One_shot_spec_resolves_to_the_expected_instant_in_utc(string spec, string expected)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(ScheduleKind.Once, parsed.Kind);
        Assert.False(parsed.IsRecurring);
        Assert.Equal(Instant(expected), parsed.Anchor);
        Assert.Equal(Instant(expected).ToString("O"), parsed.Canonical);
        Occurrences(parsed, [expected]);
        Assert.Null(parsed.NextAfter(Instant(expected)));
    }

    [Theory]
    [InlineData("tomorrow at 2pm", "Europe/Berlin", "2026-03-08T13:00:00Z")]
    [InlineData("at 14:30", "Europe/Berlin", "2026-03-07T13:30:00Z")]
    [InlineData("noon", "Europe/Berlin", "2026-03-08T11:00:00Z")]
    [InlineData("midnight", "Europe/Berlin", "2026-03-07T23:00:00Z")]
    [InlineData("tomorrow", "Europe/Berlin", "2026-03-08T12:00:00Z")]
    [InlineData("2026-07-27T14:30:00", "Europe/Berlin", "2026-07-27T12:30:00Z")]
    [InlineData("2026-07-27T14:30:00Z", "Europe/Berlin", "2026-07-27T14:30:00Z")]
    [InlineData("at:2026-12-24T18:00", "Europe/Berlin", "2026-12-24T17:00:00Z")]
    [InlineData("on dec 24 at 6pm", "Europe/Berlin", "2026-12-24T17:00:00Z")]
    [InlineData("at 9am", "America/New_York", "2026-03-07T14:00:00Z")]
    [InlineData("tomorrow", "America/New_York", "2026-03-08T11:00:00Z")]
    [InlineData("tomorrow at 9am", "America/New_York", "2026-03-08T13:00:00Z")]
    [InlineData("next monday at 9am", "America/New_York", "2026-03-09T13:00:00Z")]
    [InlineData("at 9am", "Australia/Sydney", "2026-03-07T22:00:00Z")]
    [InlineData("next monday at 9am", "Australia/Sydney", "2026-03-08T22:00:00Z")]
    [InlineData("monday at 9am", "Australia/Sydney", "2026-03-08T22:00:00Z")]
    [InlineData("in 1 day", "America/New_York", "2026-03-08T12:00:00Z")]
    [InlineData("in 1 month", "Europe/Berlin", "2026-04-07T11:00:00Z")]
    public void Wall_clock_one_shot_specs_resolve_in_the_schedule_zone(string spec, string zone, string expected)
    {
        var parsed = ScheduleParser.Parse(spec, Options(zone));
        Assert.Equal(Instant(expected), parsed.Anchor);
        Assert.Equal(zone, parsed.TimeZone);
    }

    [Theory]
    [InlineData("on mar 29 at 2:30", "Europe/Berlin", "2026-03-29T01:00:00Z")]
    [InlineData("on oct 25 at 2:30", "Europe/Berlin", "2026-10-25T00:30:00Z")]
    [InlineData("on oct 25 at 3:30", "Europe/Berlin", "2026-10-25T02:30:00Z")]
    [InlineData("on mar 8 at 2:30", "America/New_York", "2026-03-08T07:00:00Z")]
    [InlineData("tomorrow at 2:30am", "America/New_York", "2026-03-08T07:00:00Z")]
    [InlineData("on nov 1 at 1:30", "America/New_York", "2026-11-01T05:30:00Z")]
    [InlineData("2026-11-01T01:30:00", "America/New_York", "2026-11-01T05:30:00Z")]
    [InlineData("2026-03-08T02:15:00", "America/New_York", "2026-03-08T07:00:00Z")]
    [InlineData("on apr 5 at 2:30", "Australia/Sydney", "2026-04-04T15:30:00Z")]
    [InlineData("on oct 4 at 2:30", "Australia/Sydney", "2026-10-03T16:00:00Z")]
    [InlineData("on oct 4 at 3:00", "Australia/Sydney", "2026-10-03T16:00:00Z")]
    public void One_shot_wall_times_in_dst_gaps_move_past_the_gap_and_ambiguous_ones_take_the_first(string spec, string zone, string expected)
    {
        Assert.Equal(Instant(expected), ScheduleParser.Parse(spec, Options(zone)).Anchor);
    }

    [Theory]
    [InlineData("on 2026-W45-4 at 9am", "UTC", "2026-11-05T09:00:00Z")]
    [InlineData("2026-w45-4", "UTC", "2026-11-05T00:00:00Z")]
    [InlineData("2026-309", "UTC", "2026-11-05T00:00:00Z")]
    [InlineData("on 2026-309 at 9am", "Europe/Berlin", "2026-11-05T08:00:00Z")]
    public void A_week_or_ordinal_date_alone_is_read_as_its_calendar_date(string spec, string zone, string expected)
    {
        Assert.Equal(Instant(expected), ScheduleParser.Parse(spec, Options(zone)).Anchor);
    }

    [Theory]
    [InlineData("on 2026-W54-1 at 9am", "invalid week date \"2026-W54-1\"", "year 2026 has weeks 01 to 53")]
    [InlineData("2026-366", "invalid ordinal date \"2026-366\"", "year 2026 has days 001 to 365")]
    [InlineData("2027-W05-8", "invalid week date \"2027-W05-8\"", "the day 1 (Monday) to 7 (Sunday)")]
    [InlineData("on 2027-W5-3 at 9am", "invalid week date \"2027-W5-3\"", "the week 01 to 52")]
    [InlineData("every day at 9am starting 2027-W05-9", "invalid week date \"2027-W05-9\"", "e.g. 2027-W05-3")]
    public void A_week_or_ordinal_date_the_year_lacks_is_refused_naming_its_range(string spec, string quoted, string range)
    {
        var error = Assert.Throws<ScheduleSpecException>(() => ScheduleParser.Parse(spec, Options("UTC")));
        Assert.Contains(quoted, error.Message);
        Assert.Contains(range, error.Message);
    }

    [Theory]
    [InlineData("2026-03-01T00:00:00Z")]
    [InlineData("at:2023-05-14T14:30:00")]
    [InlineData("on 2026-03-01")]
    [InlineData("today at 9am")]
    [InlineData("on dec 24 2025")]
    public void One_shot_specs_in_the_past_are_rejected(string spec)
    {
        var error = Rejects(spec);
        Assert.Contains("in the past", error.Message);
        // The option by the names a caller can set: AllowPast is the parser's, not one the client, CLI or REST has.
        Assert.Contains("runIfPast", error.Message);
        Assert.Contains("--run-if-past", error.Message);
        Assert.DoesNotContain("AllowPast", error.Message);
    }

    // Said at noon on Mar 7 (ScheduleAssert.Now): read as next year's, each would run a year late without a word.
    [Theory]
    [InlineData("on mar 7", "12 hours ago", "2027-03-07")]
    [InlineData("on mar 7 at 11am", "60 minutes ago", "2027-03-07")]
    [InlineData("on feb 14 at 9am", "21 days ago", "2027-02-14")]
    public void A_date_without_a_year_that_passed_within_the_last_31_days_is_refused_with_next_years_to_write(string spec, string ago, string next)
    {
        var error = Rejects(spec);
        Assert.Contains($"which was {ago}", error.Message);
        Assert.Contains($"\"{next}\"", error.Message);
    }

    [Theory]
    [InlineData("2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z")]
    [InlineData("today at 9am", "2026-03-07T09:00:00Z")]
    public void One_shot_specs_in_the_past_are_kept_with_allow_past(string spec, string expected)
    {
        var parsed = ScheduleParser.Parse(spec, Options(allowPast: true));
        Assert.Equal(Instant(expected), parsed.Anchor);
    }

    [Fact]
    public void Fractional_seconds_survive_in_the_round_trip_canonical()
    {
        var parsed = ScheduleParser.Parse("at:2026-05-14T14:30:00.5Z", Options());
        Assert.Equal("2026-05-14T14:30:00.5000000+00:00", parsed.Canonical);
    }

    [Theory]
    [InlineData("tomorrow at 2pm", "Europe/Berlin", "once at 2026-03-08 14:00 (Europe/Berlin)")]
    [InlineData("on 2026-12-24 at 18:00", "Europe/Berlin", "once at 2026-12-24 18:00 (Europe/Berlin)")]
    [InlineData("in 90 seconds", "UTC", "once at 2026-03-07 12:01:30 (UTC)")]
    public void One_shot_description_shows_the_local_time_and_zone(string spec, string zone, string expected)
    {
        Assert.Equal(expected, ScheduleParser.Parse(spec, Options(zone)).Description);
    }
}
