using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Storage;

/// <summary>
/// The run ledger (one hash per occurrence's run, and the in-flight hash): workers claim and leave runs, Beat finds and
/// recovers the ones a dead worker held.
/// </summary>
internal static class ScheduleStoreRunLedger
{
    /// <summary>How long a run's ledger entry outlives its last write.</summary>
    internal static readonly TimeSpan RunLedgerTtl = TimeSpan.FromDays(7);

    /// <summary>
    /// The write id a worker gives the outcome of attempt <paramref name="attempt"/> (a repeat of the write carries the
    /// same id, so it applies once): it names the attempt, so Beat can tell an attempt recorded from one lost.
    /// </summary>
    public static string AttemptWriteId(int attempt) => $"a{attempt}.{Guid.NewGuid():N}";

    extension(ScheduleStore store)
    {
        /// <summary>
        /// Whether a worker recorded the outcome of attempt <paramref name="attempt"/> of <paramref name="runId"/> (written
        /// with an <see cref="AttemptWriteId"/>; false for workers from before those ids).
        /// </summary>
        public async Task<bool> AttemptRecordedAsync(string runId, int attempt)
        {
            var mark = $"w:a{attempt}.";
            return (await store.Db.HashKeysAsync(store.Keys.Run(runId))).Any(field => ((string?)field)?.StartsWith(mark, StringComparison.Ordinal) == true);
        }

        /// <summary>
        /// Starts an attempt of <paramref name="runId"/> for Hangfire job <paramref name="jobId"/>: checks it is neither done
        /// nor owned by another job nor in flight on another delivery (<see cref="AttemptClaim.Running"/>: a late worker's
        /// retry stands down), counts the attempt and lists the run as in flight on <paramref name="workerId"/>.
        /// </summary>
        /// <remarks><c>claimToken</c>: Names this claim so that repeating the call (Redis went away before answering) finds it
        /// instead of starting another attempt; null when the caller does not repeat. <c>startedEvent</c>: the event type
        /// announcing the attempt's start on the events stream in the same step; null announces nothing.</remarks>
        public async Task<(AttemptClaim Claim, int Attempt)> BeginAttemptAsync(string runId, string jobId, string workerId, string taskId, string? claimToken = null,
            string? startedEvent = null)
        {
            var result = (RedisResult[])(await store.Db.ScriptEvaluateAsync(RunLedgerScripts.BeginAttempt, [store.Keys.Run(runId), store.Keys.InFlight, store.Keys.Events, store.Keys.Task(taskId)],
                [runId, jobId, workerId, taskId, store.Time.GetUtcNow().ToUnixTimeMilliseconds(), (long)RunLedgerTtl.TotalSeconds, "0", claimToken ?? "", startedEvent ?? ""]))!;
            return (ParseClaim((string)result[0]!), (int)result[1]);
        }

