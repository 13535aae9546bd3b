using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// When this process last found Redis failing (a lost connection, a timeout, a refused write). A silence of others is
/// evidence of their death only while Redis itself has been answering: during an outage every live process falls
/// silent at once, and judging them dead then re-runs work they still hold.
/// </summary>
public sealed class RedisHealth
{
    private readonly TimeProvider _time;
    private long _lastTroubleMs;

    public RedisHealth(IConnectionMultiplexer redis, TimeProvider time)
    {
        _time = time;
        // Restored counts too: until the other processes have written again, their silence still says nothing.
        redis.ConnectionFailed += (_, _) => ReportTrouble();
        redis.ConnectionRestored += (_, _) => ReportTrouble();
    }

    /// <summary>Records that a call to Redis failed just now.</summary>
    public void ReportTrouble() => Interlocked.Exchange(ref _lastTroubleMs, _time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>True when Redis failed (or came back) less than <paramref name="window"/> ago.</summary>
    public bool TroubledWithin(TimeSpan window) =>
        _time.GetUtcNow().ToUnixTimeMilliseconds() - Interlocked.Read(ref _lastTroubleMs) < (long)window.TotalMilliseconds;
}
