using Scheduler.Contracts.Schedules;
using Scheduler.Runtime.Storage;
using System.Diagnostics;
using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Telemetry;
using Scheduler.Runtime.Hosting;
using Scheduler.Runtime.Jobs;

namespace Scheduler.Worker.Execution;

/// <summary>The Hangfire job body: makes sure the occurrence runs once, then hands it to <see cref="TaskExecutor"/>.</summary>
internal sealed partial class TaskOccurrenceRunner(
    ScheduleStore store, TaskExecutor executor, RunningAttempts running, HeldRuns held, Bookkeeping bookkeeping, ProcessIdentity identity,
    IOptions<ExecutionOptions> defaults, TimeProvider time, ILogger<TaskOccurrenceRunner> logger, Flow.FlowGate flow, FailedJobRequeue requeue,
    Hangfire.JobStorage? storage = null)
    : ITaskOccurrenceRunner
{
    // Null on a storage other than Scheduler's (then the job's change to Processing released its lock itself).
    private readonly Runtime.Redis.StateLocksAhead? _locksAhead = (storage as Runtime.Redis.SchedulerRedisStorage)?.LocksAhead;

    public async Task RunAsync(string taskId, string runId, long dueUnixMs, string taskName, string? traceParent, PerformContext? context, CancellationToken cancellationToken)
    {
        using var activity = WorkerTelemetry.Source.StartActivity("scheduler.execute", ActivityKind.Consumer, ClientTelemetry.ParentOf(traceParent));
        activity?.SetTag(TelemetryNames.TaskIdTag, taskId);
        activity?.SetTag(TelemetryNames.RunIdTag, runId);
        // Every line logged while this runs (handlers included) carries the task and run ids.
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["TaskId"] = taskId, ["RunId"] = runId });
        var jobId = context?.BackgroundJob?.Id ?? runId;
        // Its change to Succeeded may wait for a batch: a delivery of it after a crash finds its run recorded.
        if (context?.BackgroundJob is not null) (storage as Runtime.Redis.SchedulerRedisStorage)?.Completions?.MayDefer(jobId);
        // Registered before the task is read: a cancel published after the read still reaches this run.
        using var cancel = running.Register(taskId, runId);
        // Held before it is claimed, until its outcome is written: Beat's reconciler leaves a held run alone.
        using var hold = held.Hold(runId);
        // A job Hangfire fetched just as this worker began to stop: hand it back unclaimed. Started now, its work would
        // be cut short (a shell command may even finish), then run again on another worker.
        cancellationToken.ThrowIfCancellationRequested();
        var start = await FirstClaimAsync(taskId, runId, jobId, cancellationToken);
        if (start.Claim == AttemptClaim.Running) start = await WaitForOtherDeliveryAsync(taskId, runId, jobId, passedGate: false, cancellationToken);
        Flow.FlowPass? pass = null;
        if (start.Claim == AttemptClaim.Gate)
        {
            (start, pass) = await PassFlowGateAsync(start.Task!, taskId, runId, context?.BackgroundJob?.Id, jobId, cancellationToken);
            // Parked: its job is Scheduled now, and a freed slot may already have woken it into another delivery. Ended as
            // aborted, this delivery makes no state change of its own: a Succeeded written over that delivery's Processing
            // would abort the run it started, mid-command.
            if (pass is null && start.Claim == AttemptClaim.Gate) throw new JobAbortedException();
        }
        await using var _ = pass;
        switch (start.Claim)
        {
            case AttemptClaim.Run:
                cancel.Unstarted = executor.Unstarted(start.Attempt, start.StartAnnounced, start.ClaimToken);
                cancel.Claimed(start.ReplacedRuns, byHand: start.Request is not null, start.FiredUnder, start.ReplacingRunId, start.ClaimedBeforeFire);
                // Stopped by hand before this delivery claimed it (its worker died): recorded cancelled, not run.
                if (start.StoppedBy is { } stoppedBy) cancel.Stop(stoppedBy);
                // A parked retry whose task was cancelled while it waited: recorded cancelled, its attempt not started.
                else if (start.Resumed && start.Task!.Status == ScheduleStatus.Cancelled) cancel.Cancel();
                // It waited at the gate, and its task has no flow options now: its old line must not count it.
                if (start.StrandedAtFlowGate) await flow.ForgetAsync(runId, taskId);
                break;
            case AttemptClaim.TaskDeleted or AttemptClaim.TaskCancelled or AttemptClaim.Superseded:
                if (start.Claim == AttemptClaim.Superseded) LogSuperseded(taskId, runId, jobId);
                else LogNotRunnable(taskId, runId, start.Claim == AttemptClaim.TaskDeleted ? "deleted" : "cancelled");
                // It (or an earlier delivery of it) may have been waiting at the flow gate: its place in line goes now,
                // not when it turns stale.
                await flow.ForgetAsync(runId, taskId);
                return;
            default:
                LogNotRerun(taskId, runId, jobId, start.Claim);
                if (start.Claim == AttemptClaim.Done && context?.BackgroundJob?.Id is { } requeued) await requeue.RetryIfRequeuedAsync(runId, requeued);
                return;
        }
        var stoodDown = false;
        try
        {
            var task = start.Task!;
            var firedBySchedule = runId.EndsWith($":{dueUnixMs}") || Contracts.Triggers.TriggerRunIds.TriggerIdOf(runId) is not null;
            var replay = firedBySchedule && (IsRunAllReplay(task, dueUnixMs) || await FollowsReplaysAsync(start, taskId, runId, cancellationToken));
            // Replays fired together reach the workers together, and a later one may claim first by a few ms: it gives
            // the earlier ones time to claim, then waits for them, so they run in their order.
            if (replay) await Task.Delay(ReplaySettle, time, cancellationToken);
            // Overlap cancelPrevious waits as queue does: Beat has asked the run before to stop, and this one starts once
            // it has (within its stop grace), never beside it.
            // A parked retry coming back waited for the run before it when it first started.
            if ((start.PreviousStatus == ScheduleStatus.Running || replay) && firedBySchedule && !start.Resumed
                && (task.Options.Overlap is OverlapPolicy.Queue or OverlapPolicy.CancelPrevious || replay))
            {
                await WaitForPreviousRunAsync(taskId, runId, cancel, cancellationToken);
                // An attempt lost with its worker comes back after the run fired behind it may have started (that one saw
                // no earlier run in flight while this one was between workers): it waits for it to end, never beside it.
                if (start.Attempt > 1 && !replay) await WaitForStartedRunsAsync(taskId, runId, cancel, cancellationToken);
            }
            // A replay waited for the runs before it; the ones after it wait for it in turn.
            if (!replay && await OverlapsAnotherRunAsync(start, taskId, runId, firedBySchedule, cancellationToken))
            {
                await executor.SkipAsync(task, runId, jobId, start.Attempt, DateTimeOffset.FromUnixTimeMilliseconds(dueUnixMs), OverlapSkipped);
                return;
            }
            if (start.RetryAt is { } retryAt) await WaitOutBackoffAsync(taskId, runId, retryAt, cancel, cancellationToken);
            stoodDown = !await executor.ExecuteAsync(task, runId, jobId, start.Attempt, DateTimeOffset.FromUnixTimeMilliseconds(dueUnixMs), cancel, cancellationToken,
                start.Request, pass?.Waited, start.StartAnnounced, start.Resumed, start.ClaimToken);
        }
        catch (OperationCanceledException stopped) when (cancellationToken.IsCancellationRequested && stopped is not FencedDeliveryEndedException)
        {
            // Shutdown: Hangfire hands the job back; the next delivery continues with the next attempt number. An attempt
            // whose handler had started is recorded in the same step as the run leaves this worker, so neither happens
            // without the other; one that had not (a wait for the run before, for a retry's backoff) is not recorded, and
            // its claim is withdrawn (the next delivery runs that attempt number; a start announced is announced ended). If
            // Redis does not answer, the worker's stop hands back its runs unrecorded, or the watchdog records them lost
            // once the worker stops heart-beating.
            var handedBack = (stopped as AttemptHandedBackException)?.Interrupted;
            await bookkeeping.TryWriteAsync($"run {runId}: hand-back", () => handedBack is null
                ? store.LeaveRunAsync(runId, jobId, identity.Id, cancel.Unstarted)
                : store.HandBackRunAsync(handedBack, jobId), HandBackBound);
            throw;
        }
        // A retry that stood down: the run is another delivery's (or done). Its job, re-queued and fetched again, may be
        // "Processing" under that delivery now: ended as aborted, this one makes no state change over it. A job still
        // this delivery's (its run done elsewhere, or owned by another job) ends Succeeded, as a delivery that finds its
        // run done at its first claim does.
        if (stoodDown && !DeliveryOwnership.StillHeld(context))
        {
            LogLeftToOtherDelivery(taskId, runId, jobId);
            throw new JobAbortedException();
        }
    }

    // Hangfire handed this job to two workers (queued again while a delivery still held it: its writes lost in a Redis
    // failover, or its worker judged dead while cut off from Redis). Hangfire aborts the earlier delivery once the
    // later one owns the job, so neither may simply give up: this one starts when the other has stopped, and the two
    // never run side by side. An entry that outlives any attempt of the task (its worker's record failed) is stale and
    // is run over: the task's own hard timeout, which may be longer than the default, bounds an attempt.
    private async Task<RunStart> WaitForOtherDeliveryAsync(string taskId, string runId, string jobId, bool passedGate, CancellationToken cancellationToken)
    {
        LogDeliveredTwice(taskId, runId, jobId);
        var task = await bookkeeping.WriteAsync($"task {taskId}: read", () => store.GetAsync(taskId), cancellationToken);
        var giveUpAt = time.GetUtcNow() + EffectivePolicy.Resolve(task?.Task.Execution, defaults.Value).HardTimeout + StaleInFlightMargin;
        while (true)
        {
            await Task.Delay(QueuePollInterval, time, cancellationToken);
            var stale = time.GetUtcNow() > giveUpAt;
            var start = await BeginRunAsync(taskId, runId, jobId, stale, passedGate, cancellationToken);
            if (start.Claim != AttemptClaim.Running) return start;
        }
    }

    // The job's change to Processing left its state lock held for this claim to release in its own script, one call where
    // the lock's own release script was another (StateLocksAhead.Release). A claim that fails releases it on its own.
    private async Task<RunStart> FirstClaimAsync(string taskId, string runId, string jobId, CancellationToken cancellationToken)
    {
        var lockRelease = _locksAhead?.TakeRelease(jobId);
        try
        {
            return await BeginRunAsync(taskId, runId, jobId, evenIfInFlight: false, passedGate: false, cancellationToken, lockRelease);
        }
        catch when (lockRelease is not null)
        {
            _locksAhead!.ReleaseAlone(lockRelease);
            throw;
        }
    }

    // One token for all tries of this claim: a try that landed without its reply reaching us is found, not repeated.
    // A claim to run waits for the replicas the acknowledgement setting asks for: one they hold carries the firing
    // before it (replication keeps order), so no failover can fire this occurrence again once its handler has started.
    // Short of them the claim is tried again, as in a Redis outage, and the handler does not start meanwhile.
    private Task<RunStart> BeginRunAsync(string taskId, string runId, string jobId, bool evenIfInFlight, bool passedGate, CancellationToken cancellationToken,
        Runtime.Redis.RidingLockRelease? lockRelease = null)
    {
        var claimToken = Guid.NewGuid().ToString("N");
        return bookkeeping.WriteAsync($"run {runId}: claim", async () =>
        {
            var start = await store.BeginRunAsync(runId, jobId, identity.Id, taskId, evenIfInFlight, claimToken, passedGate, SchedulerEvents.Started, lockRelease);
            if (start.Claim == AttemptClaim.Run) await store.AcknowledgedAsync($"run {runId}: claim");
            return start;
        }, cancellationToken);
    }

    // A task with a concurrency key or rate limit: the run takes its slot (or counts its start) before it is claimed,
    // or is parked (no pass, claim still Gate) and this job ends. Once through, it is claimed as any other run; a
    // claim refused then (the task was cancelled meanwhile) frees the slot at once.
    private async Task<(RunStart Start, Flow.FlowPass? Pass)> PassFlowGateAsync(ScheduledTask task, string taskId, string runId, string? hangfireJobId,
        string jobId, CancellationToken cancellationToken)
    {
        if (flow.KeysOf(task) is not { } keys)
            return (await BeginRunAsync(taskId, runId, jobId, evenIfInFlight: false, passedGate: true, cancellationToken), null);
        var pass = await flow.EnterAsync(task, keys, runId, hangfireJobId, cancellationToken);
        if (pass is null) return (new RunStart(AttemptClaim.Gate, 0), null);
        try
        {
            var start = await BeginRunAsync(taskId, runId, jobId, evenIfInFlight: false, passedGate: true, cancellationToken);
            if (start.Claim == AttemptClaim.Running) start = await WaitForOtherDeliveryAsync(taskId, runId, jobId, passedGate: true, cancellationToken);
            if (start.Claim == AttemptClaim.Run) return (start, pass);
            await pass.DisposeAsync();
            return (start, null);
        }
        catch
        {
            await pass.DisposeAsync();
            throw;
        }
    }

    // Overlap "skip" at the start, where Beat's check at the fire cannot see: two occurrences (or triggers) fired before
    // either started, with the workers behind, both pass Beat's check; the later one to start finds the task running.
    // Only a first attempt of a run the schedule fired is skipped (a re-delivery goes on with the run it began; a retry
    // or backfill asked for by hand has its own rules), of a task that is recurring now (Beat's own check applies to no
    // other: a one-shot that replaced a recurring task lets the old definition's queued runs run), and only while
    // another run of the task is really in flight: the status alone may be left "running" by a run the reconciler released.
    private async Task<bool> OverlapsAnotherRunAsync(RunStart start, string taskId, string runId, bool firedBySchedule, CancellationToken cancellationToken) =>
        start.PreviousStatus == ScheduleStatus.Running && start.Task!.Options.Overlap == OverlapPolicy.Skip && start.Task.Schedule.IsRecurring && firedBySchedule
        && start.Attempt == 1 && start.Request is null
        && await bookkeeping.WriteAsync($"task {taskId}: runs in flight", () => store.OtherRunInFlightAsync(taskId, runId), cancellationToken);

    private const string OverlapSkipped = "previous run still going (overlap skip)";

    // misfire runAll: Beat replays the occurrences it missed (an outage, a pause) one after another within moments, so
    // under overlap skip they would skip each other and only a few of the runs runAll promises would run. A run of such
    // a task that starts over a second after its instant (Beat's own check skips an on-time one while a run goes on, so
    // only runs fired before either started reach this) waits for the run before it instead, as overlap queue waits.
    private bool IsRunAllReplay(ScheduledTask task, long dueUnixMs) =>
        RunAllReplays.Apply(task) && time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(dueUnixMs) > RunAllReplays.Lateness;

    // The occurrence due while only replays run (Beat fired it behind them): it follows them as a replay does.
    private async Task<bool> FollowsReplaysAsync(RunStart start, string taskId, string runId, CancellationToken cancellationToken) =>
        start.PreviousStatus == ScheduleStatus.Running && RunAllReplays.Apply(start.Task!) && start.Attempt == 1 && !start.Resumed && start.Request is null
        && await bookkeeping.WriteAsync($"task {taskId}: runs in flight",
            async () => await store.OnlyReplaysAsync(await store.RunsInFlightAsync(taskId), runId), cancellationToken);

    private static readonly TimeSpan ReplaySettle = TimeSpan.FromMilliseconds(300);

    private static readonly TimeSpan HandBackBound = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan StaleInFlightMargin = TimeSpan.FromSeconds(30);

    // A parked retry's job is woken by Hangfire's delayed-job scheduler, which goes by its Beat's host clock, and was
    // parked by its worker's host clock: with those clocks ahead of Redis's the job comes back before the backoff is
    // over. The rest is waited out here, up to a bound (a job woken by hand or re-queued by recovery runs then).
    private async Task WaitOutBackoffAsync(string taskId, string runId, DateTimeOffset retryAt, RunningAttempts.Registration cancel, CancellationToken cancellationToken)
    {
        var early = retryAt - time.GetUtcNow();
        if (early <= TimeSpan.Zero || cancel.IsCancelled || early > MaxBackoffRest) return;
        LogBackoffRest(taskId, runId, early.TotalMilliseconds);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cancel.Token);
        try
        {
            // Until the clock says so: a timer may end a fraction early, and the clock's offset may be read anew meanwhile.
            while (early > TimeSpan.Zero)
            {
                await Task.Delay(early, time, wait.Token);
                early = retryAt - time.GetUtcNow();
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancelled && !cancellationToken.IsCancellationRequested) { }
    }

    private static readonly TimeSpan MaxBackoffRest = TimeSpan.FromSeconds(30);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} run {RunId}: its parked retry came back {EarlyMs:0} ms before its backoff ended (a host clock ahead of Redis's); the rest is waited out")]
    private partial void LogBackoffRest(string taskId, string runId, double earlyMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} run {RunId}: job {JobId} was made for a fire that never stood (the schedule moved past the occurrence without it); not run")]
    private partial void LogSuperseded(string taskId, string runId, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} run {RunId} not run again by job {JobId}: {Claim}")]
    private partial void LogNotRerun(string taskId, string runId, string jobId, AttemptClaim claim);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} run {RunId}: job {JobId} was delivered to two workers; this delivery waits for the other to stop")]
    private partial void LogDeliveredTwice(string taskId, string runId, string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} run {RunId}: job {JobId} is another delivery's now; this delivery ends with no state change")]
    private partial void LogLeftToOtherDelivery(string taskId, string runId, string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} run {RunId} not run: task {Reason}")]
    private partial void LogNotRunnable(string taskId, string runId, string reason);
}
