namespace Scheduler.Contracts.Storage;

/// <summary>
/// A clock that tells Redis's time rather than this host's: the host's clock plus the offset last measured against
/// Redis's <c>TIME</c> (<see cref="ClockSample"/>). Processes that share one Redis then agree on "now" even when their
/// hosts' clocks do not, so a Beat on a fast host does not fire before an occurrence's instant. Only the wall clock is
/// moved: timestamps, timers and delays are the host clock's, as durations are the same on every host.
/// </summary>
internal sealed class RedisClock(TimeProvider host) : TimeProvider
{
    private long _offsetTicks;
    private int _measured;

    /// <summary>The clock this one adds the offset to (<see cref="TimeProvider.System"/> in a running process).</summary>
    public TimeProvider Host { get; } = host;

    /// <summary>Redis's clock minus this host's, as last measured; zero until the first measurement.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Whether an offset was measured yet (false: this clock still tells the host's time).</summary>
    public bool Measured => Volatile.Read(ref _measured) == 1;

    /// <summary>Follows Redis's clock as <paramref name="sample"/> measured it.</summary>
    public void Follow(ClockSample sample)
    {
        Interlocked.Exchange(ref _offsetTicks, sample.Offset.Ticks);
        Volatile.Write(ref _measured, 1);
    }

    public override DateTimeOffset GetUtcNow() => Host.GetUtcNow() + Offset;

    public override long GetTimestamp() => Host.GetTimestamp();

    public override long TimestampFrequency => Host.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Host.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Host.CreateTimer(callback, state, dueTime, period);
}
