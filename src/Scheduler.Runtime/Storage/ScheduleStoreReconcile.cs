using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Storage;

/// <summary>
/// What Beat's reconciler and requeuer read and change: the runs each worker advertises, schedules stuck "running",
/// runs handed to a replacement job.
/// </summary>
internal static class ScheduleStoreReconcile
{
    extension(ScheduleStore store)
    {
        /// <summary>
        /// Advertises the runs <paramref name="workerId"/> holds and, when not null, the Hangfire jobs it fetched and has not
        /// settled, stamped with <paramref name="at"/>, for <paramref name="ttl"/>.
        /// </summary>
        public Task WriteHoldingAsync(string workerId, DateTimeOffset at, IEnumerable<string> runIds, IEnumerable<string>? jobIds, TimeSpan ttl) =>
            store.Db.StringSetAsync(store.Keys.Holding(workerId), WorkerHolding.Format(at, runIds, jobIds), ttl);

        /// <summary>Withdraws the advertisement (graceful stop).</summary>
        public Task ClearHoldingAsync(string workerId) => store.Db.KeyDeleteAsync(store.Keys.Holding(workerId));

        /// <summary>What each of <paramref name="workerIds"/> last advertised; a worker with no live advertisement is absent.</summary>
        public async Task<Dictionary<string, WorkerHolding>> ReadHoldingsAsync(IReadOnlyCollection<string> workerIds)
        {
            var result = new Dictionary<string, WorkerHolding>(StringComparer.Ordinal);
            if (workerIds.Count == 0) return result;
            var ids = workerIds.ToArray();
            var values = await store.Db.StringGetAsync([.. ids.Select(id => (RedisKey)store.Keys.Holding(id))]);
            for (var i = 0; i < ids.Length; i++)
                if (WorkerHolding.Parse(values[i]) is { } holding) result[ids[i]] = holding;
            return result;
        }

        /// <summary>
        /// Sets every schedule stuck "running" with no run in flight back to "scheduled", reading only the running index and
        /// the in-flight hash; returns their ids. On the first call against data from before the index, fills it once from
        /// every schedule's status.
        /// </summary>
        public async Task<IReadOnlyList<string>> SettleStuckRunningAsync()
        {
            if (!await store.Db.KeyExistsAsync(store.Keys.RunningIndexed))
            {
                foreach (var id in await RunningTaskIdsByScanAsync(store)) await store.Db.SetAddAsync(store.Keys.Running, id);
                await store.Db.StringSetAsync(store.Keys.RunningIndexed, "1");
            }
            var settled = (RedisResult[])(await store.Db.ScriptEvaluateAsync(RecoveryScripts.SettleStuckRunning,
                [store.Keys.Running, store.Keys.InFlight, store.Keys.Due], [store.Keys.Task("")]))!;
            return [.. settled.Select(id => (string)id!)];
        }

        /// <summary>
        /// Takes the periodic reconcile pass for <paramref name="period"/> if no Beat has it: true for one Beat per period.
        /// Not released: it lapses, so the next pass (this Beat's or another's) comes a period later.
        /// </summary>
        public Task<bool> TryTakeReconcilePassAsync(string beatId, TimeSpan period) =>
            store.Db.StringSetAsync(store.Keys.ReconcileLock, beatId, period, When.NotExists);

        /// <summary>Hands run <paramref name="runId"/> from a vanished Hangfire job to the one fired in its place; false if it finished or moved meanwhile.</summary>
        public async Task<bool> RepointRunAsync(string runId, string? fromJobId, string toJobId) =>
            (int)await store.Db.ScriptEvaluateAsync(RecoveryScripts.RepointRun, [store.Keys.Run(runId)], [fromJobId ?? "", toJobId]) == 1;
    }

    // Only for filling the running index once: reads every schedule's status.
    private static async Task<IReadOnlyList<string>> RunningTaskIdsByScanAsync(ScheduleStore store)
    {
        var running = new List<string>();
        const int page = 1000;
        for (long start = 0; ; start += page)
        {
            var ids = await store.Db.SortedSetRangeByRankAsync(store.Keys.Tasks, start, start + page - 1);
            if (ids.Length == 0) break;
            var statuses = await Task.WhenAll(ids.Select(id => store.Db.HashGetAsync(store.Keys.Task(id!), ScheduleRecord.Status)));
            for (var i = 0; i < ids.Length; i++)
                if (statuses[i] == "running") running.Add(ids[i]!);
        }
        return running;
    }
}
