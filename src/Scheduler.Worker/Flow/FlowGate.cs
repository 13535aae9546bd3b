using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Storage;
using Scheduler.Worker.Execution;

namespace Scheduler.Worker.Flow;

/// <summary>
/// Lets an occurrence whose task has a concurrency key or rate limit start, or parks it. Parking, not waiting: a
/// Hangfire worker thread that spun until a slot freed would be lost to every other task (ten runs waiting on a key
/// with limit 2 would stop a ten-thread worker). A run that must wait is entered in Redis as a waiter, its Hangfire
/// job is moved to Scheduled (a back-stop delay, or the instant its rate limit allows it) and the thread returns.
/// Whoever frees a slot moves the first waiters' jobs back to Enqueued at once; the back-stop covers a slot freed
/// by a lease that ran out (its worker died). A rate wait shorter than <see cref="FlowSettings.ShortWait"/> is waited out here.
/// </summary>
internal sealed partial class FlowGate(
    ScheduleStore store, EventStream events, Bookkeeping bookkeeping, IBackgroundJobClient jobs, TimeProvider time, ILogger<FlowGate> logger)
{
    /// <summary>The keys of <paramref name="task"/>'s flow options, resolved against its definition; null when it has none.</summary>
    public FlowKeys? KeysOf(ScheduledTask task)
    {
        var (c, r) = (task.Options.Concurrency, task.Options.RateLimit);
        if (c is null && r is null) return null;
        try
        {
            return new FlowKeys(c is null ? null : FlowKeyTemplate.Resolve(c.Key, task.Task), c?.Limit ?? 0,
                r is null ? null : FlowKeyTemplate.Resolve(r.Key, task.Task), r?.Count ?? 0, r?.Per ?? TimeSpan.Zero);
        }
        catch (FormatException e)
        {
            // Checked when scheduled; a definition that no longer resolves (a plugin task's shape changed) runs unlimited
            // rather than never.
            LogUnresolvable(task.Id, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Passes the gate (returns the pass, to be released when the run ends) or parks the run (returns null: the job
    /// ends now and runs again when woken). <paramref name="jobId"/> null: no Hangfire job to park, so it waits here.
    /// </summary>
    /// <param name="retryOf">
    /// The run whose retry <paramref name="runId"/> is (its own entry): named in the log and the waiting event, and put
    /// before every waiter, since that run holds its concurrency slot while the retry waits.
    /// </param>
    public async Task<FlowPass?> EnterAsync(ScheduledTask task, FlowKeys keys, string runId, string? jobId, CancellationToken cancellationToken,
        string? retryOf = null)
    {
        var queue = FlowQueues.For(task.Options.Queue ?? EnqueuedState.DefaultQueue, task.Options.Priority);
        while (true)
        {
            var reply = await bookkeeping.WriteAsync($"run {runId}: flow gate",
                () => store.PassFlowGateAsync(runId, task.Id, keys, jobId ?? runId, queue, FlowSettings.Lease, FlowSettings.StaleWaiter,
                    front: retryOf is not null), cancellationToken);
            if (reply.HandOff is { } handOff) Wake(handOff, "A run ahead of it moved to another concurrency key");
            if (reply.Go)
            {
                if (reply.Waited is { } waited) LogPassed(task.Id, retryOf ?? runId, waited.TotalMilliseconds);
                return new FlowPass(this, store, keys, runId, reply.Waited, time);
            }
            if (reply.FirstTime)
            {
                LogWaiting(task.Id, retryOf ?? runId, reply.Label, reply.Ahead, reply.Waiters);
                await events.PublishAsync(SchedulerEvents.Waiting, task.Id,
                    [new("runId", retryOf ?? runId), new("for", reply.Label), new("ahead", reply.Ahead.ToString()), new("waiting", reply.Waiters.ToString())]);
            }
            var now = time.GetUtcNow();
            var delay = reply.RetryAt is { } at ? at - now : FlowSettings.BackStop(reply.Ahead);
            if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
            if (jobId is null || (reply.RetryAt is not null && delay <= FlowSettings.ShortWait))
            {
                await Task.Delay(reply.RetryAt is null ? FlowSettings.LocalPoll : delay + FlowSettings.RateSlack, time, cancellationToken);
                continue;
            }
            await ParkAsync(task, keys, runId, jobId, queue, reply, delay);
            return null;
        }
    }

    /// <summary>
    /// Waits here until a retry of <paramref name="runId"/> may start under its task's rate limit, and counts it as a
    /// start: retries of a failing call would otherwise hit the guarded service faster than the limit allows, just when
    /// it struggles. In the thread, as the retry's backoff is: the run holds its concurrency slot meanwhile, so the
    /// retry goes before the runs waiting in the rate line (one of them may wait for that slot), behind none of them.
    /// </summary>
    public async Task AwaitRetryTurnAsync(ScheduledTask task, string runId, CancellationToken cancellationToken)
    {
        if (KeysOf(task) is not { RateKey: not null } keys) return;
        // Its own entry in the rate window, apart from the run's first start (which a re-delivery finds and passes on).
        var retryId = RetryGateEntry.For(runId);
        try
        {
            await using var pass = await EnterAsync(task, keys with { ConcurrencyKey = null, Limit = 0 }, retryId, jobId: null, cancellationToken, retryOf: runId);
        }
        catch (OperationCanceledException)
        {
            await ForgetAsync(retryId, task.Id);
            throw;
        }
    }

    private async Task ParkAsync(ScheduledTask task, FlowKeys keys, string runId, string jobId, string queue, FlowGateReply reply, TimeSpan delay)
    {
        // Rounded up: Hangfire keeps whole seconds and may start a job up to a second early; the gate checks again anyway.
        var parked = jobs.ChangeState(jobId, new ScheduledState(delay + FlowSettings.RateSlack) { Reason = $"Waiting for {reply.Label}" },
            ProcessingState.StateName);
        if (!parked) return;
        // Its task's limits changed since this run read them: the change's wake came while the job was not yet
        // Scheduled and so moved nothing. The client writes the definition before it announces the change, so a change
        // this read misses finds the job parked.
        if (await store.GetAsync(task.Id) is not { } current || KeysOf(current) != keys)
        {
            Wake((jobId, queue), "Its flow limits changed");
            return;
        }
        // A slot freed between the gate's answer and the move to Scheduled found nothing to wake: look once more.
        var again = await store.PassFlowGateAsync(runId, task.Id, keys, jobId, queue, FlowSettings.Lease, FlowSettings.StaleWaiter, peek: true);
        if (again.Go) Wake((jobId, queue), $"{reply.Label} is free");
    }

    /// <summary>Frees the run's slot and wakes the waiters that may now take one.</summary>
    internal async Task ReleaseAsync(FlowKeys keys, string runId)
    {
        if (keys.ConcurrencyKey is not { } key) return;
        IReadOnlyList<(string JobId, string Queue)> wake = [];
        await bookkeeping.TryWriteAsync($"run {runId}: free its slot of {key}",
            async () => wake = await store.ReleaseFlowSlotAsync(key, keys.Limit, runId), FlowSettings.ReleaseBound);
        foreach (var waiter in wake) Wake(waiter, $"A slot of {keys.ConcurrencyLabel} freed");
    }

    /// <summary>
    /// Gives up the place of a run that will never pass (its task was cancelled or deleted while it waited), and wakes
    /// the waiter behind it: a release may have woken this run for a slot it will not take.
    /// </summary>
    internal async Task ForgetAsync(string runId, string taskId)
    {
        (string JobId, string Queue)? handOff = null;
        await bookkeeping.TryWriteAsync($"run {runId}: leave the flow gate", async () => handOff = await store.ForgetFlowWaitAsync(runId, taskId),
            FlowSettings.ReleaseBound);
        if (handOff is { } waiter) Wake(waiter, "A run ahead of it will not run");
    }

    /// <summary>
    /// Wakes the runs that may go now that task <paramref name="taskId"/>'s concurrency or rate limit changed: its own
    /// waiting runs, and as many of its concurrency line as a raised limit has room for. Returns how many were woken.
    /// </summary>
    internal async Task<int> WakeAfterChangeAsync(string taskId)
    {
        var keys = await store.GetAsync(taskId) is { } task ? KeysOf(task) : null;
        var wake = await store.WaitersAfterFlowChangeAsync(taskId, keys?.ConcurrencyKey, keys?.Limit ?? 0);
        foreach (var waiter in wake) Wake(waiter, "Its flow limits changed");
        return wake.Count;
    }

    // A parked waiter's job goes back to its queue; it passes the gate there, or parks again.
    private void Wake((string JobId, string Queue) waiter, string reason)
    {
        try { jobs.ChangeState(waiter.JobId, new EnqueuedState(waiter.Queue) { Reason = reason }, ScheduledState.StateName); }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            // Its back-stop delay wakes it instead.
            LogWakeFailed(waiter.JobId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} run {RunId} waits for {Key}: {Ahead} ahead of it, {Waiting} waiting")]
    private partial void LogWaiting(string taskId, string runId, string key, int ahead, int waiting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} run {RunId} passed its flow gate after waiting {WaitedMs:0} ms")]
    private partial void LogPassed(string taskId, string runId, double waitedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: its flow key does not resolve ({Reason}); it runs without limit")]
    private partial void LogUnresolvable(string taskId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not wake waiting job {JobId}: {Reason}")]
    private partial void LogWakeFailed(string jobId, string reason);
}
