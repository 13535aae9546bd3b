using Scheduler.Contracts.Scheduling;

namespace Scheduler.UnitTests.Scheduling;

public sealed class ScheduleParserSmokeTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void In_five_seconds_is_once_five_seconds_after_now()
    {
        var parsed = ScheduleParser.Parse("in 5 seconds", new ScheduleParseOptions { Now = Now });
        Assert.Equal(ScheduleKind.Once, parsed.Kind);
        Assert.Equal(Now.AddSeconds(5), parsed.NextAfter(Now));
    }
}
