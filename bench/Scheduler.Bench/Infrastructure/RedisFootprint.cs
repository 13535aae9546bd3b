using StackExchange.Redis;

namespace Scheduler.Bench.Infrastructure;

/// <summary>Keys of one shape (ids replaced by <c>*</c>) and what one of them takes in Redis on average.</summary>
internal sealed record KeyFamily(string Shape, string Type, long Keys, double AverageBytes)
{
    public double TotalBytes => Keys * AverageBytes;
}

/// <summary>
/// What a run left in Redis, by key family: every key SCANned and grouped by shape, MEMORY USAGE (all nested values
/// counted) of up to <c>sample</c> keys of each. Retention, not speed, is what this bounds: how many finished tasks
/// one Redis holds before their records expire or are cleaned up.
/// </summary>
internal static class RedisFootprint
{
    public static async Task<IReadOnlyList<KeyFamily>> MeasureAsync(LocalRedis redis, int sample = 200)
    {
        var server = redis.Connection.GetServer(redis.Connection.GetEndPoints()[0]);
        var counts = new Dictionary<string, long>();
        var samples = new Dictionary<string, List<RedisKey>>();
        await foreach (var key in server.KeysAsync(pattern: "*", pageSize: 1000))
        {
            var shape = ShapeOf(key!);
            counts[shape] = counts.GetValueOrDefault(shape) + 1;
            if (!samples.TryGetValue(shape, out var keys)) samples[shape] = keys = [];
            if (keys.Count < sample) keys.Add(key);
        }
        var families = new List<KeyFamily>();
        foreach (var (shape, keys) in samples)
        {
            var sizes = await Task.WhenAll(keys.Select(k => redis.Db.ExecuteAsync("MEMORY", "USAGE", k, "SAMPLES", 0)));
            var type = await redis.Db.KeyTypeAsync(keys[0]);
            families.Add(new KeyFamily(shape, type.ToString().ToLowerInvariant(), counts[shape], sizes.Average(s => (double)(long)s)));
        }
        return [.. families.OrderByDescending(f => f.TotalBytes)];
    }

    /// <summary>"scheduler:run:*:*" for "scheduler:run:t62566c76af3012f7:1796135381833": a segment with three or more
    /// digits in eight or more characters is an id (task and job ids, instants, dates).</summary>
    public static string ShapeOf(string key) =>
        string.Join(':', key.Split(':').Select(s => s.Length >= 8 && s.Count(char.IsAsciiDigit) >= 3 ? "*" : s));

    /// <summary>"scheduler:task:* hash 30,000 × 1,210 B = 34.6 MB, ..." for the largest families.</summary>
    public static string Describe(IReadOnlyList<KeyFamily> families, int units, int count = 10) => string.Join("; ",
        families.Take(count).Select(f =>
            $"{f.Shape} {f.Type} {f.Keys:N0} × {f.AverageBytes:N0} B = {f.TotalBytes / 1048576.0:0.0} MB ({f.TotalBytes / units:N0} B per task)"));
}
