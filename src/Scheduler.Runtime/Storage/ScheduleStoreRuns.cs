using System.Text.Json;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using StackExchange.Redis;

namespace Scheduler.Runtime.Storage;

/// <summary>A worker's writes to a schedule around a run: mark it running, record each attempt's outcome.</summary>
internal static class ScheduleStoreRuns
{
    /// <summary>The run ledger's field naming who stopped the run by hand (<c>RunScripts.StopRuns</c>).</summary>
    private const string StoppedField = "stopped";

    /// <summary>
    /// Who stopped a run whose Hangfire job was deleted other than on Scheduler's dashboard (which names its user): on
    /// another dashboard, or by anyone's <c>BackgroundJob.Delete</c>. Hangfire records no one.
    /// </summary>
    public const string DeletedJobStopper = "whoever deleted its Hangfire job";

    extension(ScheduleStore store)
    {
        /// <summary>Marks a schedule running if it is scheduled; false if it is no longer active.</summary>
        public async Task<ScheduleStatus?> MarkRunningAsync(string id)
        {
            try
            {
                var previous = await store.TransitionAsync(id, ScheduleStatus.Running, notifyBeat: false, ScheduleStatus.Scheduled, ScheduleStatus.Running);
                return previous;
            }
            catch (InvalidTransitionException e)
            {
                return e.Current;
            }
        }

        /// <summary>
        /// For each of <paramref name="ids"/>, whether its task was cancelled or deleted, how many times overlap
        /// cancelPrevious cancelled its runs and for which run the last time, read in one pipelined round trip.
        /// </summary>
        public async Task<IReadOnlyList<TaskCancelState>> CancelStatesAsync(IReadOnlyList<string> ids)
        {
            var db = store.Db;
            RedisValue[] fields = [ScheduleRecord.Status, ScheduleRecord.ReplacedRuns, ScheduleRecord.ReplacingRun];
            var read = await Task.WhenAll(ids.Select(id => db.HashGetAsync(store.Keys.Task(id), fields)));
            return [.. ids.Select((id, i) => new TaskCancelState(id,
                read[i][0].IsNull || read[i][0] == ScheduleRecord.StatusText(ScheduleStatus.Cancelled), TaskCancelState.Count(read[i][1]),
                read[i][2].IsNullOrEmpty ? null : (string?)read[i][2]))];
        }

        /// <summary>
        /// Of <paramref name="runIds"/>, those stopped by hand (<c>SchedulerClient.StopRunsAsync</c>: ledger field
        /// "stopped"), with who stopped each, read in one pipelined round trip.
        /// </summary>
        public async Task<IReadOnlyList<(string RunId, string By)>> StoppedRunsAsync(IReadOnlyList<string> runIds)
        {
            var db = store.Db;
            var read = await Task.WhenAll(runIds.Select(id => db.HashGetAsync(store.Keys.Run(id), StoppedField)));
            return [.. runIds.Select((id, i) => (id, (string?)read[i])).Where(r => !string.IsNullOrEmpty(r.Item2)).Select(r => (r.id, r.Item2!))];
        }

        /// <summary>
        /// Marks run <paramref name="runId"/> stopped by <paramref name="by"/> in its ledger, as a stop by hand does, unless
        /// it is done or already marked: its outcome then settles the task as a stopped run's does. Returns who stopped it.
        /// </summary>
        public async Task<string> MarkStoppedAsync(string runId, string by)
        {
            var marked = (string?)await store.Db.HashGetAsync(store.Keys.Run(runId), StoppedField);
            if (!string.IsNullOrEmpty(marked)) return marked;
            await store.Db.ScriptEvaluateAsync(Contracts.Runs.RunScripts.MarkRuns, [], [by, store.Keys.Run(""), runId]);
            return by;
        }

        /// <summary>
        /// Appends an attempt to the history; on the final attempt counts the run and settles the status, which it returns
        /// (null when not final, or when the run had already been recorded as done).
        /// </summary>
        /// <remarks><c>writeId</c>: 
        /// Names this write so that repeating it (after Redis went away without answering) applies it once; null when the
        /// caller does not repeat.
        /// </remarks>
        /// <remarks><c>announce</c>: the outcome event types (<see cref="RunAnnouncement"/>) to append to the events stream in
        /// the same step; null announces nothing.</remarks>
        /// <remarks><c>oneShot</c>: the task runs once, so its run's final outcome ends it; a "run now" beside it
        /// (<see cref="ScheduleStore.IsRunNow"/>) does not, as its own run is still due, except that one succeeding on a
        /// one-shot that failed completes it.</remarks>
        public async Task<ScheduleStatus?> RecordAttemptAsync(TaskRun run, string jobId, bool oneShot, int? maxRuns, string? writeId = null,
            RunAnnouncement? announce = null)
        {
            var json = JsonSerializer.Serialize(run, TaskTypes.JsonOptions);
            // Only a final outcome fans out to the tasks that run after this one (the script checks their set; the result
            // goes to them), and keeps the failed-runs index; the events' key sits after those (padded with "" on any other write).
            RedisKey[] optionalKeys = run.IsFinal ? [.. store.Triggers.FanoutKeys(run.TaskId), store.Keys.FailedRuns, store.Keys.FailedRunData] : [];
            RedisValue[] eventArgs = [];
            if (announce is { } a)
            {
                if (!run.IsFinal) optionalKeys = [.. Enumerable.Repeat((RedisKey)"", 5)];
                optionalKeys = [.. optionalKeys, store.Keys.Events];
                eventArgs = [store.Time.GetUtcNow().ToUnixTimeMilliseconds(), run.Attempt, (long)run.Duration.TotalMilliseconds, a.OutcomeEvent, .. HandlerEventArgs(a)];
            }
            var result = (RedisResult[])(await store.Db.ScriptEvaluateAsync(RunLedgerScripts.RecordAttempt(store.Keys.Prefix),
                [store.Keys.Task(run.TaskId), store.Keys.Due, store.Keys.Runs(run.TaskId), store.Keys.Run(run.RunId), store.Keys.InFlight, store.Keys.Running, store.Keys.Fired, .. optionalKeys],
                [run.TaskId, json, run.FinishedAt.ToUnixTimeMilliseconds(), run.Outcome.ToString().ToLowerInvariant(),
                 run.IsFinal ? "1" : "0", !oneShot ? "0" : ScheduleStore.IsRunNow(run.RunId) ? "2" : "1", maxRuns ?? 0, run.RunId, writeId ?? "",
                 InFlightRun.OwnerPrefix(jobId, run.WorkerId, run.TaskId, run.Attempt), run.IsFinal ? run.Result ?? "" : "", run.Error ?? "", .. eventArgs]))!;
            var status = (string?)result[1];
            return string.IsNullOrEmpty(status) ? null : ScheduleRecord.ParseStatus(status);
        }

        // ARGV[17..]: the handler's event type ("" for none), the count of ledger notes, the notes, the event's field/value pairs.
        private static IEnumerable<RedisValue> HandlerEventArgs(RunAnnouncement announce)
        {
            if (announce.HandlerEvent is not { } e) yield break;
            yield return e.Type;
            yield return e.Notes.Count;
            foreach (var note in e.Notes) yield return note;
            foreach (var (name, value) in e.Fields) { yield return name; yield return value; }
        }
    }
}
