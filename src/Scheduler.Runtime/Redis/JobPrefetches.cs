using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Hangfire.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// A worker's next fetch sent inside its job's final state change. Hangfire's worker commits the job's last state, waits
/// for the answer, acknowledges the job and then fetches the next one: two waits on Redis in a row. The worker thread's
/// <see cref="SchedulerRedisTransaction"/> adds that fetch (the library's RPOPLPUSH, of the first of the worker's queues
/// that has a job, in one script) to the commit's MULTI/EXEC (<see cref="SendWithin"/>), so one answer brings both, and
/// the thread's next <see cref="SchedulerRedisConnection.FetchNextJob"/> adopts the job (<see cref="TryAdopt"/>) instead of asking again;
/// a commit that fails fetches nothing. A fetch ahead belongs to the thread that sent it; one no fetch adopted within
/// <see cref="Hold"/> (the worker stopped, or its thread left the loop) is handed back to its queue, and
/// <see cref="HandBackAll"/> does so at once when the worker server stops. A process that dies holding one leaves a job
/// without a fetch time in the fetched list, which Beat's stranded-fetch sweep re-queues (as for a fetch whose answer
/// was lost). A fetch ahead that found every queue empty says after which announcement it looked
/// (<see cref="FetchSignal.Generation"/>, read before the commit was sent), so the thread's next fetch need not look
/// again before the next announcement. Every fetch, ahead or not (<see cref="FetchNow"/>), also takes the job's state lock
/// and reads the job, which Hangfire's worker asks for next, for its change to Processing: it adopts both
/// (<see cref="StateLocksAhead.TakenWithFetch"/>), one wait fewer per job; a job handed back gives its lock back.
/// </summary>
internal sealed partial class JobPrefetches : IDisposable
{
    // KEYS: each of the worker's queues followed by its fetched list, in the worker's order. ARGV: the job keys' prefix, an
    // owner value, the lock's hold in ms. The library's fetch of the first queue with a job, and the job's state lock with
    // the job read under it, which Hangfire's worker asks for next (its change to Processing): {index of that queue, job
    // id, the job's fields} or, the lock held by another, {index, job id}; nil when every queue is empty.
    private const string FetchFirstScript = """
        for i = 1, #KEYS, 2 do
          local id = redis.call('RPOPLPUSH', KEYS[i], KEYS[i + 1])
          if id then
            local job = ARGV[1] .. id
            if redis.call('SET', job .. ':state-lock', ARGV[2], 'PX', ARGV[3], 'NX') then
              return {(i - 1) / 2, id, redis.call('HGETALL', job)}
            end
            return {(i - 1) / 2, id}
          end
        end
        return false
        """;

    // Inside MULTI/EXEC StackExchange.Redis sends a script's body every time (a NOSCRIPT there cannot be sent again), and
    // Redis hashes that body on every EVAL: about 1.6 % of its instructions per task in a replay (bench README, "Forty-sixth
    // pass"). So the fetch goes by SHA once an EVAL of it has answered on this connection's Redis, and with its body again
    // after a NOSCRIPT (a flushed script cache, a restart, a failover): that fetch ahead took nothing, and the thread's
    // next fetch looks on its own.
    private static readonly byte[] FetchFirstSha = SHA1.HashData(Encoding.UTF8.GetBytes(FetchFirstScript));
    private volatile bool _fetchCached;

    /// <summary>How long a fetch ahead waits for its thread's next fetch before it is handed back.</summary>
    public static readonly TimeSpan Hold = TimeSpan.FromSeconds(2);

    // The worker thread's fetch ahead, in a slot its current job's record also names, so that a write of that job made on
    // another thread (its outcome, SendBehind) can send it.
    [ThreadStatic] private static Slot? t_slot;
    [ThreadStatic] private static Current? t_current;

    private sealed class Slot
    {
        public volatile Ahead? Ahead;
    }

    private static Ahead? OwnAhead
    {
        get => t_slot?.Ahead;
        set => (t_slot ??= new Slot()).Ahead = value;
    }

