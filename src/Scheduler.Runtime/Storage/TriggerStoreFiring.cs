using System.Globalization;
using Scheduler.Contracts.Scheduling.Triggers;
using Scheduler.Contracts.Triggers;
using StackExchange.Redis;

namespace Scheduler.Runtime.Storage;

/// <summary>Beat's and the worker's trigger operations: fan-out parameters, reading a context, reserving and completing a fired trigger.</summary>
internal static class TriggerStoreFiring
{
    extension(TriggerStore store)
    {
        /// <summary>The extra keys RecordAttempt needs to fan a final outcome out to "after" subscribers (its prefixes and lifetimes are in its text).</summary>
        public RedisKey[] FanoutKeys(string taskId) => [store.AfterSubscribers(taskId), store.Keys.Triggers, store.Keys.TriggerSequence];

        /// <summary>What trigger <paramref name="triggerId"/> is and when it happened; null when it is gone.</summary>
        /// <remarks>Only these fields: Beat asks once per subscriber, and the trigger may carry a payload of a MiB.</remarks>
        public async Task<TriggerHeader?> ReadHeaderAsync(string triggerId)
        {
            var fields = await store.Db.HashGetAsync(store.Keys.Trigger(triggerId), ["kind", "source", "outcome", "at", "depth"]);
            if (fields[0].IsNullOrEmpty || fields[1].IsNullOrEmpty) return null;
            DateTimeOffset? at = long.TryParse((string?)fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
            return new TriggerHeader((string)fields[0]!, (string)fields[1]!, fields[2].IsNullOrEmpty ? null : (string?)fields[2], at,
                int.TryParse((string?)fields[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var depth) ? depth : 0);
        }

        /// <summary>The context of a trigger, or null when it has expired or never existed.</summary>
        public async Task<TriggerContext?> ReadAsync(string triggerId)
        {
            var fields = (await store.Db.HashGetAllAsync(store.Keys.Trigger(triggerId))).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
            if (!fields.TryGetValue("kind", out var kind) || !fields.TryGetValue("source", out var source)) return null;
            static string? Text(Dictionary<string, string> f, string name) => f.GetValueOrDefault(name) is { Length: > 0 } v ? v : null;
            return new TriggerContext
            {
                Id = triggerId, Kind = kind, Source = source,
                SourceRunId = Text(fields, "runId"), Outcome = Text(fields, "outcome"), Result = Text(fields, "result"), Error = Text(fields, "error"),
                Payload = Text(fields, "payload"),
                At = long.TryParse(fields.GetValueOrDefault("at"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                    ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : default,
            };
        }

        /// <summary>
        /// Runs <see cref="TriggerFiringScripts.Reserve"/> (see there for the answers); a drop with a
        /// <paramref name="skipReason"/> is announced as skipped in the same step. A <paramref name="replaceable"/> run
        /// (overlap cancelPrevious) has its ledger note the task's replaced-runs count it is fired under; one that
        /// <paramref name="cancelsPrevious"/> replaces the runs before it, counted and announced in the same step as its
        /// reservation (so a beat that takes a reservation over never has a replace left to make); so does any replaceable
        /// run while the task's last fired run has not ended, claimed or not (the reservation reads it itself).
        /// </summary>
        public async Task<string> ReserveAsync(string member, string taskId, string triggerId, string decision, long fireCount,
            string? dropStatus, TimeSpan ledgerTtl, string firedEvent, string? skipReason = null, bool replaceable = false, bool cancelsPrevious = false)
        {
            var runId = TriggerRunIds.RunId(taskId, triggerId);
            return (string)(await store.Db.ScriptEvaluateAsync(TriggerFiringScripts.Reserve,
                [store.Keys.Triggers, store.Keys.Task(taskId), store.Keys.Run(runId), store.Keys.Events, store.Keys.Trigger(triggerId)],
                [member, taskId, runId, decision, fireCount, dropStatus ?? "", store.Time.GetUtcNow().ToUnixTimeMilliseconds(),
                 (long)ledgerTtl.TotalSeconds, (long)TriggerStore.ContextTtl.TotalSeconds, triggerId, firedEvent, skipReason ?? "", replaceable ? "1" : "0",
                 cancelsPrevious ? "1" : "0", store.Keys.TaskReplaced]))!;
        }

        /// <summary>Removes a fired trigger from the index.</summary>
        public Task CompleteAsync(string member) => store.Db.SortedSetRemoveAsync(store.Keys.Triggers, member);
    }
}
