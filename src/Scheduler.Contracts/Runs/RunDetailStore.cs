using System.Globalization;
using System.Text.Json;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using StackExchange.Redis;

namespace Scheduler.Contracts.Runs;

/// <summary>
/// Reads one run where its parts live: the task's history list (its attempts), the run ledger hash (job, attempt count,
/// request, stop, done), the in-flight hash (the attempt under way) and the failed-runs index.
/// </summary>
internal static class RunDetailStore
{
    // The history is read newest first in pages of this many, until the run's first attempt or records older than it.
    private const int HistoryPage = 100;

    // Clocks of the hosts that fire and run may differ a little: a record is "older than the run" only past this.
    private static readonly TimeSpan ClockSlack = TimeSpan.FromMinutes(1);

    // The in-flight entry's worker while a run waits for its next retry parked in Redis rather than on a worker (the
    // worker writes it as InFlightRun.ParkedWorker, this very constant).
    internal const string WaitingForRetryWorker = "waiting-for-retry";

    extension(ScheduleStore store)
    {
        /// <summary>The run <paramref name="runId"/> (well formed), or null when nothing of it is stored.</summary>
        public async Task<RunDetail?> RunDetailAsync(string runId, string taskId)
        {
            var batch = store.Db.CreateBatch();
            var taskRead = batch.HashGetAsync(store.Keys.Task(taskId), [ScheduleRecord.Name, ScheduleRecord.TaskType, ScheduleRecord.Status]);
            var ledgerRead = batch.HashGetAsync(store.Keys.Run(runId), ["owner", "done", "attempts", "req", "retry", "stopped", "retires", "waiting"]);
            var inFlightRead = batch.HashGetAsync(store.Keys.InFlight, runId);
            var failedRead = batch.HashGetAsync(store.Keys.FailedRunData, runId);
            var historyLengthRead = batch.ListLengthAsync(store.Keys.Runs(taskId));
            batch.Execute();
            var task = await taskRead;
            var ledger = await ledgerRead;
            var inFlight = InFlightEntry.Parse((string?)await inFlightRead);
            var failedData = await failedRead;
            var failed = failedData.IsNull ? null : JsonSerializer.Deserialize<TaskRun>(failedData.ToString(), TaskTypes.JsonOptions);

            var due = RunRequestStore.DueOf(runId);
            var attempts = await store.AttemptsAsync(taskId, runId, due);
            // The failed list keeps the final attempt after the history dropped it.
            if (failed is not null && !attempts.Any(a => a.Attempt == failed.Attempt)) attempts = [.. attempts.Append(failed).OrderBy(a => a.Attempt)];
            var ledgerKnown = ledger.Any(v => !v.IsNull);
            if (attempts.Count == 0 && !ledgerKnown && inFlight is null) return null;

            var last = attempts.Count > 0 ? attempts[^1] : null;
            var counted = int.TryParse((string?)ledger[2], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
            var stoodDown = (string?)ledger[0] == StoreScripts.DeletedOwner;
            var owner = (string?)ledger[0] is { Length: > 0 } o && !stoodDown ? o : null;
            var detail = new RunDetail
            {
                RunId = runId, TaskId = taskId,
                TaskName = task[1].IsNull ? null : task[0].ToString(), TaskType = task[1].IsNull ? null : task[1].ToString(),
                DueAt = due ?? attempts.FirstOrDefault()?.DueAt,
                Origin = OriginOf(runId),
                Request = RunRequest.FromLedger((string?)ledger[3]) ?? last?.Request,
                Trigger = attempts.Select(a => a.Trigger).LastOrDefault(t => t is not null),
                Attempts = attempts,
                // Only a full history drops records: below it, a missing attempt is one never recorded (a stopping
                // worker hands back unrecorded a run whose handler had not started), not one trimmed away.
                EarlierAttemptsTrimmed = await historyLengthRead >= ScheduleStore.HistoryCap
                    && (attempts.Count > 0 ? attempts[0].Attempt > 1 : counted > (inFlight is null ? 0 : 1)),
                HangfireJobId = inFlight?.JobId ?? owner ?? ((string?)ledger[6] is { Length: > 0 } retired ? retired : null),
                InFailedList = failed is not null,
                StoppedBy = (string?)ledger[5] is { Length: > 0 } by ? by : null,
                State = RunState.Waiting,
                Attempt = last?.Attempt,
            };
            // Its job's claim refuses a run of a cancelled task, or one a delete or a fire that did not stand stood down, and
            // leaves the ledger as it was: without this the run would read "waiting to start" until its ledger expires.
            var neverStarts = stoodDown || string.Equals((string?)task[2], nameof(ScheduleStatus.Cancelled), StringComparison.OrdinalIgnoreCase);
            // Claimed by a worker but waiting behind the run before it (overlap queue): the claim's attempt has not started.
            var unstarted = inFlight is { } held && (string?)ledger[7] == held.Attempt.ToString(CultureInfo.InvariantCulture);
            return WithState(detail, inFlight, (string?)ledger[1], last, retryAsked: !ledger[4].IsNull, neverStarts, unstarted);
        }

        // The run's attempts, oldest first: the history is read newest first, a page at a time, and the read stops at
        // the run's first attempt or at records that ended before the run was due (none of its attempts is older).
        private async Task<List<TaskRun>> AttemptsAsync(string taskId, string runId, DateTimeOffset? due)
        {
            var found = new List<TaskRun>();
            for (long start = 0; start < ScheduleStore.HistoryCap; start += HistoryPage)
            {
                var page = await store.Db.ListRangeAsync(store.Keys.Runs(taskId), start, start + HistoryPage - 1);
                var older = false;
                foreach (var item in page)
                {
                    var run = JsonSerializer.Deserialize<TaskRun>(item.ToString(), TaskTypes.JsonOptions)!;
                    if (run.RunId == runId) found.Add(run);
                    else if (due is { } d && run.FinishedAt < d - ClockSlack) older = true;
                }
                if (page.Length < HistoryPage || older || found.Any(a => a.Attempt <= 1)) break;
            }
            // A repeated write is applied once, but one attempt may be recorded by two deliveries: the final one is kept,
            // else the newest (a late execution's record, kept not final, must not hide the final one of its number).
            return [.. found.GroupBy(a => a.Attempt).Select(g => g.FirstOrDefault(a => a.IsFinal) ?? g.First()).OrderBy(a => a.Attempt)];
        }
    }

