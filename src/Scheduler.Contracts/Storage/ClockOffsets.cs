using System.Globalization;
using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

/// <summary>
/// Each live process's host clock against Redis's, as the process measured it (<see cref="RedisClock"/>): what operators
/// read to find a badly synchronised host. Kept per process, expiring unless its heartbeat rewrites it.
/// </summary>
internal sealed class ClockOffsets(IConnectionMultiplexer redis, RedisKeys keys)
{
    /// <summary>As long as a worker's capabilities: a few missed heartbeats, and it is gone.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Records that <paramref name="processId"/>'s host clock runs <paramref name="redisMinusHost"/> behind Redis's
    /// (stored as the host's lead in milliseconds: positive when the host's clock is ahead).
    /// </summary>
    public Task WriteAsync(string processId, TimeSpan redisMinusHost) =>
        redis.GetDatabase().StringSetAsync(keys.ClockSkew(processId),
            (-redisMinusHost.TotalMilliseconds).ToString("0.#", CultureInfo.InvariantCulture), TimeToLive);

    public Task RemoveAsync(string processId) => redis.GetDatabase().KeyDeleteAsync(keys.ClockSkew(processId));

    /// <summary>How far ahead of Redis's each of <paramref name="processes"/>' host clock runs (negative: behind); a process that has not said is left out.</summary>
    public async Task<IReadOnlyDictionary<string, TimeSpan>> ReadAsync(IReadOnlyList<string> processes)
    {
        if (processes.Count == 0) return new Dictionary<string, TimeSpan>();
        var values = await redis.GetDatabase().StringGetAsync([.. processes.Select(p => (RedisKey)keys.ClockSkew(p))]);
        var skews = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        for (var i = 0; i < processes.Count; i++)
            if (double.TryParse((string?)values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)) skews[processes[i]] = TimeSpan.FromMilliseconds(ms);
        return skews;
    }

    /// <summary>A host clock off Redis's by more than this is pointed out to operators (<c>/health</c>, <c>scheduler health</c>).</summary>
    public static readonly TimeSpan Notable = TimeSpan.FromSeconds(1);

    /// <summary>One line per process of <paramref name="skews"/> whose host clock is off by more than <see cref="Notable"/>.</summary>
    public static IReadOnlyList<string> Notes(IReadOnlyDictionary<string, TimeSpan> skews) =>
        [.. skews.Where(s => s.Value.Duration() > Notable).OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => $"{s.Key}'s host clock is {Describe(s.Value)} (it goes by Redis's clock; synchronise the host's)")];

    /// <summary>"4.1 s ahead of Redis's", "250 ms behind Redis's": how a host clock's lead reads to an operator.</summary>
    public static string Describe(TimeSpan hostAhead)
    {
        var size = hostAhead.Duration();
        var amount = size >= TimeSpan.FromSeconds(1)
            ? $"{size.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s"
            : $"{size.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms";
        return $"{amount} {(hostAhead >= TimeSpan.Zero ? "ahead of" : "behind")} Redis's";
    }
}
