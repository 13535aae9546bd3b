using Hangfire.States;
using Hangfire.Storage;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// The storage transaction of <see cref="SchedulerRedisConnection"/>: Hangfire.Redis.StackExchange's, without the
/// PERSIST of a job entering Processing. Hangfire's state machine persists a job (its hash, state and history: three
/// calls) on every non-final state; a job reaches Processing only from Enqueued or Processing, and entering Enqueued
/// already persisted it (or it was created without an expiry, as Beat creates its jobs), so there is nothing to undo.
/// Counters' expiry refreshes and capped lists' trims are done only when due (<see cref="StorageUpkeep"/>). The commit
/// that ends a worker thread's run of its job also fetches the thread's next job (<see cref="JobPrefetches"/>). A state
/// is written as the library writes it, without its serializer (<see cref="JobStateWrites"/>).
/// </summary>
internal sealed class SchedulerRedisTransaction(JobStorageTransaction inner, StorageUpkeep upkeep, JobPrefetches? prefetches = null, HangfireKeys? keys = null)
    : ForwardingJobTransaction(inner)
{
    // The library's state writes without its serializer; null (the library's own) for a transaction it cannot see into.
    private readonly JobStateWrites? _states = JobStateWrites.For(inner, keys);
    private string? _processingJob;
    private string? _runEnded;
    private List<string>? _expiryRefreshed;

    public override void IncrementCounter(string key, TimeSpan expireIn)
    {
        if (!upkeep.ExpiryDue(key, expireIn))
        {
            base.IncrementCounter(key);
            return;
        }
        base.IncrementCounter(key, expireIn);
        (_expiryRefreshed ??= []).Add(key);
    }

    public override void TrimList(string key, int keepStartingFrom, int keepEndingAt)
    {
        if (upkeep.TrimDue(key)) base.TrimList(key, keepStartingFrom, keepEndingAt);
    }

    // A refresh counts only once it has landed: a transaction that never commits leaves its keys due.
    // A state that ends the run of the worker thread's own job: its next fetch goes in the same MULTI/EXEC, answered with
    // it (JobPrefetches; nothing is fetched for any other job or thread).
    public override void Commit()
    {
        if (_runEnded is not null) prefetches?.SendWithin(Inner, _runEnded);
        base.Commit();
        if (_expiryRefreshed is not null) upkeep.ExpiryRefreshed(_expiryRefreshed);
    }

    public override void SetJobState(string jobId, IState state)
    {
        if (state.Name == ProcessingState.StateName) _processingJob = jobId;
        else if (state.Name == SucceededState.StateName || state.Name == FailedState.StateName || state.Name == DeletedState.StateName) _runEnded = jobId;
        if (_states is null) base.SetJobState(jobId, state);
        else _states.SetJobState(jobId, state);
    }

    public override void AddJobState(string jobId, IState state)
    {
        if (_states is null) base.AddJobState(jobId, state);
        else _states.AddJobState(jobId, state);
    }

    public override void PersistJob(string jobId)
    {
        if (jobId != _processingJob) base.PersistJob(jobId);
    }
}
