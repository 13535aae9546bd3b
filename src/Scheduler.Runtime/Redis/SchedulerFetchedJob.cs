using Hangfire;
using Hangfire.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// A job a worker took from a queue, as Hangfire.Redis.StackExchange's <c>RedisFetchedJob</c> but acknowledged in one
/// script: the library reads the job's <c>Fetched</c> time, then in a transaction removes the id from the fetched list
/// and publishes a wake-up on the fetch channel (six calls), which wakes every idle worker of every process to find an
/// empty queue. A finished job adds no work, so this acknowledges without it. Hand-backs (<see cref="Requeue"/>, and a
/// job disposed unacknowledged) stay the library's: they push the job back and wake the workers.
/// </summary>
internal sealed class SchedulerFetchedJob(IFetchedJob inner, IDatabase db, string jobKey, string fetchedListKey, string? fetchedAt) : IFetchedJob
{
    // KEYS: job hash, fetched list. ARGV: job id, the Fetched time this fetch wrote. Only this fetch's entry leaves the
    // list: if the fetched-jobs watcher handed the job back and another worker took it since, Fetched is that worker's.
    private const string AcknowledgeScript = """
        if (redis.call('HGET', KEYS[1], 'Fetched') or '') == ARGV[2] then
          redis.call('LREM', KEYS[2], -1, ARGV[1])
          redis.call('HDEL', KEYS[1], 'Fetched', 'Checked')
        end
        return 0
        """;

    private bool _done;

    public string JobId => inner.JobId;

    public void RemoveFromQueue()
    {
        db.ScriptEvaluate(AcknowledgeScript, [jobKey, fetchedListKey], [JobId, fetchedAt ?? ""]);
        _done = true;
    }

    public void Requeue()
    {
        inner.Requeue();
        _done = true;
    }

    public void Dispose()
    {
        if (!_done) Requeue();
    }
}
