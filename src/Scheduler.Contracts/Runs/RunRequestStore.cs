using System.Text.Json;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using StackExchange.Redis;

namespace Scheduler.Contracts.Runs;

/// <summary>The client's storage for runs asked for by hand: the failed-runs index, retry claims, backfill queues.</summary>
internal static class RunRequestStore
{
    extension(ScheduleStore store)
    {
        /// <summary>
        /// Failed occurrences newest first, narrowed to one task and/or task type. Entries of deleted tasks are dropped from
        /// the index as they are met (a delete removes its task's entries right after the task, <see cref="ForgetDeletedTaskAsync"/>).
        /// </summary>
        public async Task<FailedRunPage> FailedRunsAsync(string? taskId, string? type, int limit, int offset)
        {
            if (taskId is null && type is null) return await store.LatestFailedRunsAsync(limit, offset);
            var runIds = (await store.Db.SortedSetRangeByRankAsync(store.Keys.FailedRuns, 0, -1, Order.Descending)).Select(v => v.ToString()).ToList();
            if (taskId is not null) runIds = [.. runIds.Where(r => TaskOf(r) == taskId)];
            // A type is the task's, not the run's: every task in the index is read to filter by it.
            var tasks = await store.FailedRunTasksAsync(runIds);
            var matching = runIds.Where(r => tasks.TryGetValue(TaskOf(r), out var t) && (type is null || t.Type == type)).ToList();
            return new FailedRunPage(matching.Count, await store.ReadFailedRunsAsync([.. matching.Skip(offset).Take(limit)], tasks));
        }

        // Unfiltered, a page is read by rank: a view costs its rows, not the index's (up to FailedRunsCap entries). An entry
        // of a deleted task met on the page is dropped and the page filled from the ranks after it; the total counts such
        // entries not yet met.
        private async Task<FailedRunPage> LatestFailedRunsAsync(int limit, int offset)
        {
            var total = (int)await store.Db.SortedSetLengthAsync(store.Keys.FailedRuns);
            var page = new List<string>(limit);
            var tasks = new Dictionary<string, (string Name, string Type)>();
            for (var rank = offset; page.Count < limit && rank < total;)
            {
                var runIds = (await store.Db.SortedSetRangeByRankAsync(store.Keys.FailedRuns, rank, rank + limit - page.Count - 1, Order.Descending))
                    .Select(v => v.ToString()).ToList();
                if (runIds.Count == 0) break;
                foreach (var (id, task) in await store.FailedRunTasksAsync(runIds)) tasks[id] = task;
                var kept = runIds.Where(r => tasks.ContainsKey(TaskOf(r))).ToList();
                // Dropped entries leave the index, so the ranks after them move up by as many.
                total -= runIds.Count - kept.Count;
                rank += kept.Count;
                page.AddRange(kept);
            }
            return new FailedRunPage(total, await store.ReadFailedRunsAsync([.. page], tasks));
        }

        // The name and type of each task the runs belong to; runs of tasks that no longer exist leave the index.
        private async Task<Dictionary<string, (string Name, string Type)>> FailedRunTasksAsync(IReadOnlyList<string> runIds)
        {
            var taskIds = runIds.Select(TaskOf).Distinct().ToList();
            var batch = store.Db.CreateBatch();
            var reads = taskIds.Select(id => batch.HashGetAsync(store.Keys.Task(id), [ScheduleRecord.Name, ScheduleRecord.TaskType])).ToList();
            batch.Execute();
            var tasks = new Dictionary<string, (string Name, string Type)>();
            for (var i = 0; i < taskIds.Count; i++)
            {
                var fields = await reads[i];
                if (!fields[1].IsNull) tasks[taskIds[i]] = (fields[0].ToString(), fields[1].ToString());
            }
            var gone = runIds.Where(r => !tasks.ContainsKey(TaskOf(r))).ToArray();
            if (gone.Length > 0) await store.ForgetFailedAsync(gone);
            return tasks;
        }

