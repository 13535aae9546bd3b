using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// The <see cref="FetchSignal"/> of one storage, subscribed to its fetch channel on the first fetch (a storage built
/// while Redis is down still starts). A message is a job id (Hangfire's client announces each job it queues) or, from a
/// batch that announced one job per queue, the count of its other jobs (<see cref="MoreJobs"/>). A reconnect wakes every
/// waiting worker: announcements sent while the connection was down are lost, and jobs queued then would otherwise
/// wait out the fetch timeout.
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
            redis.GetSubscriber().Subscribe(RedisChannel.Literal(channel), (_, message) => _signal.Announce(JobsIn(message)));
            redis.ConnectionRestored += (_, _) => _signal.Announce(int.MaxValue);
            _subscribed = true;
        }
    }

    private static readonly RedisValue CountMark = "+";

    /// <summary>The message that announces <paramref name="jobs"/> more queued jobs (a job id never starts with '+').</summary>
    public static RedisValue MoreJobs(int jobs) => $"{CountMark}{jobs}";

    /// <summary>How many jobs a fetch-channel message announces: a count message's count, else one.</summary>
    public static int JobsIn(RedisValue message) =>
        message.StartsWith(CountMark) && int.TryParse(((string)message!).AsSpan(1), out var jobs) && jobs > 0 ? jobs : 1;
}
