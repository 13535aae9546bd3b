using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Contracts.Client;

/// <summary>
/// The task list in any order, a page at a time, with how many tasks match in all: what the dashboard's list, REST's
/// <c>GET /api/schedules?sort=</c> and the CLI's <c>list --sort</c> read, one implementation for all three.
/// </summary>
internal sealed partial class ScheduleSearchReader
{
    // The search's own first-pass fields (status, type, searchable text, last outcome), then the other sort fields.
    private static readonly RedisValue[] SortFields =
        [.. SearchFields, ScheduleRecord.Name, ScheduleRecord.NextRunAt, ScheduleRecord.LastRunAt, ScheduleRecord.RunCount];

    /// <summary>
    /// The tasks matching <paramref name="filter"/> in <paramref name="sort"/>'s order: <paramref name="limit"/> of them
    /// after <paramref name="offset"/>, and how many match in all. In the default order without a filter the page is
    /// read straight from the creation index and counted by its size. Otherwise every task's few sort fields are read
    /// (pipelined, a chunk at a time) and ordered here, since no index holds the other orders; with a filter, the
    /// records that pass the search's first look (status, type, last outcome, stored searchable text) are read whole
    /// and checked exactly with <see cref="ScheduleFilter.Matches"/>, as the unsorted list does. Only the page's
    /// records are kept whole.
    /// </summary>
    public async Task<(IReadOnlyList<ScheduledTask> Tasks, long Total)> ListSortedAsync(ScheduleFilter filter, ScheduleSort sort, int limit, int offset)
    {
        var db = Db;
        var unfiltered = filter == new ScheduleFilter();
        if (unfiltered && sort.IsDefault)
        {
            var total = await db.SortedSetLengthAsync(Keys.Tasks);
            var page = await db.SortedSetRangeByRankAsync(Keys.Tasks, offset, offset + limit - 1, Order.Descending);
            return ([.. (await ReadAsync(page)).OfType<ScheduledTask>()], total);
        }
        var rows = new List<SortRow>();
        var first = new SearchPrefilter(filter);
        // Status, type and last outcome are decided by the first pass exactly (the dashboard's dropdowns, "failing now"):
        // then no record is read whole but the page's, which a count of every match would otherwise do for each of them.
        var decided = unfiltered || filter with { Status = null, TaskType = null, LastOutcome = null } == new ScheduleFilter();
        for (long start = 0; ; start += SearchChunk)
        {
            var ids = await db.SortedSetRangeByRankAsync(Keys.Tasks, start, start + SearchChunk - 1, Order.Descending);
            if (ids.Length == 0) break;
            var batch = db.CreateBatch();
            var reads = ids.Select(id => batch.HashGetAsync(Keys.Task(id!), SortFields)).ToArray();
            batch.Execute();
            var found = new List<SortRow>(ids.Length);
            for (var i = 0; i < ids.Length; i++)
            {
                var fields = await reads[i];
                if ((unfiltered || first.Passes(fields)) && SortRow.Read((string)ids[i]!, start + i, fields) is { } row) found.Add(row);
            }
            if (!decided)
            {
                var whole = await ReadAsync([.. found.Select(r => (RedisValue)r.Id)]);
                found = [.. found.Where((_, i) => whole[i] is { } task && filter.Matches(task))];
            }
            rows.AddRange(found);
            if (ids.Length < SearchChunk) break;
        }
        rows.Sort(SortRow.Comparer(sort));
        var chosen = rows.Skip(offset).Take(limit).Select(r => (RedisValue)r.Id).ToArray();
        // A task deleted between the two reads drops out of its page rather than showing empty.
        return ([.. (await ReadAsync(chosen)).OfType<ScheduledTask>()], rows.Count);
    }

    /// <summary>A task's fields the list sorts by, and its rank in the creation index (0: newest), the tie-break.</summary>
    private sealed record SortRow(string Id, long Rank, ScheduleStatus Status, string Type, RunOutcome? Outcome, string Name,
        DateTimeOffset? Next, DateTimeOffset? Last, long Runs)
    {
        /// <param name="id">The task's id.</param>
        /// <param name="rank">Its rank in the creation index (0: newest).</param>
        /// <param name="f">The <see cref="SortFields"/>, in order.</param>
        /// <returns>The row, or null when the record is gone.</returns>
        public static SortRow? Read(string id, long rank, RedisValue[] f)
        {
            if (f[0].IsNull || !Enum.TryParse<ScheduleStatus>((string)f[0]!, true, out var status)) return null;
            return new SortRow(id, rank, status, (string?)f[1] ?? "",
                Enum.TryParse<RunOutcome>((string?)f[3], true, out var outcome) ? outcome : null, (string?)f[4] ?? "",
                ScheduleRecord.Ms((string?)f[5]), ScheduleRecord.Ms((string?)f[6]), long.TryParse((string?)f[7], out var runs) ? runs : 0);
        }

        public static Comparison<SortRow> Comparer(ScheduleSort sort)
        {
            Comparison<SortRow> byKey = sort.Key switch
            {
                ScheduleSortKey.Name => (a, b) => Text(a.Name, b.Name),
                ScheduleSortKey.Type => (a, b) => Text(a.Type, b.Type),
                ScheduleSortKey.Status => (a, b) => a.Status.CompareTo(b.Status),
                ScheduleSortKey.NextRun => (a, b) => Nullable.Compare(a.Next, b.Next),
                ScheduleSortKey.LastRun => (a, b) => Nullable.Compare(a.Last, b.Last),
                // Outcomes alike, the latest run first: among the failing, the one that failed last leads.
                ScheduleSortKey.LastOutcome => (a, b) => Nullable.Compare(a.Outcome, b.Outcome),
                ScheduleSortKey.RunCount => (a, b) => a.Runs.CompareTo(b.Runs),
                _ => (a, b) => b.Rank.CompareTo(a.Rank),
            };
            Func<SortRow, bool> empty = sort.Key switch
            {
                ScheduleSortKey.NextRun => r => r.Next is null,
                ScheduleSortKey.LastRun => r => r.Last is null,
                ScheduleSortKey.LastOutcome => r => r.Outcome is null,
                _ => _ => false,
            };
            return (a, b) =>
            {
                // Empty last in both directions: reversing an order by next run should not lead with the ended tasks.
                var (ea, eb) = (empty(a), empty(b));
                if (ea != eb) return ea ? 1 : -1;
                var c = byKey(a, b);
                if (sort.Descending) c = -c;
                if (c == 0 && sort.Key == ScheduleSortKey.LastOutcome) c = Nullable.Compare(b.Last, a.Last);
                return c != 0 ? c : a.Rank.CompareTo(b.Rank);
            };
        }

        private static int Text(string a, string b)
        {
            var c = string.Compare(a, b, StringComparison.OrdinalIgnoreCase);
            return c != 0 ? c : string.CompareOrdinal(a, b);
        }
    }
}
