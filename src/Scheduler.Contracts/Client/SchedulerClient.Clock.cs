using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>
    /// When this client's clock is a <see cref="RedisClock"/> (the CLI's), reads Redis's clock once and follows it, so
    /// "in 5 minutes" counts from the time the Beat goes by, not from this host's. Another clock is left as it is.
    /// </summary>
    /// <returns>Why Redis's clock could not be read (a user whose ACL denies <c>TIME</c>), or null.</returns>
    internal async Task<string?> FollowRedisClockAsync()
    {
        if (_time is not RedisClock clock) return null;
        try
        {
            clock.Follow(await ClockSample.TakeAsync(_store.Redis.GetDatabase(), clock.Host));
            return null;
        }
        // The host's clock then, as before: a command refused for want of TIME would be worse than one off by a clock's error.
        catch (Exception e) when (e is RedisServerException or InvalidCastException or FormatException) { return e.Message; }
    }

    /// <summary>How far ahead of Redis's clock each of <paramref name="processes"/>' host clock runs (negative: behind), as each last measured it.</summary>
    internal Task<IReadOnlyDictionary<string, TimeSpan>> GetClockSkewsAsync(IReadOnlyList<string> processes, CancellationToken cancellationToken = default) =>
        new ClockOffsets(_store.Redis, _store.Keys).ReadAsync(processes).WaitAsync(cancellationToken);
}
