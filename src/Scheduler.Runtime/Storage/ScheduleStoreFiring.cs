using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Storage;

/// <summary>Beat's firing operations on the schedule store: claim a round, read it, commit each fired occurrence.</summary>
internal static class ScheduleStoreFiring
{
    extension(ScheduleStore store)
    {
        /// <summary>
        /// Atomically claims up to <paramref name="limit"/> due ids and as many due manual triggers for <paramref name="lease"/>,
        /// and reads the earliest instant still pending in either index (claimed ones count at their lease's end). A round
        /// of at most <paramref name="recordsUpTo"/> due ids comes with their task records, read in the same call.
        /// </summary>
        public async Task<ClaimedRound> ClaimRoundAsync(DateTimeOffset now, int limit, TimeSpan lease, int recordsUpTo = 0)
        {
            var result = (RedisResult[])(await store.Db.ScriptEvaluateAsync(FiringScripts.ClaimRound, [store.Keys.Due, store.Keys.Triggers],
                [now.ToUnixTimeMilliseconds(), limit, (long)lease.TotalMilliseconds, store.Keys.Task(""), recordsUpTo]))!;
            static string[] Members(RedisResult list) => [.. ((RedisResult[])list!).Select(m => (string)m!)];
            static DateTimeOffset? Score(RedisResult score) =>
                double.TryParse((string?)score, System.Globalization.CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms) : null;
            DateTimeOffset? due = Score(result[2]), trigger = Score(result[3]);
            var ids = Members(result[0]);
            // No records for a round larger than asked for, and none for an empty one (nothing to read).
            var records = ids.Length > 0 && ids.Length <= recordsUpTo ? ((RedisResult[])result[4]!).Select(r => ScriptHashes.Entries((RedisResult[])r!)).ToArray() : null;
            // Scores as Redis formats them (%.17g: whole milliseconds print whole); absent from a reply of older code.
            long[]? scores = result.Length > 5 ? [.. ((RedisResult[])result[5]!).Select(s => (long)double.Parse((string)s!, System.Globalization.CultureInfo.InvariantCulture))] : null;
            return new ClaimedRound(ids, Members(result[1]), due is null ? trigger : trigger is null ? due : due < trigger ? due : trigger, records,
                scores?.Length == ids.Length ? scores : null);
        }

        /// <summary>The raw records of <paramref name="ids"/>, read in one pipelined round trip (empty for a vanished one).</summary>
        public async Task<HashEntry[][]> ReadRecordsAsync(IReadOnlyList<string> ids)
        {
            var db = store.Db;
            return await Task.WhenAll(ids.Select(id => db.HashGetAllAsync(store.Keys.Task(id))));
        }

        /// <summary>
        /// Advances a fired (or skipped) occurrence: sets the next due instant, or ends the schedule with
        /// <paramref name="finalStatus"/>, and when <paramref name="fired"/> appends the "fired" event (a
        /// <see cref="FireCommit.SkipReason"/> appends the "skipped" one instead). Does nothing if
        /// another beat advanced it first. A fired occurrence (run <paramref name="runId"/>, Hangfire job
        /// <paramref name="jobId"/>) enters the run ledger and the fired index in the same call; one that
        /// <see cref="FireCommit.CancelsPrevious"/>, or is <see cref="FireCommit.Replaceable"/> while the task's last
        /// fired run has not ended (claimed or not), also asks every worker to stop the runs before it (overlap
        /// cancelPrevious): counted in the task's record, which each worker reads for the runs it executes, and published
        /// (<see cref="ReplaceMessage"/>) for those listening now, only when the fire stands.
        /// </summary>
        public Task CommitFireAsync(string id, long expectedDueMs, DateTimeOffset? next, string? finalStatus, bool fired, bool queued = false,
            string? runId = null, string? jobId = null) =>
            store.CommitFireAsync(new FireCommit(id, expectedDueMs, next, finalStatus, fired, queued, runId, jobId));