        /// <summary>
        /// Starts the first attempt of a delivered occurrence in one call: <see cref="BeginAttemptAsync"/>'s checks, the run
        /// must not be in flight (unless <paramref name="evenIfInFlight"/>: its entry is stale), and the task must exist
        /// and not be cancelled; it is read and, when scheduled, marked running.
        /// </summary>
        /// <remarks><c>claimToken</c>: As for <see cref="BeginAttemptAsync"/>: a repeated call returns the claim it made.
        /// <c>startedEvent</c>: as for <see cref="BeginAttemptAsync"/>, but only when the task was not running already
        /// (<see cref="RunStart.StartAnnounced"/>): such a run may wait for the one before it, and is announced when it starts.
        /// <c>lockRelease</c>: the job's state lock its change to Processing left held (<see cref="Redis.StateLocksAhead.TakeRelease"/>),
        /// released in this call, whatever it answers.</remarks>
        public async Task<RunStart> BeginRunAsync(string runId, string jobId, string workerId, string taskId, bool evenIfInFlight = false, string? claimToken = null,
            bool passedFlowGate = false, string? startedEvent = null, Redis.RidingLockRelease? lockRelease = null)
        {
            RedisKey[] keys = [store.Keys.Run(runId), store.Keys.InFlight, store.Keys.Task(taskId), store.Keys.Running, store.Keys.Fired, store.Keys.Events];
            RedisValue[] args = [runId, jobId, workerId, taskId, store.Time.GetUtcNow().ToUnixTimeMilliseconds(), (long)RunLedgerTtl.TotalSeconds, evenIfInFlight ? "1" : "0",
                claimToken ?? "", passedFlowGate ? "1" : "0", startedEvent ?? ""];
            if (lockRelease is not null)
            {
                keys = [.. keys, lockRelease.Key];
                args = [.. args, lockRelease.Owner, Redis.RidingLockRelease.HoldMilliseconds];
            }
            var result = (RedisResult[])(await store.Db.ScriptEvaluateAsync(RunLedgerScripts.BeginRun, keys, args))!;
            var claim = ParseClaim((string)result[0]!);
            if (claim is not (AttemptClaim.Run or AttemptClaim.Gate)) return new RunStart(claim, 0);
            var entries = ScriptHashes.Entries((RedisResult[])result[3]!);
            // A repeated claim whose task was deleted since: nothing to run (its in-flight entry is the reconciler's).
            if (ScheduleRecord.FromHash(entries) is not { } task) return new RunStart(AttemptClaim.TaskDeleted, 0);
            var previous = (string?)result[2];
            var previousStatus = string.IsNullOrEmpty(previous) ? (ScheduleStatus?)null : ScheduleRecord.ParseStatus(previous);
            return new RunStart(claim, (int)result[1], task, previousStatus)
            {
                Request = result.Length > 4 ? Contracts.Runs.RunRequest.FromLedger((string?)result[4]) : null,
                ClaimToken = claimToken,
                StartAnnounced = claim == AttemptClaim.Run && !string.IsNullOrEmpty(startedEvent) && previousStatus != ScheduleStatus.Running
                    && !(result.Length > 7 && !string.IsNullOrEmpty((string?)result[7])),
                ReplacedRuns = TaskCancelState.Count(entries.FirstOrDefault(e => e.Name == ScheduleRecord.ReplacedRuns).Value),
                // A count not noted is unknown, not 0: the run is then judged as before the note existed.
                FiredUnder = result.Length > 8 && long.TryParse((string?)result[8], out var firedUnder) ? firedUnder : null,
                ReplacingRunId = entries.FirstOrDefault(e => e.Name == ScheduleRecord.ReplacingRun).Value is { IsNullOrEmpty: false } replacing ? (string?)replacing : null,
                ClaimedBeforeFire = result.Length > 9 && (string?)result[9] == "1",
                StrandedAtFlowGate = claim == AttemptClaim.Run && result.Length > 5 && (string?)result[5] == "1",
                StoppedBy = claim == AttemptClaim.Run && result.Length > 6 && (string?)result[6] is { Length: > 0 } by ? by : null,
                RetryAt = claim == AttemptClaim.Run && result.Length > 7 && InFlightRun.Parse(runId, (string?)result[7] ?? "") is { Parked: true } parked
                    ? parked.StartedAt : null,
            };
        }

        /// <summary>
        /// The run is no longer executing here (handed back on shutdown, no attempt of it under way: see
        /// <see cref="HandBackRunAsync"/>); it stays undone for its next delivery. <paramref name="unstarted"/> names the
        /// attempt this delivery claimed and whose handler it did not start (stopped in between): its claim is withdrawn,
        /// so the next delivery runs that attempt number, and a start the claim announced is announced ended
        /// (<c>scheduler.task.retry</c> with <paramref name="unstarted"/>'s error).
        /// </summary>
        /// <remarks>Only this worker's entry for this job is removed: a repeated call never drops a later delivery's entry.</remarks>
        public Task LeaveRunAsync(string runId, string jobId, string workerId, UnstartedAttempt? unstarted = null) =>
            store.Db.ScriptEvaluateAsync(RunLedgerScripts.LeaveRun, [store.Keys.InFlight, store.Keys.Run(runId), store.Keys.Events],
                unstarted is null
                    ? [runId, $"{jobId}|{workerId}|", store.Keys.Task("")]
                    : [runId, $"{jobId}|{workerId}|", store.Keys.Task(""), unstarted.Attempt, unstarted.Announced ? "1" : "0",
                       store.Time.GetUtcNow().ToUnixTimeMilliseconds(), unstarted.Error, unstarted.ClaimToken]);

        /// <summary>
        /// Hands back a run whose attempt <paramref name="interrupted"/> (not final) was cut short on its worker: leaves the
        /// run as <see cref="LeaveRunAsync"/> does and, in the same step, adds the attempt to the task's history and announces
        /// it (<c>scheduler.task.retry</c> with the run id and the attempt's error, as Beat's re-queue of a dead worker's run
        /// announces its lost attempt). False when the in-flight entry was no longer that attempt's on that worker (a run
        /// Beat recovered meanwhile, or a later delivery holds): nothing is written then. True, writing nothing again, for
        /// a repeat whose first try landed (its reply lost) while the run is in flight nowhere.
        /// </summary>
        public async Task<bool> HandBackRunAsync(TaskRun interrupted, string jobId) =>
            (long)await store.Db.ScriptEvaluateAsync(RunLedgerScripts.HandBackRun,
                [store.Keys.InFlight, store.Keys.Task(interrupted.TaskId), store.Keys.Runs(interrupted.TaskId), store.Keys.Run(interrupted.RunId), store.Keys.Events],
                [interrupted.RunId, InFlightRun.OwnerPrefix(jobId, interrupted.WorkerId, interrupted.TaskId, interrupted.Attempt), store.Keys.Task(""),
                 System.Text.Json.JsonSerializer.Serialize(interrupted, Contracts.Tasks.TaskTypes.JsonOptions), interrupted.FinishedAt.ToUnixTimeMilliseconds(),
                 interrupted.Error ?? ""]) != 0;

