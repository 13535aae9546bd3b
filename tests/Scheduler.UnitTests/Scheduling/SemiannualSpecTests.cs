using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// "semi-annually", "half-yearly", "twice a year on the 1st": the calendar halves (Jan and Jul; from the month's end,
/// Jun and Dec), as "quarterly" is the calendar quarters, whereas "every 6 months" counts from its first run. Now is
/// Saturday 2026-03-07 12:00 UTC, in Europe/Berlin (CET; CEST from Mar 29).
/// </summary>
public sealed class SemiannualSpecTests
{
    private const string Berlin = "Europe/Berlin";

    [Theory]
    [InlineData("semi-annually on the 1st at 9am")]
    [InlineData("semiannually on the 1st at 9am")]
    [InlineData("semi annually on the first at 9am")]
    [InlineData("half-yearly on the 1st at 9am")]
    [InlineData("every half year on the 1st at 9am")]
    [InlineData("twice a year on the 1st at 9am")]
    [InlineData("at 9am semi-annually on the 1st")]
    [InlineData("every month on the 1st in jan and jul at 9am")]
    public void Semi_annually_runs_on_the_first_of_january_and_july_in_either_offset(string spec)
    {
        var parsed = ScheduleParser.Parse(spec, Options(Berlin));
        Assert.Equal(ScheduleKind.Cron, parsed.Kind);
        Assert.Equal("0 9 1 1,7 *", parsed.Canonical);
        // 09:00 in summer time (07:00 UTC) and in winter time (08:00 UTC).
        Occurrences(parsed, ["2026-07-01T07:00:00Z", "2027-01-01T08:00:00Z", "2027-07-01T07:00:00Z"]);
    }

    [Theory]
    [InlineData("semi-annually", "0 0 1 1,7 *")]
    [InlineData("semi-annually on the last day at 5pm", "0 17 L 6,12 *")]
    [InlineData("semi-annually on the first monday at 9am", "0 9 * 1,7 1#1")]
    // Counted from its first run (Apr 1 after Mar 7), not on the calendar's halves.
    [InlineData("every six months on the 1st at 9am", "0 9 1 4,10 *")]
    public void The_halves_are_the_calendars_and_a_count_of_months_starts_from_the_first_run(string spec, string cron)
    {
        Assert.Equal(cron, ScheduleParser.Parse(spec, Options(Berlin)).Canonical);
    }

    [Fact]
    public void A_bounded_semi_annual_schedule_is_a_rule_described_by_its_half_years()
    {
        var parsed = ScheduleParser.Parse("semi-annually on the 1st at 9am until dec 31 2027", Options(Berlin));
        Assert.Equal(ScheduleKind.Rule, parsed.Kind);
        Assert.Equal("every half year on the 1st in January and July at 09:00, until 2027-12-31 (Europe/Berlin)", parsed.Description);
        Occurrences(parsed, ["2026-07-01T07:00:00Z", "2027-01-01T08:00:00Z", "2027-07-01T07:00:00Z"]);
        Assert.Equal(3, parsed.Next(10, Now).Count);
    }

    [Theory]
    [InlineData("semi-anually on the 1st at 9am", "unknown word \"semi-anually\"", "write \"semi-annually\"")]
    [InlineData("twice a year", "\"twice a year\" in \"twice a year\" does not say when", "\"semi-annually on the 1st at 9am\"")]
    [InlineData("twice a year at 9am", "does not say when", "\"twice a year on the 1st at 9am\"")]
    [InlineData("semi-annually in march", "names months in a semi-annual schedule", "\"every month on the 1st in jan and jul\"")]
    [InlineData("biannually on the 1st", "twice a year or every two years", "\"every 6 months on the 1st\"")]
    public void A_semi_annual_spec_that_is_misspelt_or_says_too_little_is_refused_with_the_form_to_write(string spec, string badPart, string suggestion)
    {
        var message = Rejects(spec, Berlin).Message;
        Assert.Contains(badPart, message);
        Assert.Contains(suggestion, message);
    }
}
