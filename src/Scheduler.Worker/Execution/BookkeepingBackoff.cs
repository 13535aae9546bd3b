namespace Scheduler.Worker.Execution;

/// <summary>How long <see cref="Bookkeeping"/> waits before repeating a write: doubling from <see cref="First"/> up to <see cref="Cap"/>, jittered.</summary>
internal static class BookkeepingBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(100);

    /// <summary>Short enough that a write lands within seconds of Redis coming back.</summary>
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(2);

    /// <summary>The wait after <paramref name="failures"/> earlier failures; <paramref name="jitter"/> in [0, 1) takes off up to half.</summary>
    public static TimeSpan Delay(int failures, double jitter)
    {
        var full = failures >= 16 ? Cap : TimeSpan.FromTicks(Math.Min(Cap.Ticks, First.Ticks << failures));
        return full * (1 - Math.Clamp(jitter, 0, 1) / 2);
    }
}
