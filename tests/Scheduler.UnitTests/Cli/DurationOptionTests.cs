using Scheduler.Cli;
using Scheduler.Cli.Output;

namespace Scheduler.UnitTests.Cli;

/// <summary>Durations on the command line (<c>--wait</c>, <c>--since</c>, <c>--interval</c>, …): days included, and a range stated.</summary>
public sealed class DurationOptionTests
{
    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1.5h", 5400)]
    [InlineData("2d", 172_800)]
    [InlineData("3650d", 315_360_000)]
    [InlineData("45", 45)]
    [InlineData("06:00:00", 21_600)]
    [InlineData("06:00", 21_600)]
    [InlineData("1.00:00:00", 86_400)]
    [InlineData("00:00:00.250", 0.25)]
    public void Durations_are_read_in_ms_s_m_h_or_d_or_as_hh_mm_ss(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Durations.ParseOption(text, "--wait"));

    [Theory]
    [InlineData("99999d", "--wait")]
    [InlineData("100000d", "--since")]
    [InlineData("87601h", "--timeout")]
    [InlineData("99999999999999999999999999s", "--wait")]
    public void A_duration_beyond_ten_years_is_out_of_range_not_unreadable(string text, string option)
    {
        var error = Assert.Throws<CliException>(() => Durations.ParseOption(text, option));
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal($"{option} \"{text}\" is out of range; expected a duration from 0 to 3650d (10 years)", error.Message);
    }

    [Fact]
    public void A_word_is_not_a_duration_and_the_error_shows_the_forms_read()
    {
        var error = Assert.Throws<CliException>(() => Durations.ParseOption("soon", "--wait"));
        Assert.Equal("--wait \"soon\" is not a duration; expected e.g. 500ms, 30s, 5m, 1h, 2d or 06:00:00", error.Message);
    }

    [Theory]
    [InlineData("-00:01:00")]
    [InlineData("25:00")]
    [InlineData("6:00:00:00:00")]
    public void A_clock_form_that_is_negative_or_malformed_is_not_a_duration(string text)
    {
        var error = Assert.Throws<CliException>(() => Durations.ParseOption(text, "--interval"));
        Assert.Equal($"--interval \"{text}\" is not a duration; expected e.g. 500ms, 30s, 5m, 1h, 2d or 06:00:00", error.Message);
    }

    [Fact]
    public void A_clock_form_beyond_ten_years_is_out_of_range()
    {
        var error = Assert.Throws<CliException>(() => Durations.ParseOption("3651.00:00:00", "--wait"));
        Assert.Equal("--wait \"3651.00:00:00\" is out of range; expected a duration from 0 to 3650d (10 years)", error.Message);
    }
}
