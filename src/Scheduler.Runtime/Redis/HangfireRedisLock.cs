using System.Collections.Concurrent;
using Hangfire.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// A distributed lock in Hangfire.Redis.StackExchange's layout (a string key taken with <c>SET NX EX</c>, re-entrant on
/// the thread that holds it, its expiry slid while held), released by one compare-and-delete script. The library's
/// own lock releases through StackExchange.Redis's <c>LockRelease</c>, a WATCH/GET/MULTI/UNLINK/EXEC transaction:
/// Hangfire takes a job's lock for each of its state changes, so that is ten calls per job where this spends four.
/// Locks of either kind exclude each other: both take the same key only when it is free.
/// </summary>
internal sealed class HangfireRedisLock : IDisposable
{
    private static readonly TimeSpan HoldDuration = TimeSpan.FromSeconds(30);
    private static readonly string OwnerId = Guid.NewGuid().ToString();

    // KEYS: lock. ARGV: owner, hold ms. Deletes the lock only if it is still this owner's (it may have expired and been
    // taken): GETDEL is one call where GET and DEL are two, and the rare lock found taken by another holder is put back
    // inside the same script (nobody sees it missing) with a full hold, as that holder's next extension would give it.
    private const string ReleaseScript = """
        local owner = redis.call('GETDEL', KEYS[1])
        if not owner or owner == ARGV[1] then return owner and 1 or 0 end
        redis.call('SET', KEYS[1], owner, 'PX', ARGV[2])
        return 0
        """;
    internal static readonly RedisValue HoldMilliseconds = (long)HoldDuration.TotalMilliseconds;

    // Each take holds the key under a value of its own, so a release that comes late can only ever remove its own take:
    // a claim repeated after its first try landed (its reply lost) carries the release of a Processing lock again
    // (StateLocksAhead.TakeRelease), and under one value per process it would free the lock a later state change of the
    // same job here took meanwhile.
    internal static string NewOwner() => $"{OwnerId}:{Guid.NewGuid():N}";

    // The locks each thread holds. A lock remembers its thread's set, so a release on another thread (after an await)
    // still forgets it there; otherwise that thread would later take the key as already held, without locking.
    [ThreadStatic] private static ConcurrentDictionary<string, byte>? t_held;

    private readonly IDatabase _db;
    private readonly string _key;
    private readonly string _owner;
    private readonly ConcurrentDictionary<string, byte>? _heldBy;
    private readonly Timer? _slide;
    private int _disposed;
    // Set once the release is deferred (TryDefer): the timer then gives the lock back instead of sliding its hold.
    private Action<HangfireRedisLock>? _deferredDue;

    private HangfireRedisLock(IDatabase db, string key, bool holds, string? owner = null, TimeSpan? firstSlide = null)
    {
        _db = db;
        _key = key;
        _owner = owner ?? OwnerId;
        if (!holds) return;
        _heldBy = t_held ??= new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        _heldBy[key] = 0;
        _slide = new Timer(static state => ((HangfireRedisLock)state!).Tick(), this, firstSlide ?? HoldDuration / 2, HoldDuration / 2);
    }

    /// <summary>Takes <paramref name="key"/>, waiting up to <paramref name="timeout"/> with the library's back-off.</summary>
    /// <exception cref="DistributedLockTimeoutException">Another holder kept it for the whole timeout.</exception>
    public static IDisposable Acquire(IDatabase db, string key, TimeSpan timeout)
    {
        if (t_held?.ContainsKey(key) == true) return new HangfireRedisLock(db, key, holds: false);
        var owner = NewOwner();
        var deadline = DateTime.UtcNow + timeout;
        for (var attempt = 0; ; attempt++)
        {
            if (TakeOrGiveBack(db, key, owner)) return new HangfireRedisLock(db, key, holds: true, owner);
            var left = (int)(deadline - DateTime.UtcNow).TotalMilliseconds;
            if (left <= 0) throw new DistributedLockTimeoutException(key);
            Thread.Sleep(Math.Min(Random.Shared.Next(attempt * attempt, (attempt + 1) * (attempt + 1) + 1), left));
        }
    }

    /// <summary>
    /// Takes <paramref name="key"/> as <see cref="Acquire(IDatabase, string, TimeSpan)"/> does, and on the first try
    /// reads the hash <paramref name="alongside"/> in the same round trip, right after the lock is taken: what the
    /// holder reads first, read already under the lock. <paramref name="read"/> is null when the lock was held here
    /// already, was taken only on a later try, or the read failed (the holder then reads for itself).
    /// </summary>
    public static IDisposable Acquire(IDatabase db, string key, TimeSpan timeout, RedisKey alongside, out HashEntry[]? read)
    {
        read = null;
        if (t_held?.ContainsKey(key) == true) return new HangfireRedisLock(db, key, holds: false);
        var owner = NewOwner();
        var taking = db.StringSetAsync(key, owner, HoldDuration, When.NotExists);
        var reading = db.HashGetAllAsync(alongside);
        bool taken;
        try
        {
            taken = taking.GetAwaiter().GetResult();
        }
        catch
        {
            TaskFaults.Observe(reading);
            GiveBackUnanswered(db, key, owner);
            throw;
        }

        if (!taken)
        {
            TaskFaults.Observe(reading);
            return Acquire(db, key, timeout);
        }

        // Once the lock is held it must reach the caller, whose using releases it: any failure of the read leaves the
        // holder to read for itself, and that read reports it. A throw here would leave a held lock its timer slides on.
        var held = new HangfireRedisLock(db, key, holds: true, owner);
        try { read = reading.GetAwaiter().GetResult(); }
        catch (Exception) { read = null; }
        return held;
    }

