using Hangfire;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.Redis.StackExchange;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;
using Scheduler.Runtime.Jobs;
using Scheduler.Runtime.Redis;

namespace Scheduler.Beat.Firing;

/// <summary>
/// Creates many Hangfire jobs in one storage transaction, the way Hangfire's client creates one: the client filters'
/// <c>OnCreating</c> (which may add parameters or cancel), the job record, the initial state through Hangfire's state
/// machine (election and apply-state filters, state handlers), and after the commit the client filters'
/// <c>OnCreated</c>. Hangfire's client spends two transactions per job (the record with an expiry, then its state).
/// </summary>
/// <remarks>
/// The job record is written through the transaction's hash operation in the layout of Hangfire.Redis.StackExchange's
/// <c>CreateExpiredJob</c>, not through <c>IWriteOnlyTransaction.CreateJob</c>: in 1.12.0 that executes the transaction
/// once per job (one round trip each) and throws on a job without a queue. Without the expiry: the state applied in the
/// same transaction gives a job entering a final state its expiry, and one entering another state has none to undo
/// (<see cref="NewJobsTransaction"/> leaves out the state machine's PERSIST calls).
/// </remarks>
internal sealed partial class HangfireJobBatch(JobStorage storage, ILogger<HangfireJobBatch> logger)
{
    private static readonly MethodFilterCache Filters = new(JobFilterProviders.Providers);
    private readonly StateMachine _stateMachine = new(Filters);

    /// <summary>Whether the storage takes a batch in one transaction: Hangfire.Redis.StackExchange with transactions on.</summary>
    public bool Supported { get; } = storage is RedisStorage && storage.HasFeature(JobStorageFeatures.Transaction.CreateJob);

    // Scheduler's own Hangfire storage never declares LIFO queues; a storage someone else built might.
    private readonly HangfireKeys? _keys = (storage as SchedulerRedisStorage)?.Keys;
    private readonly InvocationSerializer _invocations = new();

    /// <summary>
    /// Creates each job in its initial state, all in one transaction. A job whose client filter threw in
    /// <c>OnCreating</c> is left out (nothing of it was written) for the caller to create through Hangfire's client.
    /// </summary>
    /// <exception cref="JobBatchAbandonedException">A filter threw while a job's state was applied: nothing was written.</exception>
    public BatchedJob[] Create(IReadOnlyList<(Job Job, IState State)> requests)
    {
        using var connection = storage.GetConnection();
        var pending = new PendingJob[requests.Count];
        using (var transaction = new NewJobsTransaction((JobStorageTransaction)connection.CreateWriteTransaction(), _keys))
        {
            for (var i = 0; i < requests.Count; i++)
                pending[i] = Write(connection, transaction, requests[i].Job, requests[i].State);
            transaction.Commit();
        }
        var results = new BatchedJob[pending.Length];
        for (var i = 0; i < pending.Length; i++) results[i] = Announce(pending[i]);
        return results;
    }

    private PendingJob Write(IStorageConnection connection, NewJobsTransaction transaction, Job job, IState state)
    {
        var context = new CreateContext(storage, connection, job, state, parameters: null);
        var creating = new CreatingContext(context);
        var notified = new List<IClientFilter>();
        foreach (var filter in Filters.GetFilters(job).Select(f => f.Instance).OfType<IClientFilter>())
        {
            try
            {
                filter.OnCreating(creating);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // As in Hangfire's client, the filters before it would hear of it in OnCreated and exception filters
                // could handle it: the caller creates this job through the client, which does all that.
                return new PendingJob(creating, notified, null, Threw: e);
            }
            // Hangfire tells the filters before a cancelling one (not that one) in OnCreated.
            if (creating.Canceled) return new PendingJob(creating, notified, null);
            notified.Add(filter);
        }

        var parameters = context.Parameters.ToDictionary(p => p.Key, p => SerializationHelper.Serialize(p.Value, SerializationOption.User));
        var createdAt = DateTime.UtcNow;
        var jobId = Guid.NewGuid().ToString();
        transaction.AddRecord(jobId, Record(job, parameters, createdAt));
        var backgroundJob = new BackgroundJob(jobId, job, createdAt, parameters);
        try
        {
            _stateMachine.ApplyState(new ApplyStateContext(storage, connection, transaction, backgroundJob, state, oldStateName: null));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Part of this job's state may already be in the transaction and cannot be taken out of it.
            throw new JobBatchAbandonedException(e);
        }
        return new PendingJob(context, notified, backgroundJob);
    }

    // Hangfire.Redis.StackExchange's job hash (RedisConnection.CreateExpiredJob), read back by its GetJobData.
    private Dictionary<string, string> Record(Job job, Dictionary<string, string> parameters, DateTime createdAt)
    {
        var invocation = _invocations.Serialize(job);
        var record = new Dictionary<string, string>(parameters)
        {
            { "Type", invocation.Type },
            { "Method", invocation.Method },
            { "ParameterTypes", invocation.ParameterTypes },
            { "Arguments", invocation.Arguments },
            { "CreatedAt", JobHelper.SerializeDateTime(createdAt) },
        };
        if (invocation.Queue is not null) record.Add("Queue", invocation.Queue);
        return record;
    }

    private BatchedJob Announce(PendingJob pending)
    {
        if (pending.Threw is { } threw) return new BatchedJob(null, threw);
        var created = new CreatedContext(pending.Context, pending.Job, canceled: pending.Job is null, exception: null);
        for (var i = pending.Notified.Count - 1; i >= 0; i--)
        {
            try
            {
                pending.Notified[i].OnCreated(created);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The job is committed and enqueued whatever a filter thinks of it now: the occurrence is fired.
                LogOnCreatedFailed(pending.Notified[i].GetType().Name, pending.Job?.Id, e.Message);
            }
        }
        return new BatchedJob(pending.Job?.Id, null);
    }

    private sealed record PendingJob(CreateContext Context, List<IClientFilter> Notified, BackgroundJob? Job, Exception? Threw = null);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hangfire client filter {Filter} failed in OnCreated of job {JobId}, which is enqueued: {Reason}")]
    private partial void LogOnCreatedFailed(string filter, string? jobId, string reason);
}