    private static RunDetail WithState(RunDetail detail, InFlightEntry? inFlight, string? done, TaskRun? last, bool retryAsked, bool neverStarts,
        bool unstarted)
    {
        // Held by its worker, not started (behind the run before it, or a resumed retry's rest): waiting, with no start to
        // show (its entry's time is the claim's) and the last attempt that ended.
        if (inFlight is { } waiting && unstarted && waiting.WorkerId != WaitingForRetryWorker)
            return detail with { State = last is { IsFinal: false } ? RunState.WaitingForRetry : RunState.Waiting, WorkerId = waiting.WorkerId };
        if (inFlight is { } entry)
        {
            // Between two attempts the worker keeps the entry of the one that failed: recorded, not final, so it waits.
            var parked = entry.WorkerId == WaitingForRetryWorker;
            var between = !parked && last is { IsFinal: false } && last.Attempt == entry.Attempt;
            return detail with
            {
                State = parked || between ? RunState.WaitingForRetry : RunState.Running,
                // A parked entry names the attempt to come; the run's last attempt ended before it.
                WorkerId = parked ? null : entry.WorkerId, Since = entry.StartedAt, Attempt = parked ? entry.Attempt - 1 : entry.Attempt,
            };
        }
        if (done is not null && Enum.TryParse<RunOutcome>(done, ignoreCase: true, out var outcome))
            return detail with { State = RunState.Ended, Outcome = last is { IsFinal: true } ? last.Outcome : outcome };
        // Ended where it stands: a retry asked before the cancel leaves the last attempt's outcome, a run never started is cancelled.
        if (neverStarts) return detail with { State = RunState.Ended, Outcome = last is { IsFinal: true } ? last.Outcome : RunOutcome.Cancelled };
        // A retry by hand reopens an ended run: it waits for Beat and a worker even though its last attempt was final.
        if (retryAsked || last is not { IsFinal: true }) return detail with { State = RunState.Waiting };
        return detail with { State = RunState.Ended, Outcome = last.Outcome };
    }

    private static RunOrigin OriginOf(string runId)
    {
        var tail = runId[(runId.LastIndexOf(':') + 1)..];
        return tail.StartsWith('e') ? RunOrigin.Trigger : tail.StartsWith('t') ? RunOrigin.RunNow : RunOrigin.Schedule;
    }

    // An in-flight entry is "jobId|workerId|taskId|attempt|startedMs"; one of another shape (another version's) is ignored.
    private sealed record InFlightEntry(string JobId, string WorkerId, int Attempt, DateTimeOffset StartedAt)
    {
        public static InFlightEntry? Parse(string? entry)
        {
            var parts = entry?.Split('|');
            if (parts is not { Length: 5 } || !int.TryParse(parts[3], out var attempt) || !long.TryParse(parts[4], out var ms)) return null;
            return new InFlightEntry(parts[0], parts[1], attempt, DateTimeOffset.FromUnixTimeMilliseconds(ms));
        }
    }
}
