using System.Security.Cryptography;
using System.Text;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Contracts.Flow;

/// <summary>
/// The flow-control overview's reads: the gate's own keys, as the worker's gate writes them, never written here. In
/// Contracts so the dashboard's Flow control page, REST's <c>GET /api/flow</c> and the CLI's <c>flow</c> read one way.
/// </summary>
internal sealed class FlowOverviewReader(ScheduleStore store)
{
    private RedisKeys Keys => store.Keys;

    private static readonly RedisValue[] FlowFields =
        [ScheduleRecord.Status, ScheduleRecord.Flow, ScheduleRecord.OptionsJson, ScheduleRecord.QueuedRuns, ScheduleRecord.WaitingFor];

    /// <summary>
    /// Every flow limit set and what it holds now (<see cref="FlowOverview"/>). The tasks are found by a walk of the
    /// task index reading five short fields of each (pipelined, a chunk at a time); only those with a concurrency or
    /// rate limit, a debounce, a queued run or a run waiting are read whole. Each key's slots, starts and waiters are
    /// then read in one pipelined round trip. Keys are resolved from each task's definition as the gate resolves them.
    /// </summary>
    public async Task<FlowOverview> ReadAsync(DateTimeOffset now)
    {
        var db = store.Db;
        var (tasks, queued) = await FlowTasksAsync(db);
        var waiting = (await db.HashGetAllAsync(Keys.FlowWaiting)).ToDictionary(e => (string)e.Name!, e => ((string?)e.Value ?? "").Split('|'));
        var byId = tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
        var unresolved = new List<FlowOverview.Unresolvable>();
        var concurrency = new Dictionary<string, List<FlowOverview.TaskLimit>>(StringComparer.Ordinal);
        var rates = new Dictionary<string, (string Key, int Count, TimeSpan Per, List<FlowOverview.TaskLimit> Tasks)>(StringComparer.Ordinal);
        var debounces = new List<FlowOverview.DebounceHold>();
        var debounceKeys = new List<(ScheduledTask Task, string Key)>();
        foreach (var task in tasks)
        {
            var o = task.Options;
            try
            {
                if (o.Concurrency is { } c)
                {
                    var key = FlowKeyTemplate.Resolve(c.Key, task.Task);
                    if (!concurrency.TryGetValue(key, out var list)) concurrency[key] = list = [];
                    list.Add(new(task.Id, task.Name, task.Status, c.Limit));
                }
                if (o.RateLimit is { } r)
                {
                    var key = FlowKeyTemplate.Resolve(r.Key, task.Task);
                    var budget = FlowBudget.Name(key, r.Count, r.Per);
                    if (!rates.TryGetValue(budget, out var line)) rates[budget] = line = (key, r.Count, r.Per, []);
                    line.Tasks.Add(new(task.Id, task.Name, task.Status, r.Count));
                }
                // Only a pending one-shot holds its debounce key; once it has run, a request schedules a new one.
                if (o.Debounce is { } d && task.Status == ScheduleStatus.Scheduled)
                    debounceKeys.Add((task, FlowKeyTemplate.Resolve(d.Key, task.Task)));
            }
            catch (FormatException e)
            {
                unresolved.Add(new(task.Id, task.Name, e.Message));
            }
        }

        var batch = db.CreateBatch();
        var slotReads = concurrency.Keys.ToDictionary(k => k, k => batch.SortedSetRangeByScoreWithScoresAsync(Keys.FlowSlots(k), now.ToUnixTimeMilliseconds(), double.PositiveInfinity, Exclude.Start));
        var concurrencyWaiters = concurrency.Keys.ToDictionary(k => k, k => batch.SortedSetRangeByRankAsync(Keys.FlowWaiters("c:" + k)));
        var startReads = rates.ToDictionary(r => r.Key, r => batch.SortedSetRangeByScoreWithScoresAsync(Keys.FlowStarts(r.Key),
            (now - r.Value.Per).ToUnixTimeMilliseconds(), double.PositiveInfinity, Exclude.Start));
        var rateWaiters = rates.Keys.ToDictionary(k => k, k => batch.SortedSetRangeByRankAsync(Keys.FlowWaiters("r:" + k)));
        var debounceReads = debounceKeys.Select(d => batch.StringGetAsync(Keys.Debounce(d.Key))).ToArray();
        batch.Execute();

        var concurrencyLines = new List<FlowOverview.ConcurrencyLine>();
        foreach (var (key, limits) in concurrency)
        {
            var holding = (await slotReads[key]).Select(s => new FlowOverview.Holder((string)s.Element!, DateTimeOffset.FromUnixTimeMilliseconds((long)s.Score))).ToList();
            var waiters = WaitingIn(await concurrencyWaiters[key], Keys.FlowWaiters("c:" + key), waiting);
            if (Shows(limits, holding.Count + waiters)) concurrencyLines.Add(new(key, limits, holding, waiters));
        }
        var rateLines = new List<FlowOverview.RateLine>();
        // A waiter's turn under each of its rate limits (the latest of them, should it wait under two).
        var turns = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (budget, (key, count, per, limits)) in rates)
        {
            var starts = await startReads[budget];
            var line = InLine(await rateWaiters[budget], Keys.FlowWaiters("r:" + budget), waiting).ToList();
            var waiters = line.Count;
            foreach (var (member, turn) in RateTurns(line, starts.Select(st => DateTimeOffset.FromUnixTimeMilliseconds((long)st.Score)), count, per, now))
                turns[member] = turns.TryGetValue(member, out var other) && other > turn ? other : turn;
            // Used up: the next start is allowed when the oldest start in the window leaves it.
            DateTimeOffset? next = starts.Length >= count ? DateTimeOffset.FromUnixTimeMilliseconds((long)starts[0].Score) + per : null;
            if (Shows(limits, starts.Length + waiters)) rateLines.Add(new(key, count, per, limits, starts.Length, waiters, next));
        }
        for (var i = 0; i < debounceKeys.Count; i++)
        {
            var (task, key) = debounceKeys[i];
            // The key names this task unless a later request has just moved it to a new one-shot.
            if ((string?)await debounceReads[i] == task.Id)
                debounces.Add(new(key, task.Options.Debounce!.Window, task.Id, task.Name, task.NextRunAt));
        }

