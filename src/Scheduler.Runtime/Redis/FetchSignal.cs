using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// Wakes the workers waiting for a job when one is announced on Hangfire's fetch channel. A worker reads
/// <see cref="Generation"/> before it looks at its queues and, finding them empty, waits for a later one, so an
/// announcement that arrives between the look and the wait is never lost: the wait returns at once and the worker looks
/// again. (Hangfire.Redis.StackExchange resets one shared event before each wait, erasing such an announcement; the job
/// then sat in its queue beside idle workers until the next message or the fetch timeout.)
/// </summary>
internal sealed class FetchSignal
{
    // A monitor, not a task or a slim event: those spin before they block, and ten idle workers spinning on every empty
    // look cost a two-core machine more than the wake-up saves.
    private readonly object _gate = new();
    private long _generation;

    /// <summary>How many announcements there have been; a worker waits for this to move past what it read.</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>Wakes every worker waiting on a <see cref="Generation"/> read before this call.</summary>
    public void Announce()
    {
        lock (_gate)
        {
            _generation++;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Blocks the worker's thread until there was an announcement after <paramref name="seen"/>, the timeout passed or
    /// the worker stops (its caller's loop checks the token).
    /// </summary>
    public void Wait(long seen, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Generation != seen || cancellationToken.IsCancellationRequested) return;
        using var stopping = cancellationToken.Register(Announce);
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_gate)
        {
            while (_generation == seen && !cancellationToken.IsCancellationRequested)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0 || !Monitor.Wait(_gate, TimeSpan.FromMilliseconds(left))) return;
            }
        }
    }
}

/// <summary>
/// The <see cref="FetchSignal"/> of one storage, subscribed to its fetch channel on the first fetch (a storage built
/// while Redis is down still starts). A reconnect also wakes the workers: announcements sent while the connection was
/// down are lost, and jobs queued then would otherwise wait out the fetch timeout.
/// </summary>
internal sealed class FetchWakeUps(IConnectionMultiplexer redis, string channel)
{
    private readonly FetchSignal _signal = new();
    private readonly Lock _gate = new();
    private volatile bool _subscribed;

    public FetchSignal Signal
    {
        get
        {
            if (!_subscribed) Subscribe();
            return _signal;
        }
    }

    private void Subscribe()
    {
        lock (_gate)
        {
            if (_subscribed) return;
            redis.GetSubscriber().Subscribe(RedisChannel.Literal(channel), (_, _) => _signal.Announce());
            redis.ConnectionRestored += (_, _) => _signal.Announce();
            _subscribed = true;
        }
    }
}
