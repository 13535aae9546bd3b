using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;
using Scheduler.Runtime.Redis;

namespace Scheduler.Worker.Execution;

/// <summary>
/// Applies the Succeeded states the worker deferred (<see cref="DeferringStateChanger"/>), many jobs per storage
/// transaction, as Hangfire's state changer applies one: the job's state lock, its data read under it, and the state run
/// through Hangfire's state machine (election and apply-state filters, state handlers) only while the job is still
/// Processing, so a delete or requeue from the dashboard in the meantime wins; then the fetched job's acknowledge. The
/// completions wait (<see cref="DeferredCompletions.TakeAsync"/>) while the worker's threads keep finding jobs to start:
/// in a burst the starts come first and the completions after them, on the same cores. A job is acknowledged only once
/// its state change has been made or found no longer due; one that could not be (Redis away) waits to be tried again.
/// </summary>
internal sealed partial class CompletionBatcher(SchedulerRedisStorage storage, DeferredCompletions completions, IJobFilterProvider filters,
    ILogger<CompletionBatcher> logger, Contracts.Storage.ScheduleStore? acknowledging = null) : IDisposable
{
    private const int TransactionSize = 100;
    // A batch that keeps failing on Redis is given back after this many tries; so is a job a filter keeps refusing, before
    // it ends Failed (Hangfire's worker tries a state change ten times, the loop's pace between tries is a second).
    private const int BatchAttempts = 3;
    // Short: a job whose lock another holder keeps is given back alone, and the rest of its batch goes on.
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    // The loop's pace between passes that left jobs waiting doubles up to this while they keep failing (Redis or the
    // replicas away for minutes): a pass is not repeated every second against an outage.
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(16);

    private readonly StateMachine _stateMachine = new(filters);
    private readonly StateMachine _unfiltered = new(new JobFilterCollection());
    private readonly CancellationTokenSource _stop = new();
    private int _replicasShort;
    private Task? _loop;

    public void Start() => _loop = Task.Run(LoopAsync);

    /// <summary>Before the worker's threads stop: their jobs' states from now on are applied by the threads themselves.</summary>
    public void Stopping() => completions.Stop();

    /// <summary>
    /// Stops the loop, then applies what is still waiting (the worker's jobs have ended), in up to three passes a second
    /// apart while Redis is away; none starts once <paramref name="cancellationToken"/> (the host's stop timeout) fired,
    /// though one under way finishes (each batch in it tries once, bounded by the client's time-out).
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        completions.Stop();
        await _stop.CancelAsync();
        if (_loop is not null) await _loop;
        for (var pass = 0; pass < BatchAttempts && completions.Waiting > 0 && !cancellationToken.IsCancellationRequested; pass++)
        {
            if (pass > 0)
            {
                try { await Task.Delay(RetryDelay, cancellationToken); }
                catch (OperationCanceledException) { break; }
            }
            TryApplyAll(completions.TakeAll());
        }
        // Left Processing in their fetched lists: once this process is gone, Beat's stranded-fetch sweep queues them again
        // and their next delivery finds each run done.
    }

    /// <summary>Stops the loop without applying what waits (the host did not stop the worker first).</summary>
    public void Dispose()
    {
        completions.Stop();
        _stop.Cancel();
    }

    private async Task LoopAsync()
    {
        var pause = RetryDelay;
        while (!_stop.IsCancellationRequested)
        {
            var due = await completions.TakeAsync(_stop.Token);
            if (due.Count == 0) continue;
            if (TryApplyAll(due))
            {
                pause = RetryDelay;
                continue;
            }
            try { await Task.Delay(pause, _stop.Token); }
            catch (OperationCanceledException) { }
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestRetryDelay.Ticks));
        }
    }

    // False when some could not be applied: they wait again (DeferredCompletions.Return). Never throws.
    private bool TryApplyAll(List<DeferredCompletions.Ready> due)
    {
        var allApplied = true;
        var settled = new List<DeferredCompletions.Ready>(due.Count);
        for (var start = 0; start < due.Count; start += TransactionSize)
        {
            var batch = due.GetRange(start, Math.Min(TransactionSize, due.Count - start));
            try
            {
                if (!TryApplyBatch(batch, settled)) allApplied &= ApplyEach(batch, settled);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogBatchFailed(batch.Count, e.Message);
                // Redis away past the batch's tries: the batches after it would wait out the same, each in turn.
                completions.Return(due.GetRange(start, due.Count - start));
                allApplied = false;
                break;
            }
        }
        return AcknowledgeAll(settled) && allApplied;
    }

    // With replica acknowledgement on, the jobs leave their fetched lists only once the replicas hold their states: a state
    // lost in a failover would leave its job Processing in the fetched list of a live worker until Beat's sweep found that
    // worker no longer holding it, and queued it again for a delivery that finds its run done.
    // One WAIT for the pass covers every batch committed before it (and an earlier pass's, whose wait fell short: its jobs
    // come back, are found no longer Processing, and are settled again). WAIT holds up the connection's other commands,
    // so short, the jobs wait for the loop's next pass, at a pace that slows while the replicas stay away.
    private bool AcknowledgeAll(List<DeferredCompletions.Ready> settled)
    {
        if (settled.Count == 0) return true;
        if (acknowledging is not null)
        {
            try { acknowledging.AcknowledgedAsync($"the Succeeded states of {settled.Count} finished jobs").GetAwaiter().GetResult(); }
            catch (Exception e) when (e is Contracts.Client.ReplicaAcknowledgementException || IsRedisAway(e))
            {
                if (Interlocked.Exchange(ref _replicasShort, 1) == 0) LogReplicasShort(settled.Count, e.Message);
                completions.Return(settled);
                return false;
            }
            Volatile.Write(ref _replicasShort, 0);
        }
        foreach (var item in settled) Acknowledge(item);
        return true;
    }

    // False when the batch failed on something other than Redis being away (a filter, a state handler): each job goes alone.
    private bool TryApplyBatch(List<DeferredCompletions.Ready> batch, List<DeferredCompletions.Ready> settled)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Apply(batch, _stateMachine, settled) is { Count: > 0 } lockedElsewhere) completions.Return(lockedElsewhere);
                return true;
            }
            catch (Exception e) when (IsRedisAway(e) && attempt < BatchAttempts && !_stop.IsCancellationRequested)
            {
                LogBatchFailed(batch.Count, e.Message);
                // Synchronous as the state machine is, but woken by a stop: StopAsync's own passes then retry the batch.
                _stop.Token.WaitHandle.WaitOne(RetryDelay);
            }
            catch (Exception e) when (!IsRedisAway(e) && e is not OutOfMemoryException)
            {
                LogBatchFailed(batch.Count, e.Message);
                return false;
            }
        }
    }

    // The batch's jobs whose change was made or found not due go to settled, to be acknowledged; those whose lock another
    // holder kept past the timeout are returned.
    private List<DeferredCompletions.Ready> Apply(List<DeferredCompletions.Ready> batch, StateMachine stateMachine, List<DeferredCompletions.Ready> settled)
    {
        // Every lock and read sent before the first is waited for: one round trip for the batch's locks, not one each.
        foreach (var item in batch) storage.LocksAhead.TakeBehind(item.JobId);
        var held = new List<IDisposable>(batch.Count);
        var applied = new HashSet<string>(StringComparer.Ordinal);
        var lockedElsewhere = new List<DeferredCompletions.Ready>();
        try
        {
            using var connection = storage.GetConnection();
            using var transaction = Batched(connection.CreateWriteTransaction());
            foreach (var item in batch)
            {
                // Two deliveries of one job in this process: its state once, both acknowledged.
                if (applied.Contains(item.JobId)) continue;
                try { held.Add(connection.AcquireDistributedLock($"job:{item.JobId}:state-lock", LockTimeout)); }
                catch (DistributedLockTimeoutException)
                {
                    lockedElsewhere.Add(item);
                    continue;
                }
                // Fetched again since this delivery took it (re-queued, then taken by another delivery): that delivery's job now,
                // whose own end applies its state. This one's acknowledge leaves that delivery's fetched entry alone.
                if (FetchedNow(connection, item.JobId) is { Length: > 0 } fetchedAt && fetchedAt != item.FetchedAt) continue;
                if (connection.GetJobData(item.JobId) is not { } data
                    || !string.Equals(data.State, ProcessingState.StateName, StringComparison.OrdinalIgnoreCase))
                    continue;
                var state = data.LoadException is { } loadFailed && !item.State.IgnoreJobLoadException
                    ? new FailedState(loadFailed.InnerException ?? loadFailed) { Reason = $"Can not change the state to '{item.State.Name}': target method was not found." }
                    : item.State;
                stateMachine.ApplyState(new ApplyStateContext(storage, connection, transaction, new BackgroundJob(item.JobId, data.Job, data.CreatedAt, data.ParametersSnapshot),
                    state, data.State));
                applied.Add(item.JobId);
            }
            if (applied.Count > 0) transaction.Commit();
        }
        finally
        {
            // Each lock's release is left to its job's acknowledge, which carries it (StateLocksAhead.Release).
            foreach (var lockHeld in held) lockHeld.Dispose();
        }
        foreach (var item in batch)
            if (!lockedElsewhere.Contains(item)) settled.Add(item);
        return lockedElsewhere;
    }

    // The job's fetch time, as read with its lock, or read now under it when the lock had to be waited for (another
    // holder, such as a later delivery's fetch, kept it then).
    private string? FetchedNow(IStorageConnection connection, string jobId) =>
        connection is SchedulerRedisConnection ours && ours.TryReadWithLock(jobId, "Fetched", out var read)
            ? read
            : storage.Database.HashGet(storage.Keys.Job(jobId), "Fetched");

    // As Hangfire's worker: a state change that keeps failing moves the job to Failed, without filters. A job is acknowledged
    // once a change was made or found not due (the job no longer Processing, or fetched again since); otherwise it waits to
    // be tried again. Each job alone goes the batch's way (Apply), so a later delivery's job is left to it here too.
    private bool ApplyEach(List<DeferredCompletions.Ready> batch, List<DeferredCompletions.Ready> settled)
    {
        var allApplied = true;
        foreach (var item in batch)
        {
            try
            {
                List<DeferredCompletions.Ready> lockedElsewhere;
                try { lockedElsewhere = Apply([item], _stateMachine, settled); }
                catch (Exception e) when (!IsRedisAway(e) && e is not OutOfMemoryException && item.Refusals + 1 < BatchAttempts)
                {
                    LogJobFailed(item.JobId, e.Message);
                    completions.Return([item with { Refusals = item.Refusals + 1 }]);
                    allApplied = false;
                    continue;
                }
                catch (Exception e) when (!IsRedisAway(e) && e is not OutOfMemoryException)
                {
                    LogJobFailed(item.JobId, e.Message);
                    var failed = new FailedState(e) { Reason = $"Failed to change state to '{item.State.Name}': {e.Message}" };
                    lockedElsewhere = Apply([item with { State = failed }], _unfiltered, settled);
                }
                if (lockedElsewhere.Count == 0) continue;
                completions.Return([item]);
                allApplied = false;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogJobFailed(item.JobId, e.Message);
                completions.Return([item]);
                allApplied = false;
            }
        }
        return allApplied;
    }

    // Once per job, whatever happens: its state is final, so an acknowledge that could not be sent leaves only a fetched
    // entry, which Beat's stranded-fetch sweep drops.
    private void Acknowledge(DeferredCompletions.Ready item)
    {
        // Its state is final (or the job is another delivery's now): this worker no longer holds it.
        storage.FetchesHeld.Drop(item.JobId);
        try { SchedulerFetchedJob.Acknowledge(storage.Database, storage.Keys, storage.LocksAhead, item.Queue, item.JobId, item.FetchedAt); }
        catch (Exception e) when (e is not OutOfMemoryException) { LogJobFailed(item.JobId, e.Message); }
        storage.LocksAhead.Settled(item.JobId);
    }

    private static bool IsRedisAway(Exception e) => e is StackExchange.Redis.RedisException or TimeoutException or DistributedLockTimeoutException;

    private IWriteOnlyTransaction Batched(IWriteOnlyTransaction transaction) =>
        transaction is JobStorageTransaction ours ? new CompletionsTransaction(ours, storage.Keys) : transaction;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deferred completions: a batch of {Count} jobs failed to apply: {Reason}")]
    private partial void LogBatchFailed(int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deferred completions: {Count} finished jobs stay fetched until the replicas hold their Succeeded states: {Reason}")]
    private partial void LogReplicasShort(int count, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deferred completions: job {JobId}'s state could not be applied: {Reason}")]
    private partial void LogJobFailed(string jobId, string reason);
}