        private async Task<IReadOnlyList<FailedRun>> ReadFailedRunsAsync(string[] page, Dictionary<string, (string Name, string Type)> tasks)
        {
            if (page.Length == 0) return [];
            var data = await store.Db.HashGetAsync(store.Keys.FailedRunData, [.. page.Select(r => (RedisValue)r)]);
            var runs = new List<FailedRun>(page.Length);
            for (var i = 0; i < page.Length; i++)
            {
                if (data[i].IsNull) continue;
                var run = JsonSerializer.Deserialize<TaskRun>(data[i].ToString(), TaskTypes.JsonOptions)!;
                var (name, taskType) = tasks[TaskOf(page[i])];
                runs.Add(new FailedRun(run, name, taskType));
            }
            return runs;
        }

        /// <summary>The final attempt recorded for a failed run, or null when the run is not in the failed index.</summary>
        public async Task<TaskRun?> FailedRunAsync(string runId)
        {
            var data = await store.Db.HashGetAsync(store.Keys.FailedRunData, runId);
            return data.IsNull ? null : JsonSerializer.Deserialize<TaskRun>(data.ToString(), TaskTypes.JsonOptions);
        }

        /// <summary>Takes <paramref name="runId"/> off the failed-runs index; false when it was not listed.</summary>
        public async Task<bool> DismissFailedAsync(string runId) =>
            (long)await store.Db.ScriptEvaluateAsync(RunScripts.DismissFailed, [store.Keys.FailedRuns, store.Keys.FailedRunData], [runId]) == 1;

        /// <summary>Runs <see cref="RunScripts.ClaimRetry"/>; returns its answer.</summary>
        public async Task<string> ClaimRetryAsync(TaskRun last, RunRequest request, TimeSpan ledgerTtl)
        {
            var due = last.DueAt ?? last.StartedAt;
            return (string)(await store.Db.ScriptEvaluateAsync(RunScripts.ClaimRetry,
                [store.Keys.FailedRuns, store.Keys.FailedRunData, store.Keys.Run(last.RunId), store.Keys.Task(last.TaskId), store.Keys.Triggers, store.Keys.InFlight],
                [last.RunId, last.TaskId, request.At.ToUnixTimeMilliseconds(), request.ToLedger(), (long)ledgerTtl.TotalSeconds, last.Attempt,
                 due.ToUnixTimeMilliseconds(), store.Keys.ScheduleChanged]))!;
        }

        /// <summary>How many of <paramref name="instants"/> the run ledger shows as run or fired already.</summary>
        public async Task<bool[]> RecordedAsync(string taskId, IReadOnlyList<DateTimeOffset> instants)
        {
            var batch = store.Db.CreateBatch();
            var checks = instants.Select(at => batch.KeyExistsAsync(store.Keys.Run($"{taskId}:{at.ToUnixTimeMilliseconds()}"))).ToList();
            batch.Execute();
            return await Task.WhenAll(checks);
        }

        /// <summary>Runs <see cref="RunScripts.StartBackfill"/>: (answer, queued, skipped).</summary>
        /// <param name="taskId">The task whose past occurrences are run.</param>
        /// <param name="instants">The occurrences to run, oldest first.</param>
        /// <param name="request">Who asked, and how the runs go.</param>
        /// <param name="heldMoves">A paused task's held next run that the range covers, and the occurrence after the
        /// range to hold instead; null when the range does not cover it.</param>
        public async Task<(string Answer, int Queued, int Skipped)> StartBackfillAsync(string taskId, IReadOnlyList<DateTimeOffset> instants, RunRequest request,
            (DateTimeOffset Held, DateTimeOffset Next)? heldMoves = null)
        {
            var result = (RedisResult[])(await store.Db.ScriptEvaluateAsync(RunScripts.StartBackfill,
                [store.Keys.Task(taskId), store.Keys.Backfill(taskId), store.Keys.Triggers],
                [taskId, request.At.ToUnixTimeMilliseconds(), request.By ?? "", store.Keys.Run(""), store.Keys.ScheduleChanged,
                 heldMoves is { } h ? h.Held.ToUnixTimeMilliseconds() : "", heldMoves is { } n ? n.Next.ToUnixTimeMilliseconds() : "",
                 .. instants.Select(at => (RedisValue)at.ToUnixTimeMilliseconds())]))!;
            return ((string)result[0]!, (int)result[1], (int)result[2]);
        }

