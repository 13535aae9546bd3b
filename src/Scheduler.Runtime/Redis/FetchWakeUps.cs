using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// The <see cref="FetchSignal"/> of one storage, subscribed to its fetch channel on the first fetch (a storage built
/// while Redis is down still starts). A reconnect also wakes a worker (who passes on to the next if it finds a job):
/// announcements sent while the connection was down are lost, and jobs queued then would otherwise wait out the fetch
/// timeout.
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
