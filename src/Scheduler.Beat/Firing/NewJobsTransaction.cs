using Hangfire.States;
using Hangfire.Storage;
using Scheduler.Runtime.Redis;

namespace Scheduler.Beat.Firing;

/// <summary>
/// The transaction a <see cref="HangfireJobBatch"/> writes its new jobs through: every operation passes to the storage's
/// own transaction except three. <see cref="SetJobState"/> of a job whose record came through <see cref="AddRecord"/>:
/// see there. <see cref="PersistJob"/>: Hangfire's state machine persists a job entering a non-final
/// state (PERSIST of its hash, history and state: three calls), undoing the expiry its client gives a job on creation;
/// a batched job is written without one, so there is nothing to undo. <see cref="AddToQueue"/>, when
/// the storage's keys are given: see there. (The storage's own transaction writes the history entry without Hangfire's
/// serializer: <see cref="JobStateWrites"/>.)
/// </summary>
internal sealed class NewJobsTransaction : ForwardingJobTransaction
{
    private readonly HashSet<string> _announced = new(StringComparer.Ordinal);
    private readonly HangfireKeys? _keys;
    private readonly StackExchange.Redis.ITransaction? _sent;
    private int _unannounced;
    private readonly Dictionary<string, Dictionary<string, string>> _records = new(StringComparer.Ordinal);

    /// <param name="inner">The storage's own transaction.</param>
    /// <param name="keys">The keys of a Scheduler storage (whose queues are all first-in first-out), to announce each queue
    /// once per batch on; null announces every job as Hangfire's client does.</param>
    public NewJobsTransaction(JobStorageTransaction inner, HangfireKeys? keys) : base(inner)
    {
        _sent = keys is null ? null : LibraryTransaction.Of(inner);
        _keys = _sent is null ? null : keys;
    }

    /// <summary>
    /// A new job's hash (Hangfire.Redis.StackExchange's <c>job:{id}</c> layout), written with its first state: the
    /// library's SetJobState sets the hash's <c>State</c> field (HSET) and deletes the state hash before writing it
    /// (UNLINK); for a job that did not exist a moment ago the field goes into the record's own HMSET and there is no
    /// state hash to delete. Two calls fewer per job, the same keys and fields.
    /// </summary>
    public void AddRecord(string jobId, Dictionary<string, string> record) => _records[jobId] = record;

    public override void SetJobState(string jobId, IState state)
    {
        if (!_records.Remove(jobId, out var record))
        {
            base.SetJobState(jobId, state);
            return;
        }
        record["State"] = state.Name;
        Inner.SetRangeInHash($"job:{jobId}", record);
        Inner.SetRangeInHash($"job:{jobId}:state", JobStateWrites.StateHash(state, state.SerializeData()));
        Inner.AddJobState(jobId, state);
    }

    /// <summary>Writes the records whose state was never set (a state machine that threw abandons the batch instead).</summary>
    public override void Commit()
    {
        foreach (var (jobId, record) in _records) Inner.SetRangeInHash($"job:{jobId}", record);
        _records.Clear();
        if (_unannounced > 0)
            _ = _sent!.PublishAsync(StackExchange.Redis.RedisChannel.Literal(_keys!.FetchChannel), FetchWakeUps.MoreJobs(_unannounced));
        base.Commit();
    }

    public override void PersistJob(string jobId) { }

    /// <summary>
    /// Hangfire.Redis.StackExchange's AddToQueue registers the queue (SADD), pushes the job (LPUSH) and publishes a
    /// wake-up to the fetching workers: three calls per job. In one batch the first job of a queue goes that way and
    /// the others are only pushed (the same LPUSH, through InsertToList); one more message, with the batch, counts them
    /// (<see cref="FetchWakeUps.MoreJobs"/>), so each fetching process wakes as many idle workers as there are jobs. The
    /// batch commits as one MULTI/EXEC, so a worker woken by either message finds every job of the batch in its list.
    /// Only for a storage whose queues are all first-in first-out (a LIFO queue is pushed with RPUSH).
    /// </summary>
    public override void AddToQueue(string queue, string jobId)
    {
        if (_keys is null || _announced.Add(queue))
        {
            Inner.AddToQueue(queue, jobId);
            return;
        }
        Inner.InsertToList($"queue:{queue}", jobId);
        _unannounced++;
    }
}