        /// <summary>
        /// Parks run <paramref name="runId"/>'s retry: its entry, while it is still this worker's for <paramref name="jobId"/>,
        /// becomes a parked one (<see cref="InFlightRun.ParkedEntry"/>) that the job's next delivery takes over. False when
        /// the entry is no longer this worker's (the run was recovered meanwhile): nothing to park.
        /// </summary>
        public async Task<bool> ParkRunAsync(string runId, string jobId, string workerId, string taskId, int nextAttempt, DateTimeOffset retryAt) =>
            (long)await store.Db.ScriptEvaluateAsync(RunLedgerScripts.SwapInFlight, [store.Keys.InFlight],
                [runId, $"{jobId}|{workerId}|", InFlightRun.ParkedEntry(jobId, taskId, nextAttempt, retryAt)]) == 1;

        /// <summary>Takes back a park whose job could not be moved to Scheduled: the run is this worker's again, attempt <paramref name="attempt"/> its last.</summary>
        public async Task<bool> UnparkRunAsync(string runId, string jobId, string workerId, string taskId, int attempt) =>
            (long)await store.Db.ScriptEvaluateAsync(RunLedgerScripts.SwapInFlight, [store.Keys.InFlight],
                [runId, $"{jobId}|{InFlightRun.ParkedWorker}|", InFlightRun.RunningEntry(jobId, workerId, taskId, attempt, store.Time.GetUtcNow())]) == 1;

        /// <summary>Forgets every in-flight run of <paramref name="workerId"/>: on a graceful stop they were handed back, not lost.</summary>
        public async Task LeaveAllRunsAsync(string workerId)
        {
            foreach (var run in await store.InFlightAsync())
                if (run.WorkerId == workerId) await store.ReleaseOrphanAsync(run);
        }

        /// <summary>
        /// Enters a run fired outside the due index (manual, triggered, retried or backfilled) in the run ledger (owning
        /// job) and the fired index. False when <paramref name="task"/>, as read before its job was made, is gone or was
        /// deleted and created again since: the run is then stood down, and its job does nothing.
        /// </summary>
        public async Task<bool> RecordFiredAsync(ScheduledTask task, string runId, string jobId) =>
            (long)await store.Db.ScriptEvaluateAsync(RecoveryScripts.RecordFired, [store.Keys.Run(runId), store.Keys.Fired, store.Keys.Task(task.Id)],
                [runId, jobId, store.Time.GetUtcNow().ToUnixTimeMilliseconds(), (long)RunLedgerTtl.TotalSeconds, task.CreatedAt.ToUnixTimeMilliseconds()]) == 1;

        /// <summary>Lists a run as in flight again after its recovery failed.</summary>
        public Task RestoreInFlightAsync(InFlightRun run) =>
            store.Db.ScriptEvaluateAsync(RunLedgerScripts.RestoreInFlight, [store.Keys.InFlight], [run.RunId, run.Entry, store.Keys.Task("")]);

        /// <summary>Counts one more worker lost while running <paramref name="runId"/>; returns the total.</summary>
        public async Task<long> CountWorkerLossAsync(string runId) => await store.Db.HashIncrementAsync(store.Keys.Run(runId), "losses");

        /// <summary>Every run executing now, with the raw in-flight entry.</summary>
        public async Task<IReadOnlyList<InFlightRun>> InFlightAsync() =>
            [.. (await store.Db.HashGetAllAsync(store.Keys.InFlight)).Select(e => InFlightRun.Parse(e.Name!, e.Value!)).OfType<InFlightRun>()];

        /// <summary>
        /// Whether a run of <paramref name="taskId"/> for an earlier instant than <paramref name="runId"/> is in flight now.
        /// Ordered by the instant in the run id (not the claim time, which a retry renews), so two queued occurrences never
        /// wait for each other and a re-delivered run keeps its place.
        /// </summary>
        public async Task<bool> EarlierRunInFlightAsync(string taskId, string runId) =>
            (await store.RunsInFlightAsync(taskId)).Any(other => other != runId && CompareRunIds(other, runId) < 0);

