namespace Scheduler.Runtime.Hosting;

/// <summary>
/// When Redis last took this process's heartbeat (<see cref="Heartbeat"/>), and how often one is written: the age of the
/// last one is how long the rest of the cluster may have been without news of this process, and Beat takes a worker
/// silent past <c>Scheduler:Beat:WorkerDeadAfter</c> for dead.
/// </summary>
public sealed class HeartbeatClock(TimeProvider time)
{
    private long _lastWrittenMs = time.GetUtcNow().ToUnixTimeMilliseconds();
    private long _intervalTicks = Heartbeat.Interval.Ticks;

    /// <summary>
    /// The time the last heartbeat Redis took was stamped with (this process's start until the first one). The stamp is
    /// taken before the write: readers judge by it, not by when the write's reply came.
    /// </summary>
    public DateTimeOffset LastWritten => DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref _lastWrittenMs));

    /// <summary>How often the heartbeat is written: <see cref="Heartbeat.Interval"/>, or less as a process asks (<see cref="AtMost"/>).</summary>
    public TimeSpan Interval => TimeSpan.FromTicks(Interlocked.Read(ref _intervalTicks));

    /// <summary>Writes the heartbeat at least every <paramref name="interval"/> (never less often than <see cref="Heartbeat.Interval"/>).</summary>
    public void AtMost(TimeSpan interval)
    {
        if (interval > TimeSpan.Zero && interval < Interval) Interlocked.Exchange(ref _intervalTicks, interval.Ticks);
    }

    internal void Written(DateTimeOffset stampedAt)
    {
        var ms = stampedAt.ToUnixTimeMilliseconds();
        // Writes overlap only across a slow one; the newest stamp Redis took wins.
        long seen;
        while ((seen = Interlocked.Read(ref _lastWrittenMs)) < ms && Interlocked.CompareExchange(ref _lastWrittenMs, ms, seen) != seen) { }
    }
}
