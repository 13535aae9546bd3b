using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// Wakes the workers waiting for a job when one is announced on Hangfire's fetch channel. A worker takes
/// <see cref="Next"/> before it looks at its queues and waits on that after finding them empty, so an announcement that
/// arrives between the look and the wait is never lost: the wait returns at once and the worker looks again.
/// (Hangfire.Redis.StackExchange resets one shared event before each wait, erasing such an announcement; the job then
/// sat in its queue beside idle workers until the next message or the fetch timeout.)
/// </summary>
internal sealed class FetchSignal
{
    private TaskCompletionSource _next = NewWakeUp();

    /// <summary>Completes at the first announcement after it was read.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Wakes every worker waiting on a <see cref="Next"/> read before this call.</summary>
    public void Announce() => Interlocked.Exchange(ref _next, NewWakeUp()).TrySetResult();

    /// <summary>Blocks the worker's thread until <paramref name="next"/> completes, the timeout passes or the worker stops.</summary>
    public static void Wait(Task next, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            next.Wait(timeout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The caller's loop checks the token; a stopping worker returns from there.
        }
    }

    private static TaskCompletionSource NewWakeUp() => new(TaskCreationOptions.RunContinuationsAsynchronously);
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
