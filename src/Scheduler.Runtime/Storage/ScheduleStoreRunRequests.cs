using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Storage;

/// <summary>Beat's storage for runs asked for by hand (retries and backfills; the client writes the requests).</summary>
internal static class ScheduleStoreRunRequests
{
    extension(ScheduleStore store)
    {
        /// <summary>
        /// Takes up to <paramref name="limit"/> (one when <paramref name="oneAtATime"/>) of a backfill's occurrences to
        /// enqueue, entered in the run ledger and the fired index; null when a one-at-a-time backfill must wait. The
        /// backfill's trigger member is looked at again at <paramref name="nextLook"/> while occurrences are left.
        /// </summary>
        public async Task<IReadOnlyList<string>?> TakeBackfillAsync(string taskId, string member, bool oneAtATime, int limit, DateTimeOffset nextLook)
        {
            var result = (RedisResult[])(await store.Db.ScriptEvaluateAsync(RunRequestScripts.TakeBackfill,
                [store.Keys.Backfill(taskId), store.Keys.BackfillCurrent(taskId), store.Keys.Fired, store.Keys.Task(taskId), store.Keys.Triggers],
                [taskId, store.Keys.Run(""), store.Time.GetUtcNow().ToUnixTimeMilliseconds(), (long)ScheduleStoreRunLedger.RunLedgerTtl.TotalSeconds,
                 oneAtATime ? "1" : "0", limit, member, nextLook.ToUnixTimeMilliseconds()]))!;
            if ((string)result[0]! == "busy") return null;
            return [.. result.Skip(2).Select(r => (string)r!)];
        }

        /// <summary>Drops a backfill whose task was deleted or cancelled: its queued occurrences and its trigger member.</summary>
        public async Task DropBackfillAsync(string taskId, string member)
        {
            await store.Db.KeyDeleteAsync([store.Keys.Backfill(taskId), store.Keys.BackfillCurrent(taskId)]);
            await store.Db.SortedSetRemoveAsync(store.Keys.Triggers, member);
        }
    }
}
