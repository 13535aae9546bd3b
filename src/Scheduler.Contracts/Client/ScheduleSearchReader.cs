using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Contracts.Client;

/// <summary>
/// <see cref="SchedulerClient.ListAsync"/>'s reads: a page of the creation index, or a filtered walk over it. The
/// client's, not the store's: the store knows records and keys, the filter is the client's vocabulary.
/// </summary>
internal sealed partial class ScheduleSearchReader(ScheduleStore store)
{
    private IDatabase Db => store.Db;
    private RedisKeys Keys => store.Keys;

    /// <summary>Ids the search reads per pipelined round trip.</summary>
    public const int SearchChunk = 2_000;

    /// <summary>The fields <see cref="SearchPrefilter.Passes"/> reads, in its order.</summary>
    public static readonly RedisValue[] SearchFields = [ScheduleRecord.Status, ScheduleRecord.TaskType, ScheduleRecord.Search, ScheduleRecord.LastOutcome];

    /// <summary>
    /// Schedules newest first that match <paramref name="filter"/>, skipping <paramref name="offset"/> matches. Without
    /// a filter the page is read straight from the creation index. With one, the creation index is walked a chunk at a
    /// time reading only four short fields of each record (status, type, the stored searchable text, last outcome) in
    /// one pipelined round trip; only the records that pass are read whole and checked exactly with
    /// <see cref="ScheduleFilter.Matches"/>. Pipelined reads rather than a Lua script: Redis spends less per record
    /// (measured: a script's per-record calls cost it about 2.5 times as much) and is never held for a whole chunk.
    /// </summary>
    public async Task<IReadOnlyList<ScheduledTask>> SearchAsync(ScheduleFilter filter, int limit, int offset) =>
        [.. (await SearchHeldAsync(filter, limit, offset)).Select(found => found.Task)];

    /// <summary>
    /// <see cref="SearchAsync"/>, each task with what its record was when read (<see cref="CreateReply.Held"/>), taken
    /// from the same read: a write made on it (a prune's cancel) then lands only on the very record the caller listed.
    /// </summary>
    public async Task<IReadOnlyList<(ScheduledTask Task, string Held)>> SearchHeldAsync(ScheduleFilter filter, int limit, int offset)
    {
        if (filter == new ScheduleFilter())
        {
            var page = await Db.SortedSetRangeByRankAsync(Keys.Tasks, offset, offset + limit - 1, Order.Descending);
            return [.. (await ReadHeldAsync(page)).OfType<(ScheduledTask, string)>()];
        }
        var first = new SearchPrefilter(filter);
        var result = new List<(ScheduledTask Task, string Held)>(Math.Min(limit, 1_000));
        var skipped = 0;
        for (long start = 0; result.Count < limit; start += SearchChunk)
        {
            var ids = await Db.SortedSetRangeByRankAsync(Keys.Tasks, start, start + SearchChunk - 1, Order.Descending);
            if (ids.Length == 0) break;
            var batch = Db.CreateBatch();
            var reads = ids.Select(id => batch.HashGetAsync(Keys.Task(id!), SearchFields)).ToArray();
            batch.Execute();
            var candidates = new List<RedisValue>();
            for (var i = 0; i < ids.Length; i++)
                if (first.Passes(await reads[i])) candidates.Add(ids[i]);
            foreach (var read in await ReadHeldAsync([.. candidates]))
            {
                if (read is not { } found || !filter.Matches(found.Task)) continue;
                if (skipped < offset) { skipped++; continue; }
                result.Add(found);
                if (result.Count >= limit) break;
            }
            if (ids.Length < SearchChunk) break;
        }
        return result;
    }

    internal async Task<ScheduledTask?[]> ReadAsync(RedisValue[] ids) => [.. (await ReadHeldAsync(ids)).Select(read => read?.Task)];

    /// <summary>The records of <paramref name="ids"/> whole, each with its <see cref="CreateReply.Held"/>; null where none is.</summary>
    private async Task<(ScheduledTask Task, string Held)?[]> ReadHeldAsync(RedisValue[] ids)
    {
        if (ids.Length == 0) return [];
        var batch = Db.CreateBatch();
        var reads = ids.Select(id => batch.HashGetAllAsync(Keys.Task(id!))).ToArray();
        batch.Execute();
        var tasks = new (ScheduledTask, string)?[ids.Length];
        for (var i = 0; i < reads.Length; i++)
        {
            var entries = await reads[i];
            if (entries.Length == 0) continue;
            var fields = ScheduleRecord.Fields(entries);
            tasks[i] = (ScheduleRecord.FromFields(fields), CreateReply.Held(fields));
        }
        return tasks;
    }

    /// <summary>
    /// The search's first pass over four fields of a record: never rejects a record the exact check would keep (a record
    /// stored before the searchable text existed always passes), and rejects nearly all it would reject.
    /// </summary>
    internal sealed class SearchPrefilter(ScheduleFilter filter)
    {
        private readonly string? _status = filter.Status is { } s ? ScheduleRecord.StatusText(s) : null;
        private readonly string? _tag = filter.Tag is { } t ? ScheduleSearch.TagNeedle(t) : null;
        // Each needle is something the exact check requires the searchable text (or, for a query term, the status) to hold.
        private readonly string[] _needles = [.. ScheduleSearch.Terms(filter.Query),
            .. filter.NameContains is { Length: > 0 } name ? [name.ToLowerInvariant()] : Array.Empty<string>(),
            .. filter.ModuleId is { Length: > 0 } module ? [module.ToLowerInvariant()] : Array.Empty<string>()];

        /// <param name="f">status, task type, searchable text, last outcome.</param>
        public bool Passes(RedisValue[] f)
        {
            if (f[0].IsNull) return false;
            var status = (string)f[0]!;
            if (_status is not null && status != _status) return false;
            if (filter.TaskType is { } type && !string.Equals((string?)f[1], type, StringComparison.OrdinalIgnoreCase)) return false;
            if (filter.LastOutcome is { } outcome && !string.Equals((string?)f[3], outcome.ToString(), StringComparison.OrdinalIgnoreCase)) return false;
            if (f[2].IsNull) return true;
            var document = (string)f[2]!;
            if (_tag is not null && !document.Contains(_tag, StringComparison.Ordinal)) return false;
            foreach (var needle in _needles)
                if (!document.Contains(needle, StringComparison.Ordinal) && !status.Contains(needle, StringComparison.Ordinal)) return false;
            return true;
        }
    }
}
