namespace Scheduler.IntegrationTests.FlowControl;

/// <summary>A clock a test moves by hand, for the gate's leases and windows (the gate takes "now" from its store's clock).</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
