using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Storage;

/// <summary>The flow gate's storage: pass or wait, renew a slot's lease, free it and name the waiters to wake.</summary>
internal static class ScheduleStoreFlow
{
    extension(ScheduleStore store)
    {
        /// <summary>Lets <paramref name="runId"/> through the gate of <paramref name="keys"/>, or enters it among the waiters.</summary>
        /// <param name="peek">Only ask whether it could go now; take nothing and change nothing.</param>
        /// <param name="front">A retry of a run that holds its slots: it goes before every waiter (FlowScripts.Pass).</param>
        public async Task<FlowGateReply> PassFlowGateAsync(string runId, string taskId, FlowKeys keys, string jobId, string queue,
            TimeSpan lease, TimeSpan stale, bool peek = false, bool front = false)
        {
            var k = store.Keys;
            var c = keys.ConcurrencyKey ?? "";
            var r = keys.RateBudget;
            var now = store.Time.GetUtcNow().ToUnixTimeMilliseconds();
            var result = (RedisResult[])(await store.Db.ScriptEvaluateAsync(FlowScripts.Pass,
                [k.FlowWaiting, k.FlowSequence, k.Task(taskId), k.FlowSlots(c), k.FlowWaiters("c:" + c), k.FlowStarts(r), k.FlowWaiters("r:" + r), k.Run(runId)],
                [runId, now, (long)lease.TotalMilliseconds, (long)stale.TotalMilliseconds, jobId, queue,
                 keys.ConcurrencyKey is null ? 0 : keys.Limit, keys.RateKey is null ? 0 : keys.Count, (long)keys.Per.TotalMilliseconds,
                 peek ? "peek" : front ? "front" : "take", keys.ConcurrencyLabel, keys.RateLabel]))!;
            if ((string)result[0]! == "go")
            {
                var waited = (long)result[1];
                return new FlowGateReply(true, waited < 0 ? null : TimeSpan.FromMilliseconds(waited), HandOff: Waiter((string?)result[2]));
            }
            var retry = (long)result[4];
            return new FlowGateReply(false, null, DateTimeOffset.FromUnixTimeMilliseconds((long)result[1]), (int)result[2], (int)result[3],
                retry > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(retry) : null, (long)result[5] == 1, (string)result[6]!, Waiter((string?)result[7]));
        }

        /// <summary>
        /// Extends the lease of <paramref name="runId"/>'s slot, and the slots' key with it; false when it held none any
        /// more (its lease ran out): the run, still running, takes its slot back so that later runs count it.
        /// </summary>
        public async Task<bool> RenewFlowSlotAsync(string key, string runId, TimeSpan lease) =>
            (long)await store.Db.ScriptEvaluateAsync(FlowScripts.Renew, [store.Keys.FlowSlots(key)],
                [runId, (store.Time.GetUtcNow() + lease).ToUnixTimeMilliseconds(), (long)lease.TotalMilliseconds]) == 1;

        /// <summary>Frees <paramref name="runId"/>'s slot of <paramref name="key"/>; returns the waiters to wake as (jobId, queue).</summary>
        public async Task<IReadOnlyList<(string JobId, string Queue)>> ReleaseFlowSlotAsync(string key, int limit, string runId)
        {
            var result = (RedisResult[])(await store.Db.ScriptEvaluateAsync(FlowScripts.Release,
                [store.Keys.FlowSlots(key), store.Keys.FlowWaiters("c:" + key), store.Keys.FlowWaiting],
                [runId, store.Time.GetUtcNow().ToUnixTimeMilliseconds(), limit]))!;
            return [.. result.Select(r => Waiter((string?)r)).OfType<(string, string)>()];
        }

        /// <summary>
        /// The waiters to wake, as (jobId, queue), after task <paramref name="taskId"/>'s flow options changed: its own
        /// waiting runs (their lines or limits may have changed), and the first waiters of the line of
        /// <paramref name="concurrencyKey"/> that a <paramref name="limit"/> raised leaves room for. Each woken run
        /// passes the gate under the options it reads then, or parks again.
        /// </summary>
        public async Task<IReadOnlyList<(string JobId, string Queue)>> WaitersAfterFlowChangeAsync(string taskId, string? concurrencyKey, int limit)
        {
            var wake = new List<(string JobId, string Queue)>();
            // A task id holds no glob character, and a run id is the task id, ':' and more.
            await foreach (var entry in store.Db.HashScanAsync(store.Keys.FlowWaiting, $"{taskId}:*"))
                if (((string?)entry.Value)?.Split('|') is [_, _, _, var jobId, var queue, ..]) wake.Add((jobId, queue));
            // A release that frees nothing (no run holds the empty id) names the waiters the limit has room for.
            if (concurrencyKey is not null && limit > 0) wake.AddRange(await store.ReleaseFlowSlotAsync(concurrencyKey, limit, ""));
            return [.. wake.Distinct()];
        }

        /// <summary>
        /// Drops <paramref name="runId"/> from the waiters (its task was cancelled or deleted while it waited, or lost its
        /// flow options); returns the waiter behind it in its concurrency line to wake in its place, as (jobId, queue), or
        /// null.
        /// </summary>
        public async Task<(string JobId, string Queue)?> ForgetFlowWaitAsync(string runId, string taskId) =>
            Waiter((string?)await store.Db.ScriptEvaluateAsync(FlowScripts.Forget, [store.Keys.FlowWaiting, store.Keys.Task(taskId), store.Keys.Run(runId)], [runId]));
    }

    // "jobId|queue" as the scripts name a waiter to wake; '' (or a reply from older code without it) names none.
    private static (string JobId, string Queue)? Waiter(string? entry) =>
        entry?.Split('|', 2) is [var jobId, var queue] ? (jobId, queue) : null;
}
