using Hangfire.States;
using Hangfire.Storage;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// The storage transaction of <see cref="SchedulerRedisConnection"/>: Hangfire.Redis.StackExchange's, without the
/// PERSIST of a job entering Processing. Hangfire's state machine persists a job (its hash, state and history: three
/// calls) on every non-final state; a job reaches Processing only from Enqueued or Processing, and entering Enqueued
/// already persisted it (or it was created without an expiry, as Beat creates its jobs), so there is nothing to undo.
/// Counters' expiry refreshes and capped lists' trims are done only when due (<see cref="StorageUpkeep"/>).
/// </summary>
internal sealed class SchedulerRedisTransaction(JobStorageTransaction inner, StorageUpkeep upkeep) : ForwardingJobTransaction(inner)
{
    private string? _processingJob;
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
    public override void Commit()
    {
        base.Commit();
        if (_expiryRefreshed is not null) upkeep.ExpiryRefreshed(_expiryRefreshed);
    }

    public override void SetJobState(string jobId, IState state)
    {
        if (state.Name == ProcessingState.StateName) _processingJob = jobId;
        base.SetJobState(jobId, state);
    }

    public override void PersistJob(string jobId)
    {
        if (jobId != _processingJob) base.PersistJob(jobId);
    }
}
