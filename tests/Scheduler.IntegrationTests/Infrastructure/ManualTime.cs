namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>A clock a test moves by hand, for leases, windows and creation order that must not depend on how fast the machine runs.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
