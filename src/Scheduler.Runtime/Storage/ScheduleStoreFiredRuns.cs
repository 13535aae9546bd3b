using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Storage;

/// <summary>
/// The fired-runs index (<see cref="RedisKeys.Fired"/>): every fired run until it is done, so Beat finds one whose
/// Hangfire job will never run it.
/// </summary>
internal static class ScheduleStoreFiredRuns
{
    extension(ScheduleStore store)
    {
        /// <summary>Up to <paramref name="limit"/> runs fired and not done whose next look is due by <paramref name="dueBy"/>, with that score.</summary>
        public async Task<IReadOnlyList<(string RunId, long Score)>> FiredDueAsync(DateTimeOffset dueBy, int limit) =>
            [.. (await store.Db.SortedSetRangeByScoreWithScoresAsync(store.Keys.Fired, double.NegativeInfinity, dueBy.ToUnixTimeMilliseconds(), take: limit))
                .Select(e => ((string)e.Element!, (long)e.Score))];

        /// <summary>What the run ledger knows of a fired run: its owning Hangfire job, whether it is done, attempts started.</summary>
        public async Task<FiredRun> ReadFiredAsync(string runId)
        {
            var values = await store.Db.HashGetAsync(store.Keys.Run(runId), ["owner", "done", "attempts", "stopped"]);
            return new FiredRun(runId, (string?)values[0], !values[1].IsNull, (int?)values[2] ?? 0) { StoppedBy = (string?)values[3] };
        }

        /// <summary>The failed Hangfire job a retry of <paramref name="runId"/> replaces (ledger field "retires"); null when none is known.</summary>
        public async Task<string?> RetiredJobAsync(string runId) => await store.Db.HashGetAsync(store.Keys.Run(runId), "retires");

        /// <summary>
        /// Whether a retry asked for <paramref name="runId"/> still waits to be enqueued: false once its task's cancel put
        /// the run back on the failed list (the ledger is no longer a retry), so a task scheduled anew under the id since
        /// does not run it.
        /// </summary>
        public async Task<bool> RetryStillAskedAsync(string runId) => await store.Db.HashExistsAsync(store.Keys.Run(runId), "retry");

        /// <summary>Looks at <paramref name="runId"/> again a reconcile period from <paramref name="now"/> (it is on its way).</summary>
        public Task PostponeFiredAsync(string runId, DateTimeOffset now) =>
            store.Db.SortedSetAddAsync(store.Keys.Fired, runId, now.ToUnixTimeMilliseconds(), SortedSetWhen.Exists);

        /// <summary>Forgets a fired run that is done or can never run (its task was deleted or cancelled).</summary>
        public Task ForgetFiredAsync(string runId) => store.Db.SortedSetRemoveAsync(store.Keys.Fired, runId);

        /// <summary>
        /// Takes a fired run whose job will never run it, if its entry still has <paramref name="seenScore"/>, it is not done
        /// and not in flight: one caller wins. Returns how many times it has been taken (1 the first), 0 when not taken.
        /// </summary>
        public async Task<long> TakeFiredAsync(string runId, long seenScore, DateTimeOffset now) =>
            (long)await store.Db.ScriptEvaluateAsync(RecoveryScripts.TakeFired, [store.Keys.Fired, store.Keys.Run(runId), store.Keys.InFlight],
                [runId, seenScore, now.ToUnixTimeMilliseconds()]);
    }
}
