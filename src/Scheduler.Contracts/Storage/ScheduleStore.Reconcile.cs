using System.Globalization;
using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

internal sealed partial class ScheduleStore
{
    /// <summary>Advertises the runs <paramref name="workerId"/> holds, stamped with <paramref name="at"/>, for <paramref name="ttl"/>.</summary>
    public Task WriteHoldingAsync(string workerId, DateTimeOffset at, IEnumerable<string> runIds, TimeSpan ttl) =>
        Db.StringSetAsync(Keys.Holding(workerId), WorkerHolding.Format(at, runIds), ttl);

    /// <summary>Withdraws the advertisement (graceful stop).</summary>
    public Task ClearHoldingAsync(string workerId) => Db.KeyDeleteAsync(Keys.Holding(workerId));

    /// <summary>What each of <paramref name="workerIds"/> last advertised; a worker with no live advertisement is absent.</summary>
    public async Task<Dictionary<string, WorkerHolding>> ReadHoldingsAsync(IReadOnlyCollection<string> workerIds)
    {
        var result = new Dictionary<string, WorkerHolding>(StringComparer.Ordinal);
        if (workerIds.Count == 0) return result;
        var ids = workerIds.ToArray();
        var values = await Db.StringGetAsync([.. ids.Select(id => (RedisKey)Keys.Holding(id))]);
        for (var i = 0; i < ids.Length; i++)
            if (WorkerHolding.Parse(values[i]) is { } holding) result[ids[i]] = holding;
        return result;
    }

    /// <summary>Ids of schedules whose status is "running", read page by page from the creation index.</summary>
    public async Task<IReadOnlyList<string>> RunningTaskIdsAsync()
    {
        var running = new List<string>();
        const int page = 1000;
        for (long start = 0; ; start += page)
        {
            var ids = await Db.SortedSetRangeByRankAsync(Keys.Tasks, start, start + page - 1);
            if (ids.Length == 0) break;
            var statuses = await Task.WhenAll(ids.Select(id => Db.HashGetAsync(Keys.Task(id!), ScheduleRecord.Status)));
            for (var i = 0; i < ids.Length; i++)
                if (statuses[i] == "running") running.Add(ids[i]!);
        }
        return running;
    }

    /// <summary>Sets a schedule stuck "running" with no run in flight back to "scheduled"; true if it was.</summary>
    public async Task<bool> SettleStuckRunningAsync(string id) =>
        (int)await Db.ScriptEvaluateAsync(StoreScripts.SettleStuckRunning, [Keys.Task(id), Keys.Due, Keys.InFlight], [id]) == 1;

    /// <summary>Hands run <paramref name="runId"/> from a vanished Hangfire job to the one fired in its place; false if it finished or moved meanwhile.</summary>
    public async Task<bool> RepointRunAsync(string runId, string fromJobId, string toJobId) =>
        (int)await Db.ScriptEvaluateAsync(StoreScripts.RepointRun, [Keys.Run(runId)], [fromJobId, toJobId]) == 1;
}

/// <summary>The runs a worker said it holds, and when it said so (by its own clock, the one its in-flight entries use).</summary>
internal sealed record WorkerHolding(DateTimeOffset At, IReadOnlySet<string> RunIds)
{
    public static string Format(DateTimeOffset at, IEnumerable<string> runIds) =>
        string.Join('\n', runIds.Prepend(at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));

    public static WorkerHolding? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        var lines = value.Split('\n');
        return long.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? new WorkerHolding(DateTimeOffset.FromUnixTimeMilliseconds(ms), lines.Skip(1).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal))
            : null;
    }
}