    private readonly IDatabase _db;
    private readonly HangfireKeys _keys;
    private readonly string _jobPrefix;
    private readonly long _holdMs;
    private readonly TimeSpan _answerWait;
    private readonly Func<long>? _announcements;
    private readonly ConcurrentDictionary<Ahead, byte> _outstanding = new();
    private readonly ConcurrentDictionary<string, Current> _running = new(StringComparer.Ordinal);
    private readonly Timer _sweep;

    /// <param name="announcements">The fetch announcements seen so far (<see cref="FetchSignal.Generation"/>); without it a fetch ahead that finds nothing says nothing more.</param>
    public JobPrefetches(IDatabase db, HangfireKeys keys, TimeSpan? hold = null, Func<long>? announcements = null)
    {
        _db = db;
        _announcements = announcements;
        _answerWait = TimeSpan.FromMilliseconds(Math.Max(1000, db.Multiplexer.TimeoutMilliseconds));
        _keys = keys;
        _jobPrefix = keys.Job("");
        _holdMs = (long)(hold ?? Hold).TotalMilliseconds;
        var period = TimeSpan.FromMilliseconds(Math.Max(50, _holdMs / 2));
        // The timer holds this weakly: a storage nobody uses any more (tests make many) is not kept alive by its sweep.
        var sweeper = new Sweeper(new WeakReference<JobPrefetches>(this));
        _sweep = sweeper.Timer = new Timer(static state => ((Sweeper)state!).Tick(), sweeper, period, period);
    }

    private sealed class Sweeper(WeakReference<JobPrefetches> target)
    {
        public Timer? Timer;

        public void Tick()
        {
            if (target.TryGetTarget(out var prefetches)) prefetches.HandBackStale();
            else Timer?.Dispose();
        }
    }

    private sealed class Ahead(JobPrefetches owner, string[] queues, Task<RedisResult> fetch, long? announcedBefore, string lockOwner)
    {
        /// <summary>The owner value the fetch's state lock was taken under.</summary>
        public string LockOwner => lockOwner;
        private int _state; // 0 waiting, 1 adopted, 2 handed back

        public JobPrefetches Owner => owner;
        public string[] Queues => queues;
        public Task<RedisResult> Fetch => fetch;
        public long? AnnouncedBefore => announcedBefore;
        public long SentAt { get; } = Environment.TickCount64;
        public bool Claim(int state) => Interlocked.CompareExchange(ref _state, state, 0) == 0;
    }

    private sealed record Current(JobPrefetches Owner, string JobId, string[] Queues, Slot Slot);

    /// <summary>Jobs fetched ahead and not yet adopted or handed back.</summary>
    public int Outstanding => _outstanding.Count;

    /// <summary>The calling worker thread took <paramref name="jobId"/> from one of <paramref name="queues"/> (its queues, in order).</summary>
    public void Fetched(string jobId, string[] queues)
    {
        var current = t_current = new Current(this, jobId, queues, t_slot ??= new Slot());
        // Two deliveries of one job in this process: a write of the job cannot tell which thread's it is, so neither
        // thread's next fetch is sent behind one (SendBehind); each still rides its own commit.
        if (!_running.TryAdd(jobId, current)) _running.TryRemove(jobId, out _);
    }

    /// <summary>The calling thread's fetched job was acknowledged or handed back: its final state change is behind it.</summary>
    public void Settled(string jobId)
    {
        if (t_current is not { } current || current.Owner != this || current.JobId != jobId) return;
        t_current = null;
        _running.TryRemove(KeyValuePair.Create(jobId, current));
    }

