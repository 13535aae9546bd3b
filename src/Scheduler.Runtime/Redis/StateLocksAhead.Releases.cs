using System.Collections.Concurrent;

namespace Scheduler.Runtime.Redis;

internal sealed partial class StateLocksAhead
{
    // Long enough for a worker thread to go from the job's change to Processing to its claim under load; short enough that
    // a job whose next step carries no release (not an occurrence, or its claim never sent) frees its lock soon.
    private static readonly TimeSpan ReleaseDeferredAtMost = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentDictionary<string, HangfireRedisLock> _deferred = new(StringComparer.Ordinal);

    /// <summary>
    /// Releases <paramref name="held"/>, a state lock of <paramref name="jobId"/>, or, for a job this process holds
    /// fetched, leaves its release to the job's next step: a worker's claim of the occurrence carries it in its own script
    /// (<see cref="TakeRelease"/>), where a script of its own cost Redis about as much again as the claim's GETDEL. Any
    /// other step of the job on Redis gives it back first (<see cref="FlushRelease"/>), and so does a timer.
    /// </summary>
    internal void Release(string jobId, IDisposable held)
    {
        if (held is not HangfireRedisLock holding || !_fetched.ContainsKey(jobId))
        {
            held.Dispose();
            return;
        }
        FlushRelease(jobId);
        if (!_deferred.TryAdd(jobId, holding))
        {
            holding.Dispose();
            return;
        }
        if (!holding.TryDefer(due => GiveBackDeferred(jobId, due), ReleaseDeferredAtMost))
        {
            _deferred.TryRemove(KeyValuePair.Create(jobId, holding));
            holding.Dispose();
        }
    }

    /// <summary>The deferred release of <paramref name="jobId"/>'s state lock, for the caller's script to carry; null when none waits.</summary>
    public RidingLockRelease? TakeRelease(string jobId) =>
        _deferred.TryRemove(jobId, out var holding) && holding.HandOver() is { } lockRelease ? new(lockRelease.Key, lockRelease.Owner) : null;

    /// <summary>Releases a lock <see cref="TakeRelease"/> handed over whose script may not have run (the call failed), by the lock's own script.</summary>
    public void ReleaseAlone(RidingLockRelease lockRelease) => HangfireRedisLock.ReleaseTakenAhead(db, lockRelease.Key, lockRelease.Owner);

    /// <summary>Sends the deferred release of <paramref name="jobId"/>'s state lock now, ahead of the caller's next command for the job.</summary>
    internal void FlushRelease(string jobId)
    {
        if (_deferred.TryRemove(jobId, out var holding)) holding.Dispose();
    }

    private void GiveBackDeferred(string jobId, HangfireRedisLock holding)
    {
        if (_deferred.TryRemove(KeyValuePair.Create(jobId, holding))) holding.Dispose();
    }
}
