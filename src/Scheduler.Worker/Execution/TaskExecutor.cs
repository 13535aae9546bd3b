using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling.Triggers;
using Scheduler.Runtime.Storage;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Telemetry;
using Scheduler.Runtime.Hosting;
using Scheduler.Worker.Handlers;

namespace Scheduler.Worker.Execution;

/// <summary>
/// Runs one occurrence through its handler with Polly retries (exponential backoff with jitter), a soft timeout that
/// cancels the handler and a hard timeout that abandons it, recording every attempt in the history. A cluster-wide
/// cancel (<see cref="RunningAttempts"/>) ends the run as Cancelled; host shutdown hands it back, recording the attempt it
/// cut short.
/// </summary>
internal sealed partial class TaskExecutor(
    IServiceScopeFactory scopes,
    TaskHandlerRegistry handlers,
    ScheduleStore store,
    EventStream events,
    Bookkeeping bookkeeping,
    AttemptPipelines pipelines,
    OutcomeReplay replay,
    ProcessIdentity identity,
    IOptions<ExecutionOptions> defaults,
    TimeProvider time,
    ILogger<TaskExecutor> logger,
    Hangfire.JobStorage storage,
    DeletedJobCheck deletedJobs,
    Flow.FlowGate flow,
    Hangfire.IBackgroundJobClient jobs,
    SelfFence fence,
    Microsoft.Extensions.Hosting.IHostApplicationLifetime? lifetime = null)
{
    // Null on a storage other than Scheduler's (then the final state change takes its lock as usual).
    private readonly Runtime.Redis.StateLocksAhead? _locksAhead = (storage as Runtime.Redis.SchedulerRedisStorage)?.LocksAhead;
    private bool CompletionsDeferred => (storage as Runtime.Redis.SchedulerRedisStorage)?.Completions is not null;
    private readonly Runtime.Redis.JobPrefetches? _prefetches = (storage as Runtime.Redis.SchedulerRedisStorage)?.Prefetches;

    /// <summary>
    /// Runs the occurrence starting with attempt <paramref name="firstAttempt"/> (already claimed by the caller); each
    /// retry claims its attempt in the run ledger, so attempts cut short by a dead worker count against the retries.
    /// </summary>
    /// <param name="cancel">The run's registration for cluster-wide cancel, made before the task was read, so no cancel is missed.</param>
    /// <param name="request">Who asked for the run by hand (retry, backfill), recorded on each attempt; null otherwise.</param>
    /// <param name="firstAnnounced">The first attempt's start was announced by its claim (<see cref="RunStart.StartAnnounced"/>).</param>
    /// <param name="resumed">The first attempt is a parked retry's (<see cref="RunStart.Resumed"/>): it waits for its rate turn as a retry does.</param>
    /// <param name="firstClaimToken">The token of the first attempt's claim (<see cref="RunStart.ClaimToken"/>).</param>
    /// <returns>False when a retry's claim was refused: another delivery holds the run, or it is done; the caller judges
    /// how the job ends (<see cref="DeliveryOwnership"/>).</returns>
    /// <exception cref="Hangfire.Server.JobAbortedException">The retry was parked, or the first attempt's claim was withdrawn
    /// before it started (the run re-queued): the job waits in Scheduled or Enqueued and this delivery ends with no state change.</exception>
    public async Task<bool> ExecuteAsync(ScheduledTask task, string runId, string jobId, int firstAttempt, DateTimeOffset? due,
        RunningAttempts.Registration cancel, CancellationToken jobToken, Contracts.Runs.RunRequest? request = null, TimeSpan? flowDelay = null,
        bool firstAnnounced = false, bool resumed = false, string? firstClaimToken = null)
    {
        var policy = EffectivePolicy.Resolve(task.Task.Execution, defaults.Value);
        int? claimed = firstAttempt;
        // Every retry's claim announces its start (BeginAttempt); the first claim did only when it said so.
        var announced = firstAnnounced;
        RunOutcome? last = null;
        var trigger = await Triggers.TriggerContexts.ReadAsync(store, bookkeeping, runId, jobToken);
        // A cancel also ends the wait for a retry: that attempt is then recorded cancelled at once, its handler not run.
        using var retryWait = CancellationTokenSource.CreateLinkedTokenSource(jobToken, cancel.Token);
        var lastAttempt = firstAttempt - 1;
        async ValueTask AttemptAsync()
        {
            if (claimed is null) announced = true;
            // A retry is another call on what the rate limit guards: it waits for its turn like a run's start does (a
            // parked one's too, when its job comes back: the gate passes a run's re-delivery without counting it again).
            if ((claimed is null || (resumed && lastAttempt == firstAttempt - 1)) && !cancel.IsCancelled)
                await flow.AwaitRetryTurnAsync(task, runId, retryWait.Token);
            // A retry cancelled while it waited is claimed to be recorded, not announced: it never starts.
            var retryAnnounced = !cancel.IsCancelled;
            var retryToken = claimed is null ? Guid.NewGuid().ToString("N") : "";
            // Named before the claim is sent: a stop while its reply is awaited (Redis away) still withdraws it, if it
            // landed (the ledger's count, entry and token say so; otherwise nothing is withdrawn).
            if (claimed is null) cancel.Unstarted = Unstarted(lastAttempt + 1, retryAnnounced, retryToken);
            var attempt = claimed ?? await ClaimRetryAsync(runId, jobId, task.Id, announce: retryAnnounced, retryToken, jobToken);
            if (claimed is null) cancel.Unstarted = attempt is { } taken ? Unstarted(taken, retryAnnounced, retryToken) : null;
            claimed = null;
            if (attempt is null)
            {
                // Another delivery owns the run now (or it is done): its outcome is that delivery's to write.
                last = null;
                return;
            }
            lastAttempt = attempt.Value;
            last = await RunAttemptAsync(task, runId, jobId, due, attempt.Value, policy, cancel, jobToken, trigger, request, flowDelay, announced, firstClaimToken);
        }
        // A long backoff frees the thread (ParkRetriesAfter) when the job can wait in Hangfire's Scheduled set: not without
        // a job, not for a retry by hand (one attempt), not under overlap cancelPrevious (a newer run would wait for it).
        var mayPark = jobId != runId && request?.Kind != Contracts.Runs.RunRequestKind.Retry && task.Options.Overlap != OverlapPolicy.CancelPrevious;
        try
        {
            while (await RetriesAsync(policy, lastAttempt, mayPark, AttemptAsync, retryWait.Token) is { } backoff)
            {
                if (await ParkRetryAsync(task, runId, jobId, lastAttempt, backoff, cancel)) throw new Hangfire.Server.JobAbortedException();
                // Not parked (its job is no longer Processing here, or the run no longer this worker's): waited out here.
                mayPark = false;
                await Task.Delay(backoff, time, retryWait.Token);
            }
        }
        catch (AttemptFencedException fenced)
        {
            await HandBackFencedAsync(task, jobId, fenced.Interrupted);
            throw new FencedDeliveryEndedException();
        }
        // Not for a withdrawn claim's abort: another claim here would take the re-queued run back.
        catch (OperationCanceledException e) when (e is not Hangfire.Server.JobAbortedException && cancel.IsCancelled && !jobToken.IsCancellationRequested)
        {
            await AttemptAsync();
        }
        switch (last)
        {
            case null: return false;
            case RunOutcome.Succeeded: return true;
            case RunOutcome.Cancelled when cancel.StoppedBy is { } by: throw StacklessFailure.Of(new TaskRunCancelledException($"run {runId} of task {task.Id} was stopped by {by}"));
            case RunOutcome.Cancelled: throw StacklessFailure.Of(new TaskRunCancelledException($"task {task.Id} was cancelled while running (run {runId})"));
            default: throw StacklessFailure.Of(new TaskRunFailedException($"task {task.Id} run {runId} ended {last}"));
        }
    }

    private const string Replaced = "replaced by a newer run (overlap cancelPrevious)";

    private async Task<int?> ClaimRetryAsync(string runId, string jobId, string taskId, bool announce, string claimToken, CancellationToken token)
    {
        var (claim, attempt) = await bookkeeping.WriteAsync($"run {runId}: claim of a retry", async () =>
        {
            var begun = await store.BeginAttemptAsync(runId, jobId, identity.Id, taskId, claimToken, announce ? SchedulerEvents.Started : null);
            if (begun.Claim == AttemptClaim.Run) await store.AcknowledgedAsync($"run {runId}: claim of a retry");
            return begun;
        }, token);
        if (claim != AttemptClaim.Run) LogRetryStoodDown(taskId, runId, jobId, claim);
        return claim == AttemptClaim.Run ? attempt : null;
    }

    private async Task<RunOutcome> RunAttemptAsync(ScheduledTask task, string runId, string jobId, DateTimeOffset? due, int attempt,
        EffectivePolicy policy, RunningAttempts.Registration cancel, CancellationToken jobToken, Scheduler.Contracts.Scheduling.Triggers.TriggerContext? trigger,
        Contracts.Runs.RunRequest? request, TimeSpan? flowDelay, bool announced, string? claimToken)
    {
        // Stopping already: no new attempt (the caller hands the run back unrecorded), rather than work started only to be cut short.
        jobToken.ThrowIfCancellationRequested();
        var started = time.GetUtcNow();
        using var activity = WorkerTelemetry.Source.StartActivity("scheduler.attempt");
        activity?.SetTag(TelemetryNames.TaskTypeTag, task.Task.TypeName);
        activity?.SetTag(TelemetryNames.AttemptTag, attempt);
        WorkerTelemetry.AttemptStarted(task.Task.TypeName);
        using var abandon = new CancellationTokenSource();
        var withOutcome = new OutcomeEventSlot();
        var soFar = new PartialResultSlot();
        var context = new TaskExecutionContext(task.Id, runId, attempt, identity.Id)
            { Abandoned = abandon.Token, Trigger = trigger, WithOutcome = withOutcome, SoFar = soFar };
        AttemptVerdict verdict;
        if (cancel.IsCancelled)
        {
            // Cancelled before this attempt began (while it waited for a retry or for the run before it): not started.
            verdict = new(RunOutcome.Cancelled, "cancelled before the attempt started", null, true);
            cancel.Unstarted = null;
        }
        else
        {
            // Announced only for an attempt that starts: one cancelled while it waited did not. Its claim marked it waiting
            // (a recovery meanwhile withdraws it, no attempt lost): the mark goes before the handler starts. A claim withdrawn
            // so (this worker judged dead while it was only slow) is no longer this delivery's: the run was re-queued, and
            // its handler runs there, not here too.
            if (!announced)
            {
                // On the replicas before the handler starts, as the claim is (short of them it is tried again): a failover that
                // dropped the clear would have a recovery after this worker's death withdraw an attempt that ran.
                if (!await bookkeeping.WriteAsync($"run {runId}: start of attempt {attempt}", async () =>
                    {
                        var started = await store.MarkAttemptStartedAsync(runId, attempt, claimToken ?? "");
                        if (started) await store.AcknowledgedAsync($"run {runId}: start of attempt {attempt}");
                        return started;
                    }, jobToken))
                {
                    LogClaimWithdrawn(task.Id, runId, jobId, attempt);
                    throw new Hangfire.Server.JobAbortedException();
                }
                Publish(SchedulerEvents.Started, task.Id, [new("runId", runId), new("attempt", attempt.ToString())]);
            }
            // From here a stop cuts the attempt short, and the hand-back records it (CutShortAsync).
            cancel.Unstarted = null;
            await using var scope = scopes.CreateAsyncScope();
            // A fence stops the handler as a stop does (SIGTERM, then the kill); its run is handed back, not recorded cancelled.
            var fenced = await fence.TokenForAttemptAsync();
            if (fenced.IsCancellationRequested && !cancel.IsCancelled) throw Fenced(task, runId, jobId, due, attempt, started, request, flowDelay);
            using var stopOrFence = fence.Enabled ? CancellationTokenSource.CreateLinkedTokenSource(cancel.Token, fenced) : null;
            Task<string?>? running = null;
            var fencedMidRun = false;
            using var fenceSeen = fenced.Register(() => fencedMidRun = running is not { IsCompleted: true });
            var (handling, abandoned, softTimedOut) = await AttemptCourse.RunAsync(
                token => running = handlers.HandleAsync(scope.ServiceProvider, task.Task, context, token), policy, time, jobToken, stopOrFence?.Token ?? cancel.Token, abandon);
            if (abandoned) ObserveAbandoned(handling);
            if (FencedOff(fencedMidRun, handling, abandoned, cancel)) throw Fenced(task, runId, jobId, due, attempt, started, request, flowDelay);
            // Its job deleted while it ran (not on our dashboard, which marks the run stopped at once): a stop, not a shutdown.
            if (!cancel.IsCancelled && await deletedJobs.StoppedByDeleteAsync(runId, jobId, jobToken) is { } deletedBy) cancel.Stop(deletedBy);
            // Null when the job's token fired first: the worker stopping, or Hangfire taking the job from it.
            var judged = AttemptVerdict.Judge(handling, abandoned, softTimedOut, cancel.IsCancelled, jobToken.IsCancellationRequested, attempt, policy, Cap, soFar);
            if (judged is null) throw await CutShortAsync(task, runId, jobId, due, attempt, started, request, flowDelay, activity, jobToken);
            verdict = judged;
            // A retry by hand is one attempt: the run's own retries were used before it failed.
            if (request?.Kind == Contracts.Runs.RunRequestKind.Retry) verdict = verdict with { Final = true };
        }
        if (verdict.Outcome == RunOutcome.Cancelled && cancel.Replaced) verdict = verdict with { Error = $"{Replaced}: {verdict.Error}" };
        else if (verdict.Outcome == RunOutcome.Cancelled && cancel.StoppedBy is { } by)
            verdict = verdict with { Error = $"stopped by {by}, the task going on: {verdict.Error}" };
        var (outcome, error, result, final) = verdict;

        var run = new TaskRun
        {
            RunId = runId, TaskId = task.Id, Attempt = attempt, WorkerId = identity.Id, DueAt = due,
            StartedAt = started, FinishedAt = time.GetUtcNow(), Outcome = outcome, Error = error, Result = result, IsFinal = final, Trigger = Kept(trigger), Request = request, FlowDelay = flowDelay,
        };
        await RecordAsync(task, run, jobId, activity, withOutcome);
        if (!final) throw new RetryableAttemptException(error ?? outcome.ToString());
        return outcome;
    }

    /// <summary>
    /// Records run <paramref name="runId"/> (attempt <paramref name="attempt"/>, claimed by the caller) as skipped, its
    /// handler not run: overlap "skip" found another run of the task going when this one was claimed.
    /// </summary>
    public async Task SkipAsync(ScheduledTask task, string runId, string jobId, int attempt, DateTimeOffset? due, string reason)
    {
        var now = time.GetUtcNow();
        var run = new TaskRun
        {
            RunId = runId, TaskId = task.Id, Attempt = attempt, WorkerId = identity.Id, DueAt = due,
            StartedAt = now, FinishedAt = now, Outcome = RunOutcome.Skipped, Error = reason, IsFinal = true,
        };
        await RecordAsync(task, run, jobId, activity: null);
    }

    private async Task RecordAsync(ScheduledTask task, TaskRun run, string jobId, Activity? activity, OutcomeEventSlot? withOutcome = null)
    {
        // The handler's work is done: its outcome must reach the history even if Redis is away right now. Not bound to
        // the job's token: a shutdown must not drop an outcome that is ready.
        var writeId = ScheduleStoreRunLedger.AttemptWriteId(run.Attempt);
        // The outcome's events are written with it, in the same step (a write repeated with its id announces nothing twice).
        var announce = new RunAnnouncement(OutcomeEvent(run))
        {
            // Noted only when another attempt of the run may follow: none comes after a final success.
            HandlerEvent = withOutcome?.Type is { } type
                ? (type, withOutcome.Fields, run.IsFinal && run.Outcome == RunOutcome.Succeeded ? [] : withOutcome.Notes)
                : null,
        };
        // Done once the replicas asked for hold it (a repeat with the write id writes nothing twice, and waits again).
        async Task<ScheduleStatus?> Write()
        {
            var status = await store.RecordAttemptAsync(run, jobId, task.Schedule.Kind == ScheduleKind.Once, task.Options.MaxRuns, writeId, announce);
            await store.AcknowledgedAsync($"run {run.RunId}: outcome of attempt {run.Attempt}");
            return status;
        }
        var writing = bookkeeping.WriteAsync($"run {run.RunId}: outcome of attempt {run.Attempt}", Write);
        // A final outcome is the job's last wait on Redis: the state lock of the Hangfire state change that follows
        // (Succeeded or Failed) rides its round trip. A retry's outcome is not: another attempt runs under the same job.
        // Not when the worker defers its jobs' changes to Succeeded to a batch, which takes its locks itself (a skipped or
        // cancelled run ends Succeeded too; a failure then takes its lock as the state change asks for it). Then no commit
        // of the worker thread carries its next fetch, and the fetch rides this round trip instead.
        if (run.IsFinal && CompletionsDeferred) _prefetches?.SendBehind(jobId);
        else if (run.IsFinal) _locksAhead?.TakeBehind(jobId);
        await writing;
        replay.Written($"run {run.RunId}: outcome of attempt {run.Attempt}", Write);
        WorkerTelemetry.AttemptEnded(run, task.Task.TypeName);
        activity?.SetTag(TelemetryNames.OutcomeTag, run.Outcome.ToString().ToLowerInvariant());
        if (run.Outcome != RunOutcome.Succeeded) activity?.SetStatus(ActivityStatusCode.Error, run.Error);
        if (run.IsFinal) LogRunFinished(run.TaskId, run.RunId, run.Attempt, run.Outcome, run.Error ?? "");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} run {RunId} finished after {Attempts} attempt(s): {Outcome} {Error}")]
    private partial void LogRunFinished(string taskId, string runId, int attempts, RunOutcome outcome, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} run {RunId}: retry not run by job {JobId} ({Claim}); another delivery holds or finished the run")]
    private partial void LogRetryStoodDown(string taskId, string runId, string jobId, AttemptClaim claim);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} run {RunId}: attempt {Attempt} not started by job {JobId}; its claim was withdrawn while it waited (the run was re-queued)")]
    private partial void LogClaimWithdrawn(string taskId, string runId, string jobId, int attempt);
}
