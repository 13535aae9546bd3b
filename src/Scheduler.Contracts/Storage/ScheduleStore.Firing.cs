using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

internal sealed partial class ScheduleStore
{
    /// <summary>Atomically claims up to <paramref name="limit"/> ids due at <paramref name="now"/> for <paramref name="lease"/>.</summary>
    public async Task<IReadOnlyList<string>> ClaimDueAsync(DateTimeOffset now, int limit, TimeSpan lease)
    {
        var ids = (RedisResult[])(await Db.ScriptEvaluateAsync(StoreScripts.ClaimDue, [Keys.Due],
            [now.ToUnixTimeMilliseconds(), limit, (long)lease.TotalMilliseconds]))!;
        return [.. ids.Select(id => (string)id!)];
    }

    /// <summary>The earliest due instant in the index, or null when nothing is scheduled.</summary>
    public async Task<DateTimeOffset?> EarliestDueAsync()
    {
        var first = await Db.SortedSetRangeByRankWithScoresAsync(Keys.Due, 0, 0);
        return first.Length == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)first[0].Score);
    }

    /// <summary>The raw record fields Beat needs to fire an occurrence.</summary>
    public Task<HashEntry[]> ReadRecordAsync(string id) => Db.HashGetAllAsync(Keys.Task(id));

    /// <summary>
    /// Advances a fired (or skipped) occurrence: sets the next due instant, or ends the schedule with
    /// <paramref name="finalStatus"/>. Does nothing and returns false if another beat advanced it first.
    /// </summary>
    public async Task<bool> CommitFireAsync(string id, long expectedDueMs, DateTimeOffset? next, string? finalStatus, bool fired, bool queued = false)
    {
        var result = await Db.ScriptEvaluateAsync(StoreScripts.CommitFire, [Keys.Task(id), Keys.Due],
            [id, expectedDueMs, next is { } n ? n.ToUnixTimeMilliseconds() : RedisValue.EmptyString,
             finalStatus ?? RedisValue.EmptyString, fired ? 1 : 0, queued ? "1" : "0"]);
        return (int)result == 1;
    }

    /// <summary>A queued run (overlap queue) has started waiting no longer.</summary>
    public Task ReleaseQueuedRunAsync(string id) => Db.HashDecrementAsync(Keys.Task(id), ScheduleRecord.QueuedRuns);

    /// <summary>Asks every worker to stop the running attempts of a task.</summary>
    public Task RequestRunCancellationAsync(string id) => Db.PublishAsync(RedisChannel.Literal(Keys.TaskCancelled), id);

    /// <summary>Removes an id from the due index (a record that vanished or can no longer fire).</summary>
    public Task RemoveDueAsync(string id) => Db.SortedSetRemoveAsync(Keys.Due, id);
}