        /// <summary>
        /// Whether a run of <paramref name="taskId"/> other than <paramref name="runId"/> is in flight with its attempt's
        /// handler started: not one claimed and waiting behind another run (its ledger's "waiting" names its attempt).
        /// </summary>
        public async Task<bool> StartedRunInFlightAsync(string taskId, string runId)
        {
            foreach (var other in (await store.RunsInFlightAsync(taskId)).Where(other => other != runId))
            {
                if ((string?)await store.Db.HashGetAsync(store.Keys.InFlight, other) is not { } entry) continue;
                var attempt = InFlightRun.Parse(other, entry)?.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (attempt is null || (string?)await store.Db.HashGetAsync(store.Keys.Run(other), "waiting") != attempt) return true;
            }
            return false;
        }

        /// <summary>Whether a run of <paramref name="taskId"/> other than <paramref name="runId"/> is in flight now.</summary>
        public async Task<bool> OtherRunInFlightAsync(string taskId, string runId) =>
            (await store.RunsInFlightAsync(taskId)).Any(other => other != runId);

        /// <summary>
        /// The run ids of <paramref name="taskId"/> in flight now: the task record's list (one field), or, for a record
        /// without one, the in-flight entries that name the task.
        /// </summary>
        public async Task<IEnumerable<string>> RunsInFlightAsync(string taskId)
        {
            var listed = await store.Db.HashGetAsync(store.Keys.Task(taskId), ScheduleRecord.InFlightRuns);
            // An empty list is known (no run in flight): HasValue is false for it, IsNull is not.
            if (!listed.IsNull) return ListedRuns((string)listed!);
            return (await store.InFlightAsync()).Where(run => run.TaskId == taskId).Select(run => run.RunId);
        }

        /// <summary>The run ids a task record's list of runs in flight (<see cref="ScheduleRecord.InFlightRuns"/>) holds.</summary>
        public static string[] ListedRuns(string listed) => listed.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        /// <summary>Takes an orphaned run out of the in-flight list; true for exactly one caller.</summary>
        public async Task<bool> ReleaseOrphanAsync(InFlightRun run) => await store.TakeOrphanAsync(run) != OrphanTake.NotTaken;

        /// <summary>
        /// Takes an orphaned run out of the in-flight list (taken for exactly one caller), saying whether its attempt had
        /// started: one that had not (it waited behind another run of its task) has its claim withdrawn in the same step.
        /// </summary>
        public async Task<OrphanTake> TakeOrphanAsync(InFlightRun run) =>
            (int)await store.Db.ScriptEvaluateAsync(RunLedgerScripts.ReleaseOrphan, [store.Keys.InFlight, store.Keys.Run(run.RunId)],
                [run.RunId, run.Entry, store.Keys.Task("")]) switch
            {
                1 => OrphanTake.Started,
                2 => OrphanTake.NotStarted,
                _ => OrphanTake.NotTaken,
            };

        /// <summary>
        /// Notes that attempt <paramref name="attempt"/> of <paramref name="runId"/>, claimed without announcing its start
        /// (<see cref="RunStart.StartAnnounced"/> false: it waited behind the run before it), starts its handler now. Until
        /// then a recovery of the run withdraws its claim instead of recording a lost attempt. False when the claim made
        /// with <paramref name="claimToken"/> was withdrawn so (its worker was judged dead, or its job gone, while the run
        /// waited): the run was re-queued, and this delivery must not start its handler.
        /// </summary>
        public async Task<bool> MarkAttemptStartedAsync(string runId, int attempt, string claimToken = "") =>
            (long)await store.Db.ScriptEvaluateAsync(RunLedgerScripts.MarkAttemptStarted, [store.Keys.Run(runId)],
                [attempt.ToString(System.Globalization.CultureInfo.InvariantCulture), claimToken]) == 1;
    }

    private static AttemptClaim ParseClaim(string state) => state switch
    {
        "run" => AttemptClaim.Run,
        "done" => AttemptClaim.Done,
        "running" => AttemptClaim.Running,
        "deleted" => AttemptClaim.TaskDeleted,
        "cancelled" => AttemptClaim.TaskCancelled,
        "gate" => AttemptClaim.Gate,
        "superseded" => AttemptClaim.Superseded,
        _ => AttemptClaim.Duplicate,
    };

    // Run ids are "taskId:dueMs" (fired), "taskId:t<requestedMs>" (run now) or "taskId:e<n>" (trigger n).
    private static int CompareRunIds(string a, string b)
    {
        static long InstantOf(string id)
        {
            // A trigger's run ("taskId:e<n>") is ordered by the trigger's number: a trigger task has no other instants.
            var tail = id[(id.LastIndexOf(':') + 1)..].TrimStart('t', 'e');
            return long.TryParse(tail, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) ? ms : long.MaxValue;
        }
        var byInstant = InstantOf(a).CompareTo(InstantOf(b));
        return byInstant != 0 ? byInstant : string.CompareOrdinal(a, b);
    }
}
