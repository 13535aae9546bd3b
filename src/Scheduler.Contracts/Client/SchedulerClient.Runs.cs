using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    // As long as workers keep a run's ledger: a retry reopens it for the same span.
    private static readonly TimeSpan RunLedgerTtl = TimeSpan.FromDays(7);

    /// <summary>
    /// Occurrences whose final attempt failed or timed out, across all tasks, newest first (the last
    /// 10,000 are kept; a retried run leaves the list, and comes back if it fails again).
    /// </summary>
    /// <param name="taskId">Only this task's runs; null for all.</param>
    /// <param name="type">Only tasks of this type ("shell", "notification", …); null for all.</param>
    /// <param name="limit">Page size, 1..1000 (more reads as 1000).</param>
    /// <param name="offset">Runs to skip, 0 or more.</param>
    /// <param name="cancellationToken">Abandons the read.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is below 1, or <paramref name="offset"/> below 0.</exception>
    public Task<FailedRunPage> GetFailedRunsAsync(string? taskId = null, string? type = null, int limit = 50, int offset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (taskId is not null && !TaskIds.IsValid(taskId)) return Task.FromResult(new FailedRunPage(0, []));
        return _store.FailedRunsAsync(taskId, string.IsNullOrEmpty(type) ? null : type, Math.Min(limit, 1000), offset).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Runs a failed or timed-out occurrence again: a new attempt of the same occurrence (same run id and due instant,
    /// attempt number continuing), recorded in the history as a retry asked by this client's actor. Exactly one of
    /// several concurrent retries of one run is made. Beat enqueues it; it goes through the worker like any run.
    /// A retry that succeeds does not count as another run of the schedule; a one-shot task that had failed completes.
    /// <see cref="WaitForResultAsync"/> with <paramref name="runId"/> waits for the retry's outcome.
    /// </summary>
    /// <returns>The request as recorded on the new attempt.</returns>
    /// <exception cref="ArgumentException"><paramref name="runId"/> is empty.</exception>
    /// <exception cref="RetryRefusedException">The run is not failed (it succeeded, never ended, or is unknown), a
    /// retry of it is already on its way, or its task was deleted or cancelled.</exception>
    /// <exception cref="ReplicaAcknowledgementException">The replicas <see cref="SchedulerClientOptions.ReplicaAcknowledgement"/> asks for did not acknowledge the retry in time.</exception>
    public async Task<RunRequest> RetryRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(runId))
            throw new ArgumentException("the run id is empty; expected \"<taskId>:<instant>\" as listed by the failed runs", nameof(runId));
        var taskId = RunRequestStore.TaskOf(runId);
        if (!TaskIds.IsValid(taskId)) throw new RetryRefusedException(runId, "it is not a run id; expected \"<taskId>:<instant>\" as listed by the failed runs");
        var last = await _store.FailedRunAsync(runId).WaitAsync(cancellationToken);
        // Not in the index: the script still answers why (a retry on its way, or not failed).
        last ??= new TaskRun
        {
            RunId = runId, TaskId = taskId, Attempt = 0, WorkerId = "", StartedAt = _time.GetUtcNow(), FinishedAt = _time.GetUtcNow(), Outcome = RunOutcome.Failed,
        };
        cancellationToken.ThrowIfCancellationRequested();
        var request = new RunRequest(RunRequestKind.Retry, NowToTheMillisecond(), _options.Actor);
        var answer = await _store.ClaimRetryAsync(last, request, RunLedgerTtl);
        if (answer == "ok") await RecordAuditAsync(Audit.AuditActions.Retry, taskId, null, new { runId });
        // Whatever the answer: the repeat of a retry that was short is refused "on its way" (or, run since, "not failed").
        await _store.AcknowledgedAsync($"retry of run {runId}");
        return answer switch
        {
            "ok" => request,
            "pending" => throw new RetryRefusedException(runId, "a retry of it is already on its way"),
            "deleted" => throw new RetryRefusedException(runId, $"task {taskId} was deleted"),
            "cancelled" => throw new RetryRefusedException(runId, $"task {taskId} is cancelled; schedule it anew to run it again"),
            _ => throw new RetryRefusedException(runId, $"it is not a failed or timed-out run ({await NotFailedAsync(taskId, runId)})"),
        };
    }

    /// <summary>
    /// Takes a failed or timed-out run off the failed list without running it again: the operator has dealt with it.
    /// Its attempts stay in the task's history; the dismissal is recorded in the audit log by this client's actor.
    /// Works for any task, a cancelled one included (whose runs cannot be retried).
    /// </summary>
    /// <returns>True when the run was listed; false when it was not (dismissed or retried already, or never failed).</returns>
    /// <exception cref="ArgumentException"><paramref name="runId"/> is empty or not a run id.</exception>
    /// <exception cref="ReplicaAcknowledgementException">The replicas <see cref="SchedulerClientOptions.ReplicaAcknowledgement"/> asks for did not acknowledge the dismissal in time.</exception>
    public async Task<bool> DismissFailedRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(runId) || RunRequestStore.WellFormedTaskOf(runId) is null)
            throw new ArgumentException($"\"{runId}\" is not a run id; expected \"<taskId>:<instant>\" as listed by the failed runs", nameof(runId));
        cancellationToken.ThrowIfCancellationRequested();
        var dismissed = await _store.DismissFailedAsync(runId);
        if (dismissed) await RecordAuditAsync(Audit.AuditActions.Dismiss, RunRequestStore.TaskOf(runId), null, new { runId });
        // Also when not listed: the repeat of a dismissal that was short finds it dismissed.
        await _store.AcknowledgedAsync($"dismissal of run {runId}");
        return dismissed;
    }

    // How the run ended, when its task's recent history has it: "it succeeded, has not ended, or is unknown" sent the
    // operator of a cancelled run to look for the reason elsewhere.
    private async Task<string> NotFailedAsync(string taskId, string runId)
    {
        var last = (await _store.GetRunsAsync(taskId, 200)).FirstOrDefault(r => r.RunId == runId && r.IsFinal);
        return last?.Outcome switch
        {
            RunOutcome.Succeeded => "it succeeded",
            RunOutcome.Cancelled => "it was cancelled",
            RunOutcome.Skipped => "it was skipped",
            _ => "it succeeded, was cancelled, has not ended, or is unknown",
        };
    }

    /// <summary>
    /// Runs the occurrences task <paramref name="id"/>'s schedule had between <paramref name="from"/> and
    /// <paramref name="to"/> (both inclusive, within its startAfter/endAt), each as a normal run with its own due instant
    /// and run id, recorded as a backfill asked by this client's actor. Occurrences the run ledger shows as run (within
    /// its week) are skipped. With overlap allow they are all enqueued at once; otherwise one at a time, in order, never
    /// beside another run of the task. With <paramref name="dryRun"/> nothing is written: the plan is a preview.
    /// Returns null when no such task exists.
    /// </summary>
    /// <exception cref="InvalidBackfillException">The range is reversed or reaches into the future, the task is not
    /// recurring, or the range holds more than <see cref="BackfillPlan.MaxOccurrences"/> occurrences.</exception>
    /// <exception cref="InvalidTransitionException">The task is cancelled (a cancelled task is not run, as with a trigger).</exception>
    /// <exception cref="ReplicaAcknowledgementException">The replicas <see cref="SchedulerClientOptions.ReplicaAcknowledgement"/> asks for did not
    /// acknowledge the backfill in time (a repeat skips the occurrences it recorded).</exception>
    public async Task<BackfillPlan?> BackfillAsync(string id, DateTimeOffset from, DateTimeOffset to, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        if (await _store.GetAsync(id).WaitAsync(cancellationToken) is not { } task) return null;
        // The task's state, not the range, is what is wrong: refused as a trigger of it is (REST 409, CLI exit 6), not as bad input.
        if (task.Status == ScheduleStatus.Cancelled) throw new InvalidTransitionException(id, ScheduleStatus.Cancelled, ScheduleStatus.Running);
        var now = _time.GetUtcNow();
        var instants = BackfillOccurrences.Compute(id, task.Schedule, task.Options, from, to, now);
        var recorded = await _store.RecordedAsync(id, instants).WaitAsync(cancellationToken);
        var toRun = instants.Where((_, i) => !recorded[i]).ToList();
        var plan = new BackfillPlan
        {
            TaskId = id, From = from, To = to, Occurrences = instants.Count, ToRun = toRun.Count,
            First = [.. toRun.Take(BackfillPlan.PreviewCount).Select(at => TimeZoneInfo.ConvertTime(at, Scheduling.ScheduleTimeZones.Find(task.Schedule.TimeZone)))],
            OneAtATime = task.Options.Overlap != OverlapPolicy.Allow, DryRun = dryRun,
        };
        if (dryRun) return plan;
        if (toRun.Count == 0)
        {
            // The repeat of a backfill that was short finds every occurrence recorded: answered once the replicas hold them.
            await _store.AcknowledgedAsync($"backfill of task {id}");
            return plan;
        }
        cancellationToken.ThrowIfCancellationRequested();
        var (answer, queued, _) = await _store.StartBackfillAsync(id, toRun, new RunRequest(RunRequestKind.Backfill, NowToTheMillisecond(), _options.Actor),
            HeldRunCovered(task, instants));
        if (answer == "ok") await RecordAuditAsync(Audit.AuditActions.Backfill, id, null, new { from, to, queued });
        if (answer != "deleted") await _store.AcknowledgedAsync($"backfill of task {id}");
        return answer switch
        {
            "ok" => plan with { ToRun = queued },
            "deleted" => null,
            _ => throw new InvalidTransitionException(id, ScheduleStatus.Cancelled, ScheduleStatus.Running),
        };
    }

    // A paused task holds the next run it had when paused; a range that covers it runs it, so the task holds the
    // occurrence after the range instead (a resume then catches up from there, as its misfire policy says).
    private static (DateTimeOffset Held, DateTimeOffset Next)? HeldRunCovered(ScheduledTask task, IReadOnlyList<DateTimeOffset> instants)
    {
        if (task.Status != ScheduleStatus.Paused || task.NextRunAt is not { } held || instants.Count == 0 || held < instants[0] || held > instants[^1])
            return null;
        DateTimeOffset? next;
        try { next = task.Schedule.NextAfter(instants[^1]); }
        catch (Scheduling.ScheduleSpecException) { return null; }
        return next is { } n && (task.Options.EndAt is not { } end || n <= end) ? (held, n) : null;
    }
}