        /// <summary>
        /// Deletes a task for good (<see cref="ScheduleStore.DeleteAsync"/>, with its cutoff when given) and then what names
        /// it outside its own keys (<see cref="ForgetDeletedTaskAsync"/>: failed runs, backfill, hand-made run requests,
        /// not in the delete's own call). Returns the status it had, or null when nothing was deleted.
        /// </summary>
        public async Task<ScheduleStatus?> DeleteForGoodAsync(string taskId, long? finishedBefore = null)
        {
            var (deleted, historyRunIds) = await store.DeleteWithHistoryAsync(taskId, finishedBefore);
            if (deleted is not { } status) return null;
            // The retention sweep's task: its history, when complete, names every run the failed-runs index may hold; a
            // request of it left in the trigger index is dropped when fired, its task being gone.
            await store.ForgetDeletedTaskAsync(taskId, finishedBefore is not null, historyRunIds);
            return status;
        }

        /// <summary>
        /// Runs <see cref="RunScripts.ForgetTask"/> for a task just deleted; returns how many entries went. For a task the
        /// retention sweep deleted (<paramref name="retained"/>) the trigger index is not searched, nor, given
        /// <paramref name="onlyRuns"/> (every run the task had), the failed-runs index.
        /// </summary>
        public async Task<long> ForgetDeletedTaskAsync(string taskId, bool retained = false, IReadOnlyCollection<string>? onlyRuns = null) =>
            (long)(await store.Db.ScriptEvaluateAsync(RunScripts.ForgetTask,
                [store.Keys.Task(taskId), store.Keys.FailedRuns, store.Keys.FailedRunData, store.Keys.Backfill(taskId), store.Keys.BackfillCurrent(taskId), store.Keys.Triggers],
                !retained ? [taskId] : onlyRuns is null ? [taskId, "retained"] : [taskId, "runs", .. onlyRuns.Select(r => (RedisValue)r)]));

        private async Task ForgetFailedAsync(string[] runIds)
        {
            var values = runIds.Select(r => (RedisValue)r).ToArray();
            await store.Db.SortedSetRemoveAsync(store.Keys.FailedRuns, values);
            await store.Db.HashDeleteAsync(store.Keys.FailedRunData, values);
        }
    }

    /// <summary>The task id in a run id ("taskId:dueMs", "taskId:t&lt;ms&gt;", "taskId:e&lt;n&gt;").</summary>
    public static string TaskOf(string runId) => runId[..Math.Max(0, runId.LastIndexOf(':'))];

    /// <summary>
    /// The instant a run was due at, from its id: "taskId:dueMs" (fired) or "taskId:t&lt;ms&gt;" (run now); null for a
    /// trigger's run ("taskId:e&lt;n&gt;") or any other form.
    /// </summary>
    public static DateTimeOffset? DueOf(string runId)
    {
        var tail = runId[(runId.LastIndexOf(':') + 1)..];
        if (tail.StartsWith('t')) tail = tail[1..];
        return long.TryParse(tail, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms)
               && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
    }

    /// <summary>
    /// The task id of a well-formed run id: a valid task id, ':' and something after it; null for any other value (the
    /// check the REST API and the CLI make before asking Redis).
    /// </summary>
    public static string? WellFormedTaskOf(string runId)
    {
        var separator = runId.LastIndexOf(':');
        return separator >= 1 && separator < runId.Length - 1 && TaskIds.IsValid(runId[..separator]) ? runId[..separator] : null;
    }
}
