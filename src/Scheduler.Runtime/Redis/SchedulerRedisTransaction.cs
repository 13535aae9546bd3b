using Hangfire.States;
using Hangfire.Storage;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// The storage transaction of <see cref="SchedulerRedisConnection"/>: Hangfire.Redis.StackExchange's, without the
/// PERSIST of a job entering Processing. Hangfire's state machine persists a job (its hash, state and history: three
/// calls) on every non-final state; a job reaches Processing only from Enqueued or Processing, and entering Enqueued
/// already persisted it (or it was created without an expiry, as Beat creates its jobs), so there is nothing to undo.
/// </summary>
internal sealed class SchedulerRedisTransaction(JobStorageTransaction inner) : ForwardingJobTransaction(inner)
{
    private string? _processingJob;

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