    /// <summary>
    /// Adds the calling worker thread's next fetch to <paramref name="commit"/> (the library's transaction, about to be
    /// executed) if <paramref name="jobId"/> is the job the thread is running (a state that ends its run is being
    /// committed) and it has no fetch ahead already.
    /// </summary>
    public void SendWithin(JobStorageTransaction commit, string jobId)
    {
        if (t_current is not { } current || current.Owner != this || current.JobId != jobId) return;
        if (_closed || HasOutstanding(current)) return;
        if (LibraryTransaction.Of(commit) is not { } transaction) return;
        // Read before the commit is sent: a job queued after the fetch ahead looked is announced after this.
        var announced = _announcements?.Invoke();
        var bySha = _fetchCached;
        var (args, lockOwner) = FetchArguments();
        var fetch = bySha
            ? transaction.ScriptEvaluateAsync(FetchFirstSha, ListsOf(current.Queues), args)
            : transaction.ScriptEvaluateAsync(FetchFirstScript, ListsOf(current.Queues), args);
        Outstand(current, new Ahead(this, current.Queues, fetch, announced, lockOwner));
    }

    private bool HasOutstanding(Current current) => current.Slot.Ahead is { } previous && previous.Owner == this && _outstanding.ContainsKey(previous);

    private void Outstand(Current current, Ahead ahead)
    {
        ahead.Fetch.ContinueWith(static (answer, state) => ((Ahead)state!).Owner.Answered(answer, (Ahead)state!), ahead, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _outstanding.TryAdd(ahead, 0);
        current.Slot.Ahead = ahead;
    }

    private void Answered(Task<RedisResult> fetch, Ahead ahead)
    {
        if (fetch.IsCompletedSuccessfully) _fetchCached = true;
        else if (fetch.Exception?.GetBaseException() is RedisServerException e && e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal)) _fetchCached = false;
        else if (fetch.Exception?.GetBaseException() is { } lost && Unanswered(lost)) HandBackUnanswered(ahead.Queues, ahead.LockOwner);
    }

    // Hangfire's worker passes the same queue array to every fetch: its keys are built once, not for every job.
    private sealed record QueueLists(string[] Queues, RedisKey[] Keys);
    private volatile QueueLists? _lists;

    private RedisKey[] ListsOf(string[] queues)
    {
        if (_lists is { } known && ReferenceEquals(known.Queues, queues)) return known.Keys;
        var keys = queues.SelectMany(queue => new RedisKey[] { _keys.Queue(queue), _keys.Fetched(queue) }).ToArray();
        _lists = new QueueLists(queues, keys);
        return keys;
    }

    /// <summary>
    /// The job the calling thread fetched ahead and the queue it came from, waiting for the answer if need be; null when
    /// it fetched nothing ahead, every queue was empty, the fetch failed or the job was handed back already. When the
    /// fetch ahead looked at exactly <paramref name="queues"/> and found them all empty, <paramref name="emptyAfter"/> is
    /// the announcement count read before it looked (else null): any job queued since was announced after it.
    /// </summary>
    public string? TryAdopt(string[] queues, out string queue, out long? emptyAfter, out FetchedLock? locked)
    {
        queue = "";
        emptyAfter = null;
        locked = null;
        if (OwnAhead is not { } ahead || ahead.Owner != this) return null;
        OwnAhead = null;
        // A commit that threw before it was sent leaves its fetch unanswered for good: not waited for past the client's
        // own time-out, and handed back should it answer after all.
        try
        {
            if (!ahead.Fetch.Wait(_answerWait))
            {
                HandBack(ahead);
                return null;
            }
        }
        catch (AggregateException) { }
        _outstanding.TryRemove(ahead, out _);
        if (!ahead.Claim(1) || !ahead.Fetch.IsCompletedSuccessfully) return null;
        if (Taken(ahead) is not { } taken)
        {
            if (ahead.Queues.AsSpan().SequenceEqual(queues)) emptyAfter = ahead.AnnouncedBefore;
            return null;
        }
        queue = taken.Queue;
        locked = taken.Locked;
        return taken.JobId;
    }

    // The job a fetch ahead that answered took, from which of its queues, and its state lock if the fetch took it; null
    // when every queue was empty.
    private static (string JobId, string Queue, FetchedLock? Locked)? Taken(Ahead ahead) =>
        Taken(ahead.Fetch.Result, ahead.Queues, ahead.LockOwner, ahead.SentAt);

    public void Dispose() => _sweep.Dispose();
}
