using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

internal sealed partial class JobPrefetches
{
    /// <summary>
    /// A fetched job's state lock, taken by its fetch (<see cref="FetchFirstScript"/>) under <paramref name="Owner"/>, with
    /// the job as read right after (<paramref name="Read"/>): Hangfire's worker takes that lock and reads the job next, for
    /// its change to Processing, and adopts both instead of asking (<see cref="StateLocksAhead.TakenWithFetch"/>).
    /// </summary>
    /// <param name="SentAt">When the fetch was sent (<see cref="Environment.TickCount64"/>): the lock's hold runs from then.</param>
    internal sealed record FetchedLock(string Owner, HashEntry[] Read, long SentAt);

    /// <summary>
    /// The calling thread's fetch when it fetched nothing ahead: the first of <paramref name="queues"/> with a job, in one
    /// script with the job's state lock and read; null when every queue is empty.
    /// </summary>
    public (string JobId, string Queue, FetchedLock? Locked)? FetchNow(string[] queues)
    {
        var (args, lockOwner) = FetchArguments();
        var sentAt = Environment.TickCount64;
        RedisResult reply;
        try { reply = _db.ScriptEvaluate(FetchFirstScript, ListsOf(queues), args); }
        catch (Exception e) when (Unanswered(e))
        {
            HandBackUnanswered(queues, lockOwner);
            throw;
        }
        return Taken(reply, queues, lockOwner, sentAt);
    }

    /// <summary>
    /// How long a state lock a fetch took holds before it is adopted: shorter than a state change's 30 s, so that the lock
    /// of a job fetched by a worker killed before its change to Processing has lapsed by the time Beat finds the worker
    /// dead (15 s) and queues the job again. Adopted, it is extended as the state change holds it.
    /// </summary>
    public static readonly TimeSpan FetchLockHold = TimeSpan.FromSeconds(10);
    private static readonly RedisValue FetchLockHoldMs = (long)FetchLockHold.TotalMilliseconds;

    // The fetch script's arguments, with the owner value its state lock is taken under (one of its own per take, as
    // HangfireRedisLock takes each: a late release can only remove its own take).
    private (RedisValue[] Args, string LockOwner) FetchArguments()
    {
        var lockOwner = HangfireRedisLock.NewOwner();
        return ([_jobPrefix, lockOwner, FetchLockHoldMs], lockOwner);
    }

    private static (string JobId, string Queue, FetchedLock? Locked)? Taken(RedisResult reply, string[] queues, string lockOwner, long sentAt)
    {
        if (reply.IsNull) return null;
        var fields = (RedisResult[])reply!;
        var jobId = (string)fields[1]!;
        var queue = queues[(int)fields[0]];
        if (fields.Length < 3) return (jobId, queue, null);
        var flat = (RedisResult[])fields[2]!;
        var read = new HashEntry[flat.Length / 2];
        for (var i = 0; i < read.Length; i++) read[i] = new HashEntry((RedisValue)flat[2 * i], (RedisValue)flat[2 * i + 1]);
        return (jobId, queue, new FetchedLock(lockOwner, read, sentAt));
    }
}
