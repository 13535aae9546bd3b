using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

/// <summary>
/// Appends lifecycle and execution events to the capped Redis stream. Writes are fire-and-forget: they are sent in
/// order on the shared connection, but no caller waits for the reply on its hot path.
/// </summary>
internal sealed class EventStream(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider time)
{
    internal const int MaxLength = 100_000;

    public Task<RedisValue> PublishAsync(string type, string taskId, IEnumerable<KeyValuePair<string, string>>? data = null)
    {
        var fields = new List<NameValueEntry>
        {
            new("type", type), new("taskId", taskId), new("at", time.GetUtcNow().ToUnixTimeMilliseconds()),
        };
        if (data is not null) fields.AddRange(data.Select(d => new NameValueEntry(d.Key, d.Value)));
        return redis.GetDatabase().StreamAddAsync(keys.Events, [.. fields], maxLength: MaxLength, useApproximateMaxLength: true, flags: CommandFlags.FireAndForget);
    }
}
