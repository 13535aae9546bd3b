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
/// in a burst the starts come first and the completions after them, on the same cores.
/// </summary>
internal sealed partial class CompletionBatcher(SchedulerRedisStorage storage, DeferredCompletions completions, IJobFilterProvider filters,
    ILogger<CompletionBatcher> logger)
{
    private const int TransactionSize = 100;
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private const int StoppingAttempts = 3;

    private readonly StateMachine _stateMachine = new(filters);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public void Start() => _loop = Task.Run(LoopAsync);

    /// <summary>Stops the loop, then applies what the stopped worker deferred (its jobs have ended), a few tries at most.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null) await _loop;
        ApplyAll(completions.TakeAll(), StoppingAttempts);
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var due = await completions.TakeAsync(_stop.Token);
            // Redis away: a batch is tried again until it lands or the worker stops (then StopAsync tries it a few times).
            // Its jobs stay Processing in their fetched lists with their outcomes recorded, as after a crash.
            ApplyAll(due, int.MaxValue);
        }
    }

    private void ApplyAll(List<DeferredCompletions.Ready> due, int attempts)
    {
        for (var start = 0; start < due.Count; start += TransactionSize)
        {
            var batch = due.GetRange(start, Math.Min(TransactionSize, due.Count - start));
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    Apply(batch);
                    break;
                }
                catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException or DistributedLockTimeoutException)
                {
                    LogBatchFailed(batch.Count, attempt, e.Message);
                    if (attempt >= attempts || (attempts == int.MaxValue && _stop.IsCancellationRequested)) return;
                    Thread.Sleep(RetryDelay);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Not Redis: a filter or a state handler refused one of the jobs. Each goes alone, as Hangfire's worker applies it.
                    LogBatchFailed(batch.Count, attempt, e.Message);
                    ApplyEach(batch);
                    break;
                }
            }
        }
    }

    // Hangfire's worker, when a state change keeps failing, moves the job to Failed; so does this, then acknowledges it.
    private void ApplyEach(List<DeferredCompletions.Ready> batch)
    {
        var changer = new BackgroundJobStateChanger(filters);
        using var connection = storage.GetConnection();
        foreach (var item in batch)
        {
            try { changer.ChangeState(new StateChangeContext(storage, connection, item.JobId, item.State, ProcessingState.StateName)); }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogJobFailed(item.JobId, e.Message);
                try
                {
                    changer.ChangeState(new StateChangeContext(storage, connection, item.JobId,
                        new FailedState(e) { Reason = $"Failed to change state to '{item.State.Name}': {e.Message}" }, ProcessingState.StateName));
                }
                catch (Exception again) when (again is not OutOfMemoryException) { LogJobFailed(item.JobId, again.Message); }
            }
            SchedulerFetchedJob.Acknowledge(storage.Database, storage.Keys, storage.LocksAhead, item.Queue, item.JobId, item.FetchedAt);
            storage.LocksAhead.Settled(item.JobId);
        }
    }

    private void Apply(List<DeferredCompletions.Ready> batch)
    {
        // Every lock and read sent before the first is waited for: one round trip for the batch's locks, not one each.
        foreach (var item in batch) storage.LocksAhead.TakeBehind(item.JobId);
        var held = new List<IDisposable>(batch.Count);
        try
        {
            using var connection = storage.GetConnection();
            using (var transaction = Batched(connection.CreateWriteTransaction()))
            {
                foreach (var item in batch)
                {
                    held.Add(connection.AcquireDistributedLock($"job:{item.JobId}:state-lock", LockTimeout));
                    if (connection.GetJobData(item.JobId) is not { } data
                        || !string.Equals(data.State, ProcessingState.StateName, StringComparison.OrdinalIgnoreCase))
                        continue;
                    var state = data.LoadException is { } loadFailed && !item.State.IgnoreJobLoadException
                        ? new FailedState(loadFailed.InnerException ?? loadFailed) { Reason = $"Can not change the state to '{item.State.Name}': target method was not found." }
                        : item.State;
                    var job = new BackgroundJob(item.JobId, data.Job, data.CreatedAt, data.ParametersSnapshot);
                    _stateMachine.ApplyState(new ApplyStateContext(storage, connection, transaction, job, state, data.State));
                }
                transaction.Commit();
            }
        }
        finally
        {
            // Each lock's release is left to its job's acknowledge, which carries it (StateLocksAhead.Release).
            foreach (var lockHeld in held) lockHeld.Dispose();
        }
        foreach (var item in batch)
        {
            SchedulerFetchedJob.Acknowledge(storage.Database, storage.Keys, storage.LocksAhead, item.Queue, item.JobId, item.FetchedAt);
            storage.LocksAhead.Settled(item.JobId);
        }
    }

    private IWriteOnlyTransaction Batched(IWriteOnlyTransaction transaction) =>
        transaction is JobStorageTransaction ours ? new CompletionsTransaction(ours, storage.Keys) : transaction;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deferred completions: a batch of {Count} jobs failed to apply (attempt {Attempt}): {Reason}")]
    private partial void LogBatchFailed(int count, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deferred completions: job {JobId}'s state could not be applied: {Reason}")]
    private partial void LogJobFailed(string jobId, string reason);
}
