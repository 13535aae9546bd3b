using Microsoft.Extensions.Time.Testing;
using Scheduler.Cli;
using Scheduler.Cli.Commands;

namespace Scheduler.UnitTests.Cli;

/// <summary>`pause --until 2h` pauses for two hours, as `audit --since 2h` looks two hours back.</summary>
public sealed class PauseUntilTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 3, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2h", "2026-12-03T05:30:00+00:00")]
    [InlineData("90m", "2026-12-03T05:00:00+00:00")]
    [InlineData("1d", "2026-12-04T03:30:00+00:00")]
    [InlineData("2026-12-05T09:00", "2026-12-05T09:00:00+00:00")]
    [InlineData("in 2 hours", "2026-12-03T05:30:00+00:00")]
    public void Until_takes_a_duration_from_now_or_an_instant(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), InstantOption.ReadAhead(text, "--until", null, new FakeTimeProvider(Now)));

    [Fact]
    public void A_duration_beyond_ten_years_is_refused_naming_the_option()
    {
        var e = Assert.Throws<CliException>(() => InstantOption.ReadAhead("4000d", "--until", null, new FakeTimeProvider(Now)));
        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
        Assert.Contains("--until \"4000d\" is out of range", e.Message);
    }
}
