using Scheduler.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Identity;

/// <summary>Reads a test's Redis slice directly: which keys still name a task, and which events it got.</summary>
internal static class IdentityProbe
{
    /// <summary>Event types written for <paramref name="taskId"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> EventTypesAsync(RedisTestContext redis, string taskId) =>
        [.. (await redis.Redis.GetDatabase().StreamRangeAsync(redis.KeyPrefix + "events"))
            .Where(e => e["taskId"] == taskId).Select(e => (string)e["type"]!)];

    /// <summary>
    /// Every place of the test's slice that still names <paramref name="taskId"/>: a key containing it, or a member or
    /// field of the shared indexes (tasks, due, triggers, in-flight hash, idempotency strings). The ledger a delete leaves
    /// for each run it found fired and not yet started (owner "!deleted", expiring) is not a trace: it is what makes the
    /// run's queued job stand down.
    /// </summary>
    public static async Task<IReadOnlyList<string>> TracesAsync(RedisTestContext redis, string taskId)
    {
        var db = redis.Redis.GetDatabase();
        var server = redis.Redis.GetServers().First(s => s.IsConnected && !s.IsReplica);
        var found = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: redis.KeyPrefix + "*", pageSize: 1000))
        {
            var name = key.ToString();
            if (name.EndsWith(":events", StringComparison.Ordinal) || name.EndsWith(":heartbeats", StringComparison.Ordinal)) continue;
            if (name.Contains(taskId, StringComparison.Ordinal))
            {
                if (!await IsDeletedRunMarkAsync(db, key)) found.Add(name);
                continue;
            }
            switch (await db.KeyTypeAsync(key))
            {
                case RedisType.SortedSet:
                    if ((await db.SortedSetRangeByRankAsync(key)).Any(m => m.ToString().Contains(taskId, StringComparison.Ordinal))) found.Add($"{name} (member)");
                    break;
                case RedisType.Hash:
                    if ((await db.HashGetAllAsync(key)).Any(e => e.Name.ToString().Contains(taskId, StringComparison.Ordinal) || e.Value.ToString().Contains(taskId, StringComparison.Ordinal)))
                        found.Add($"{name} (field)");
                    break;
                case RedisType.Set:
                    if ((await db.SetMembersAsync(key)).Any(m => m.ToString() == taskId)) found.Add($"{name} (member)");
                    break;
                case RedisType.String:
                    if ((string?)await db.StringGetAsync(key) == taskId) found.Add($"{name} (value)");
                    break;
            }
        }
        return found;
    }

    private static async Task<bool> IsDeletedRunMarkAsync(IDatabase db, RedisKey key) =>
        await db.KeyTypeAsync(key) == RedisType.Hash && await db.HashLengthAsync(key) == 1
        && await db.HashGetAsync(key, "owner") == "!deleted" && await db.KeyTimeToLiveAsync(key) is { } ttl && ttl > TimeSpan.FromDays(6);
}