        var linePrefix = Keys.FlowWaiters("c:");
        var waiterList = waiting.Select(w =>
        {
            var f = w.Value;
            var taskId = w.Key.Split(':', 2)[0];
            var task = byId.GetValueOrDefault(taskId);
            var seen = Ms(f, 2) ?? now;
            var line = f.Length > 7 && f[7].StartsWith(linePrefix, StringComparison.Ordinal) ? f[7][linePrefix.Length..] : null;
            // The gate writes a rate waiter as seen at the turn it parked for (FlowScripts.Pass), the same for all
            // parked together; its own turn follows from its place in the line.
            var turn = turns.TryGetValue(w.Key, out var t) ? t : seen;
            return new FlowOverview.Waiter(RetryGateEntry.RunOf(w.Key), taskId, task?.Name, Ms(f, 1) ?? seen, seen > now ? now : seen, line, task?.Waiting?.Key,
                turn > now ? turn : null);
        }).OrderBy(w => w.Since).ThenBy(w => w.RunId, StringComparer.Ordinal).ToList();

        return new FlowOverview(now,
            [.. concurrencyLines.OrderByDescending(l => l.Waiting).ThenByDescending(l => l.Holding.Count).ThenBy(l => l.Key, StringComparer.Ordinal)],
            [.. rateLines.OrderByDescending(l => l.Waiting).ThenByDescending(l => l.Started).ThenBy(l => l.Key, StringComparer.Ordinal)],
            waiterList,
            [.. debounces.OrderBy(d => d.DueAt).ThenBy(d => d.Key, StringComparer.Ordinal)],
            [.. queued.Select(q => new FlowOverview.QueuedBehind(q.Task.Id, q.Task.Name, q.Task.Status, q.Count)).OrderBy(q => q.TaskId, StringComparer.Ordinal)],
            unresolved);
    }

    // A line of tasks that have all ended shows only while something still holds or waits in it.
    private static bool Shows(List<FlowOverview.TaskLimit> tasks, int busy) => busy > 0 || tasks.Any(t => !ScheduleStatusNames.HasEnded(t.Status));

    /// <summary>The tasks with flow options, a queued run or a waiting run, read whole; and each one's queued runs.</summary>
    private async Task<(List<ScheduledTask> Tasks, List<(ScheduledTask Task, long Count)> Queued)> FlowTasksAsync(IDatabase db)
    {
        var tasks = new List<ScheduledTask>();
        var queued = new List<(ScheduledTask, long)>();
        for (long start = 0; ; start += ScheduleSearchReader.SearchChunk)
        {
            var ids = await db.SortedSetRangeByRankAsync(Keys.Tasks, start, start + ScheduleSearchReader.SearchChunk - 1, Order.Descending);
            if (ids.Length == 0) break;
            var batch = db.CreateBatch();
            var reads = ids.Select(id => batch.HashGetAsync(Keys.Task(id!), FlowFields)).ToArray();
            batch.Execute();
            var candidates = new List<(RedisValue Id, long Queued)>();
            for (var i = 0; i < ids.Length; i++)
            {
                var f = await reads[i];
                if (f[0].IsNull) continue;
                var count = long.TryParse((string?)f[3], out var n) ? n : 0;
                // "flow" marks a concurrency or rate limit; a debounce shows only in the options.
                if ((string?)f[1] == "1" || ((string?)f[2])?.Contains("\"debounce\"", StringComparison.Ordinal) == true || count > 0 || !f[4].IsNullOrEmpty)
                    candidates.Add((ids[i], count));
            }
            var whole = await new ScheduleSearchReader(store).ReadAsync([.. candidates.Select(c => c.Id)]);
            for (var i = 0; i < whole.Length; i++)
            {
                if (whole[i] is not { } task) continue;
                tasks.Add(task);
                if (candidates[i].Queued > 0) queued.Add((task, candidates[i].Queued));
            }
            if (ids.Length < ScheduleSearchReader.SearchChunk) break;
        }
        return (tasks, queued);
    }

    /// <summary>
    /// How many of a line's members wait in it now: a member without an entry (dropped as stale, or gone) or whose
    /// entry marks other lines (its task changed keys while it waited) is one the gate skips, as FlowScripts' waits_in.
    /// </summary>
    private static int WaitingIn(RedisValue[] members, string line, Dictionary<string, string[]> waiting) => InLine(members, line, waiting).Count();

    // The members that wait in the line now, in its order (WaitingIn).
    private static IEnumerable<string> InLine(RedisValue[] members, string line, Dictionary<string, string[]> waiting)
    {
        var mark = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(line)))[..16];
        return members.Select(m => (string)m!).Where(m => waiting.TryGetValue(m, out var f) && (f.Length < 6 || f[5] == mark || (f.Length > 6 && f[6] == mark)));
    }

    /// <summary>
    /// When each waiter of a rate line may start, in line order, were every start taken at its turn: a window of
    /// <paramref name="count"/> starts per <paramref name="per"/> slides, so a waiter's turn is when the start
    /// <paramref name="count"/> places before it (one of the window's, or an earlier waiter's turn) leaves the window.
    /// </summary>
    internal static IEnumerable<(string Member, DateTimeOffset Turn)> RateTurns(IEnumerable<string> line, IEnumerable<DateTimeOffset> starts, int count,
        TimeSpan per, DateTimeOffset now)
    {
        var taken = starts.Order().ToList();
        foreach (var member in line)
        {
            var turn = taken.Count < count ? now : Max(now, taken[^count] + per);
            taken.Add(turn);
            yield return (member, turn);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset? Ms(string[] fields, int index) =>
        fields.Length > index && long.TryParse(fields[index], out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
