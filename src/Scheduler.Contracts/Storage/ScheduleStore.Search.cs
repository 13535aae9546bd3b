using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

internal sealed partial class ScheduleStore
{
    /// <summary>Records the search script looks at per call: about a few milliseconds of Redis time.</summary>
    public const int SearchChunk = 2_000;

    /// <summary>
    /// Schedules newest first that match <paramref name="filter"/>, skipping <paramref name="offset"/> matches. Without
    /// a filter the page is read straight from the creation index; with one, <see cref="StoreScripts.Search"/> picks the
    /// candidates in Redis chunk by chunk and only they are read and checked exactly with <see cref="ScheduleFilter.Matches"/>.
    /// </summary>
    public async Task<IReadOnlyList<ScheduledTask>> SearchAsync(ScheduleFilter filter, int limit, int offset)
    {
        if (filter == new ScheduleFilter())
        {
            var page = await Db.SortedSetRangeByRankAsync(Keys.Tasks, offset, offset + limit - 1, Order.Descending);
            return [.. (await ReadAsync(page)).OfType<ScheduledTask>()];
        }
        var result = new List<ScheduledTask>(Math.Min(limit, 1_000));
        var skipped = 0;
        var args = SearchArguments(filter);
        for (long rank = 0; rank >= 0 && result.Count < limit;)
        {
            args[1] = rank;
            args[3] = offset - skipped + limit - result.Count;
            var reply = (RedisResult[])(await Db.ScriptEvaluateAsync(StoreScripts.Search, [Keys.Tasks], args))!;
            rank = (long)reply[0];
            foreach (var task in await ReadAsync([.. reply.Skip(1).Select(r => (RedisValue)(string)r!)]))
            {
                if (task is null || !filter.Matches(task)) continue;
                if (skipped < offset) { skipped++; continue; }
                result.Add(task);
                if (result.Count >= limit) break;
            }
        }
        return result;
    }

    private RedisValue[] SearchArguments(ScheduleFilter filter)
    {
        RedisValue[] fixedArgs =
        [
            Keys.Task(""), 0, SearchChunk, 0,
            filter.Status is { } status ? ScheduleRecord.StatusText(status) : "",
            filter.TaskType?.ToLowerInvariant() ?? "",
            filter.Tag is { } tag ? ScheduleSearch.TagNeedle(tag) : "",
            filter.LastOutcome is { } outcome ? outcome.ToString().ToLowerInvariant() : "",
        ];
        // Every needle is something the exact check requires the searchable text (or, for a query term, the status) to hold.
        var needles = ScheduleSearch.Terms(filter.Query)
            .Concat(filter.NameContains is { Length: > 0 } name ? [name.ToLowerInvariant()] : [])
            .Concat(filter.ModuleId is { Length: > 0 } module ? [module.ToLowerInvariant()] : []);
        return [.. fixedArgs, .. needles.Select(n => (RedisValue)n)];
    }

    private async Task<ScheduledTask?[]> ReadAsync(RedisValue[] ids)
    {
        if (ids.Length == 0) return [];
        var batch = Db.CreateBatch();
        var reads = ids.Select(id => batch.HashGetAllAsync(Keys.Task(id!))).ToArray();
        batch.Execute();
        var tasks = new ScheduledTask?[ids.Length];
        for (var i = 0; i < reads.Length; i++) tasks[i] = ScheduleRecord.FromHash(await reads[i]);
        return tasks;
    }
}