    private static bool TakeOrGiveBack(IDatabase db, string key, string owner)
    {
        try { return db.StringSet(key, owner, HoldDuration, When.NotExists); }
        catch
        {
            GiveBackUnanswered(db, key, owner);
            throw;
        }
    }

    // A take that never answered (the client timed out, the connection dropped) may still have run: the lock would then
    // be held by no one for its whole hold, and every state change of the job would wait that long. Its owner value is
    // this take's alone, so the give-back removes it and no other holder's lock.
    private static void GiveBackUnanswered(IDatabase db, string key, string owner)
    {
        try { ReleaseTakenAhead(db, key, owner); }
        catch (Exception e) when (e is RedisException or ObjectDisposedException) { }
    }

    /// <summary>
    /// Sends <paramref name="key"/>'s <c>SET NX</c> without waiting, under an owner value of its own
    /// (<paramref name="owner"/>): the lock is then held by this process and by no thread yet, until <see cref="Adopt"/>
    /// hands it to the thread that uses it or <see cref="ReleaseTakenAhead"/> gives it back. The value of its own lets a
    /// give-back whose take never answered (Redis stalled past the client's time-out) remove this lock and no other
    /// holder's of this process. Its hold is not slid before adoption (<see cref="StateLocksAhead"/> keeps the gap short; a
    /// lock never adopted expires as any holder's that stops renewing it).
    /// </summary>
    internal static Task<bool> TakeAhead(IDatabase db, string key, out string owner)
    {
        owner = NewOwner();
        return db.StringSetAsync(key, owner, HoldDuration, When.NotExists);
    }

    /// <summary>
    /// A lock taken ahead (<see cref="TakeAhead"/>, or by a job's fetch), now held by the calling thread as
    /// <see cref="Acquire(IDatabase, string, TimeSpan)"/> would hold it; one taken with a shorter hold is first extended
    /// after <paramref name="firstSlide"/>, within what is left of it.
    /// </summary>
    internal static IDisposable Adopt(IDatabase db, string key, string owner, TimeSpan? firstSlide = null) =>
        new HangfireRedisLock(db, key, holds: true, owner, firstSlide);

    // KEYS: lock. ARGV: owner. Deletes the lock only if it is this owner's, and leaves any other holder's as it is (its
    // expiry too): a give-back is of a take that may not have taken the lock at all, unlike a holder's release.
    private const string GiveBackScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    /// <summary>
    /// Gives back a lock <see cref="TakeAhead"/> (or a take whose answer was lost) took, if it did, while it is still
    /// <paramref name="owner"/>'s; another holder's lock keeps its expiry (a fetch's short one lapses as it should).
    /// </summary>
    internal static void ReleaseTakenAhead(IDatabase db, string key, string owner) =>
        UnawaitedScript.Send(db, GiveBackScript, [key], [owner]);

    /// <summary>
    /// Leaves this lock held after its holder is done, for a script of the job's next step to release in its own call
    /// (<see cref="HandOver"/>); <paramref name="due"/> runs if none has by <paramref name="after"/>. The thread no longer
    /// holds it: a later take of the key there takes it anew (after the owner of the deferral has given it back).
    /// </summary>
    internal bool TryDefer(Action<HangfireRedisLock> due, TimeSpan after)
    {
        if (_slide is null || Volatile.Read(ref _disposed) == 1) return false;
        _heldBy?.TryRemove(_key, out _);
        Volatile.Write(ref _deferredDue, due);
        try { _slide.Change(after, Timeout.InfiniteTimeSpan); }
        catch (ObjectDisposedException) { return false; }
        return true;
    }

    /// <summary>The key and owner value a script releases this lock by (as <see cref="ReleaseScript"/> does); null once released.</summary>
    internal (string Key, string Owner)? HandOver()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return null;
        _slide?.Dispose();
        _heldBy?.TryRemove(_key, out _);
        return (_key, _owner);
    }

    private void Tick()
    {
        // A timer callback must not throw (it would end the process): a give-back that fails leaves a lock that expires.
        if (Volatile.Read(ref _deferredDue) is { } due)
        {
            try { due(this); }
            catch (Exception e) when (e is RedisException or ObjectDisposedException) { }
        }
        else Slide();
    }

    private void Slide()
    {
        // Rare (a hold past 15 s), so the transaction that checks the owner is fine here. A timer callback must not
        // throw (it would end the process): a failed extension is tried again at the next tick, and a lock never
        // extended expires as any holder's that stops renewing it.
        try { if (Volatile.Read(ref _disposed) == 0) _db.LockExtend(_key, _owner, HoldDuration); }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException) { }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1 || _slide is null) return;
        _slide.Dispose();
        _heldBy?.TryRemove(_key, out _);
        // Not waited for: the holder's writes were answered before this, and its later commands (the next state change's
        // SET NX) follow it on the same connection; a release lost with the connection leaves a lock that expires.
        UnawaitedScript.Send(_db, ReleaseScript, [_key], [_owner, HoldMilliseconds]);
    }
}
