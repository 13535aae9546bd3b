namespace Scheduler.Runtime.Hosting;

/// <summary>
/// When Redis last took this process's heartbeat (<see cref="Heartbeat"/>), and how often one is written: the age of the
/// last one is how long the rest of the cluster may have been without news of this process, and Beat takes a worker
/// silent past <c>Scheduler:Beat:WorkerDeadAfter</c> for dead.
/// </summary>
public sealed class HeartbeatClock(TimeProvider time)
{
    // Monotonic (TimeProvider.GetTimestamp): a step of the host's clock or of Redis's offset does not age a heartbeat.
    private long _lastWritten = time.GetTimestamp();
    private long _intervalTicks = Heartbeat.Interval.Ticks;

    /// <summary>
    /// How long ago the last heartbeat Redis took was stamped (this process's start until the first one). The stamp is
    /// taken before the write: Beat judges by it, not by when the write's reply came.
    /// </summary>
    public TimeSpan SinceLastWritten => time.GetElapsedTime(Interlocked.Read(ref _lastWritten));

    /// <summary>How often the heartbeat is written: <see cref="Heartbeat.Interval"/>, or less as a process asks (<see cref="AtMost"/>).</summary>
    public TimeSpan Interval => TimeSpan.FromTicks(Interlocked.Read(ref _intervalTicks));

    /// <summary>Writes the heartbeat at least every <paramref name="interval"/> (never less often than <see cref="Heartbeat.Interval"/>).</summary>
    public void AtMost(TimeSpan interval)
    {
        long seen;
        while (interval > TimeSpan.Zero && interval.Ticks < (seen = Interlocked.Read(ref _intervalTicks))
               && Interlocked.CompareExchange(ref _intervalTicks, interval.Ticks, seen) != seen) { }
    }

    /// <summary>Notes a heartbeat Redis took, stamped at <paramref name="timestamp"/> (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    internal void Written(long timestamp)
    {
        // Writes overlap only across a slow one; the newest stamp Redis took wins.
        long seen;
        while ((seen = Interlocked.Read(ref _lastWritten)) < timestamp && Interlocked.CompareExchange(ref _lastWritten, timestamp, seen) != seen) { }
    }
}