        /// <summary>Commits one occurrence as <see cref="CommitFiresAsync"/> does each; a refusal is an exception naming the task.</summary>
        public async Task CommitFireAsync(FireCommit commit)
        {
            if ((await store.CommitFiresAsync([commit]))[0] is { } error)
                throw new InvalidOperationException($"Redis refused the fire commit of task {commit.Id}: {error}");
        }

        /// <summary>
        /// Commits a round's occurrences as <see cref="CommitFireAsync"/> does each, in one call. Each is committed on its
        /// own: the result holds, per commit, null, or the error that left it (alone) uncommitted.
        /// </summary>
        public async Task<string?[]> CommitFiresAsync(IReadOnlyList<FireCommit> commits)
        {
            if (commits.Count == 0) return [];
            var keys = new RedisKey[4 + commits.Count * 2];
            var args = new RedisValue[3 + commits.Count * 14];
            (keys[0], keys[1], keys[2], keys[3]) = (store.Keys.Due, store.Keys.Events, store.Keys.Fired, store.Keys.Running);
            (args[0], args[1], args[2]) = (store.Time.GetUtcNow().ToUnixTimeMilliseconds(), (long)ScheduleStoreRunLedger.RunLedgerTtl.TotalSeconds,
                store.Keys.TaskReplaced);
            for (var i = 0; i < commits.Count; i++)
            {
                var c = commits[i];
                var runId = c.RunId ?? $"{c.Id}:{c.ExpectedDueMs}";
                (keys[4 + i * 2], keys[5 + i * 2]) = (store.Keys.Task(c.Id), store.Keys.Run(runId));
                var a = 3 + i * 14;
                (args[a], args[a + 1], args[a + 2], args[a + 3]) = (c.Id, c.ExpectedDueMs,
                    c.Next is { } n ? n.ToUnixTimeMilliseconds() : RedisValue.EmptyString, c.FinalStatus ?? RedisValue.EmptyString);
                (args[a + 4], args[a + 5], args[a + 6], args[a + 7]) = (c.Fired ? "1" : "0", c.Queued ? "1" : "0", runId, c.JobId ?? "");
                (args[a + 8], args[a + 9]) = (c.EndsAtMaxRuns is { } max ? max : RedisValue.EmptyString,
                    c.NextBeyondMaxRuns is { } beyond ? beyond.ToUnixTimeMilliseconds() : RedisValue.EmptyString);
                (args[a + 10], args[a + 11], args[a + 12]) = (c.SkipReason ?? "", c.Replaceable ? "1" : "0", c.Replaceable && c.CancelsPrevious ? "1" : "0");
                args[a + 13] = c.Replay ? "1" : "0";
            }
            var results = (RedisResult[])(await store.Db.ScriptEvaluateAsync(FiringScripts.CommitFires, keys, args))!;
            return [.. results.Select(r => r.Resp2Type == ResultType.BulkString ? (string?)r : null)];
        }

        /// <summary>
        /// The queued run <paramref name="runId"/> (overlap queue) has stopped waiting: counted down once per run, however
        /// many of its deliveries call this (its final outcome also releases it).
        /// </summary>
        public Task ReleaseQueuedRunAsync(string id, string runId) =>
            store.Db.ScriptEvaluateAsync(RecoveryScripts.ReleaseQueuedRun, [store.Keys.Task(id), store.Keys.Run(runId)]);

        /// <summary>Removes an id from the due index (a record that vanished or can no longer fire).</summary>
        public Task RemoveDueAsync(string id) => store.Db.SortedSetRemoveAsync(store.Keys.Due, id);

        /// <summary>Takes a fired (or dropped) "run now" request out of the trigger index.</summary>
        public Task CompleteTriggerAsync(string member) => store.Db.SortedSetRemoveAsync(store.Keys.Triggers, member);
    }
}
