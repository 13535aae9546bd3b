using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Storage;

/// <summary>
/// The Dashboard's direct reads of Scheduler's keys (gauges, the events page's resume point), kept on the server side
/// so the key layout (<see cref="RedisKeys"/>) stays internal to Contracts and the processes that own the keys.
/// </summary>
internal sealed partial class OperatorReads(IConnectionMultiplexer redis, RedisKeys keys)
{
    /// <summary>Schedules waiting for their next occurrence (the due index's size).</summary>
    public long PendingSchedules() => redis.GetDatabase().SortedSetLength(keys.Due);

    /// <summary>Worker processes whose heartbeat is newer than <paramref name="since"/>.</summary>
    public long FreshWorkers(DateTimeOffset since) => redis.GetDatabase()
        .SortedSetRangeByScore(keys.Heartbeats, since.ToUnixTimeMilliseconds())
        .Count(m => m.ToString().StartsWith("worker:", StringComparison.Ordinal));

    /// <summary>When each of <paramref name="processes"/> last beat, in one pipelined read; one whose beat is gone is left out.</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> LastHeartbeatsAsync(IReadOnlyList<string> processes)
    {
        var db = redis.GetDatabase();
        var scores = await Task.WhenAll(processes.Select(p => db.SortedSetScoreAsync(keys.Heartbeats, p)));
        return processes.Zip(scores).Where(p => p.Second is not null)
            .ToDictionary(p => p.First, p => DateTimeOffset.FromUnixTimeMilliseconds((long)p.Second!.Value), StringComparer.Ordinal);
    }

    /// <summary>
    /// The id of the event <paramref name="backlog"/> entries before the newest ("0-0" when the stream is shorter), so
    /// a reader that resumes after it replays that backlog and misses nothing written since.
    /// </summary>
    public async Task<string> EventResumePointAsync(int backlog)
    {
        var entries = await redis.GetDatabase().StreamRangeAsync(keys.Events, "-", "+", backlog + 1, Order.Descending);
        return entries.Length > backlog ? entries[^1].Id.ToString() : "0-0";
    }
}
