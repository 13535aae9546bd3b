using Scheduler.Contracts.Flow;

namespace Scheduler.UnitTests.FlowControl;

public sealed class RetryGateEntryTests
{
    [Fact]
    public void A_retry_entry_is_its_own_and_names_its_run()
    {
        var first = RetryGateEntry.For("nightly:1764925200000");
        var second = RetryGateEntry.For("nightly:1764925200000");

        Assert.NotEqual(first, second);
        Assert.Equal("nightly:1764925200000", RetryGateEntry.RunOf(first));
        Assert.Equal("nightly:1764925200000", RetryGateEntry.RunOf("nightly:1764925200000"));
    }
}
