using Scheduler.Cli.Output;

namespace Scheduler.UnitTests.Cli;

public class OptionTermsTests
{
    [Theory]
    [InlineData("maxRuns is 0; expected a positive number", "--max-runs is 0; expected a positive number")]
    [InlineData("endAt (2026-01-01T00:00:00.0000000+00:00) is not after startAfter (2026-02-01T00:00:00.0000000+00:00)",
        "--end-at (2026-01-01T00:00:00.0000000+00:00) is not after --start-after (2026-02-01T00:00:00.0000000+00:00)")]
    [InlineData("moduleId is empty; expected the owning module's name, or no moduleId", "--module is empty; expected the owning module's name, or no --module")]
    public void A_schedule_option_is_named_by_the_flag_that_gave_it(string message, string expected) =>
        Assert.Equal(expected, OptionTerms.InCliTerms(message));

    [Theory]
    [InlineData("shell \"command\" \"x\" is empty; expected \"useShell\": true (CLI --use-shell)")]
    [InlineData("notification \"maxRunsPerDay\" is unknown")]
    [InlineData("\"startAt\" in the task JSON is not a date")]
    public void Words_that_only_contain_an_option_name_are_left_as_written(string message) =>
        Assert.Equal(message, OptionTerms.InCliTerms(message));
}
