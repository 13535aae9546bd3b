using System.Text.Json;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Contracts.Capabilities;

/// <summary>
/// Workers' advertised capabilities in Redis: one JSON string per worker (<see cref="RedisKeys.Capabilities"/>),
/// rewritten with each heartbeat and expiring after <see cref="TimeToLive"/>, so only live workers count.
/// </summary>
internal sealed class CapabilityStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    /// <summary>Six heartbeats: a worker that misses a few beats under load still counts, a dead one drops out in half a minute.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task WriteAsync(WorkerCapabilities capabilities) =>
        redis.GetDatabase().StringSetAsync(keys.Capabilities(capabilities.WorkerId), JsonSerializer.Serialize(capabilities, Json), TimeToLive);

    public Task RemoveAsync(string workerId) => redis.GetDatabase().KeyDeleteAsync(keys.Capabilities(workerId));

    /// <summary>The capabilities of every worker whose heartbeat is fresh and whose advertisement has not expired.</summary>
    public async Task<IReadOnlyList<WorkerCapabilities>> ReadLiveAsync(DateTimeOffset now)
    {
        var db = redis.GetDatabase();
        var workers = (await db.SortedSetRangeByScoreAsync(keys.Heartbeats, (now - TimeToLive).ToUnixTimeMilliseconds()))
            .Select(m => m.ToString()).Where(m => m.StartsWith("worker:", StringComparison.Ordinal)).ToList();
        if (workers.Count == 0) return [];
        var values = await db.StringGetAsync([.. workers.Select(w => (RedisKey)keys.Capabilities(w))]);
        var live = new List<WorkerCapabilities>();
        foreach (var value in values.Where(v => v.HasValue))
        {
            try { if (JsonSerializer.Deserialize<WorkerCapabilities>(value.ToString(), Json) is { } c) live.Add(c); }
            catch (JsonException) { } // a worker of another version: it neither offers nor blocks anything
        }
        return live;
    }
}
