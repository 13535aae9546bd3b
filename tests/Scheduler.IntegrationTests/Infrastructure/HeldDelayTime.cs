namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>
/// The system clock, except that a wait of exactly <paramref name="held"/> never ends by itself (only its cancellation
/// ends it): a test holds code at a known wait for as long as it needs, on any machine's speed.
/// </summary>
internal sealed class HeldDelayTime(TimeSpan held) : TimeProvider
{
    private int _held;

    /// <summary>How many waits of the held length were begun.</summary>
    public int Held => Volatile.Read(ref _held);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow();

    public override long GetTimestamp() => System.GetTimestamp();

    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != held || period != Timeout.InfiniteTimeSpan) return System.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _held);
        return new NeverFires();
    }

    private sealed class NeverFires : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose() { }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
