namespace Scheduler.Runtime.Clock;

/// <summary>
/// Test only: a host clock <paramref name="shift"/> off the real one (<see cref="ClockOptions.TestHostShiftVariable"/>),
/// so an end-to-end test can run a Beat or worker whose host clock is wrong, as libfaketime would make it without
/// depending on it. Only the wall clock is shifted; timestamps and timers are the real ones.
/// </summary>
internal sealed class ShiftedHostClock(TimeProvider real, TimeSpan shift) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => real.GetUtcNow() + shift;

    public override long GetTimestamp() => real.GetTimestamp();

    public override long TimestampFrequency => real.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => real.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        real.CreateTimer(callback, state, dueTime, period);
}
