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
        /// <summary>Advertises the runs <paramref name="workerId"/> holds, stamped with <paramref name="at"/>, for <paramref name="ttl"/>.</summary>
        public Task WriteHoldingAsync(string workerId, DateTimeOffset at, IEnumerable<string> runIds, TimeSpan ttl) =>
            store.Db.StringSetAsync(store.Keys.Holding(workerId), WorkerHolding.Format(at, runIds), ttl);

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

        /// <summary>Ids of schedules whose status is "running", read page by page from the creation index.</summary>
        public async Task<IReadOnlyList<string>> RunningTaskIdsAsync()
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

        /// <summary>Sets a schedule stuck "running" with no run in flight back to "scheduled"; true if it was.</summary>
        public async Task<bool> SettleStuckRunningAsync(string id) =>
            (int)await store.Db.ScriptEvaluateAsync(RecoveryScripts.SettleStuckRunning, [store.Keys.Task(id), store.Keys.Due, store.Keys.InFlight], [id]) == 1;

        /// <summary>Hands run <paramref name="runId"/> from a vanished Hangfire job to the one fired in its place; false if it finished or moved meanwhile.</summary>
        public async Task<bool> RepointRunAsync(string runId, string fromJobId, string toJobId) =>
            (int)await store.Db.ScriptEvaluateAsync(RecoveryScripts.RepointRun, [store.Keys.Run(runId)], [fromJobId, toJobId]) == 1;
    }
}
