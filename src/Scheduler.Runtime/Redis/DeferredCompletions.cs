using System.Collections.Concurrent;
using Hangfire.States;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// Jobs whose run is over and whose Hangfire Succeeded state and acknowledge wait to be applied together, after the
/// jobs still queued have started. Only an occurrence job (<see cref="MayDefer"/>: its run is in the run ledger, so a
/// delivery of it after a crash finds the run done) is deferred. A worker's state changer defers the change
/// (<see cref="TryDefer"/>) and Hangfire's worker then acknowledges the fetched job, which hands it over here
/// (<see cref="TryHandOver"/>) instead of removing it from its fetched list. A completion loop takes them
/// (<see cref="TakeAsync"/>) once a worker thread of this process found its queues empty (<see cref="QueuesEmpty"/>)
/// and none took a job for a moment after, when the oldest has waited its longest, or when many are waiting. Until
/// then a job stays Processing in its fetched list: a process that dies meanwhile leaves it to Beat's stranded-fetch
/// sweep, which queues it again, and the next delivery's claim finds the run done and ends it Succeeded, without
/// running it again.
/// </summary>
internal sealed class DeferredCompletions(TimeSpan longestWait, int mostWaiting, TimeSpan? idleFor = null)
{
    // An empty look counts once no job was taken for this long after it: while Beat is still firing a burst, the workers
    // catch up with it and look at empty queues between its batches.
    private readonly TimeSpan _idleFor = idleFor ?? TimeSpan.FromMilliseconds(20);

    /// <summary>A finished job waiting for its Succeeded state and its acknowledge.</summary>
    public sealed record Ready(string JobId, IState State, string Queue, string FetchedAt, long HandedOverAt, int Refusals = 0);

    private readonly ConcurrentDictionary<string, byte> _eligible = new(StringComparer.Ordinal);
    // Deferred by the state changer, not yet acknowledged by Hangfire's worker (the same thread, moments later).
    private readonly ConcurrentDictionary<string, IState> _deferred = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Ready> _ready = new();
    private readonly SemaphoreSlim _changed = new(0);
    private int _queuesEmpty, _stopping, _returned;
    private long _taken, _takenBeforeEmpty, _emptyAt;

    /// <summary>Jobs handed over and not yet taken by the loop.</summary>
    public int Waiting => _ready.Count;

    /// <summary>The body of <paramref name="jobId"/> runs an occurrence: its change to Succeeded may be deferred.</summary>
    public void MayDefer(string jobId) => _eligible[jobId] = 0;

    /// <summary>
    /// Defers <paramref name="state"/> of an occurrence job: true when the fetch's acknowledge will hand it over. Any
    /// other job, and every job once the worker is stopping (<see cref="Stop"/>), is left to be applied at once.
    /// </summary>
    public bool TryDefer(string jobId, IState state)
    {
        if (!_eligible.TryRemove(jobId, out _) || Volatile.Read(ref _stopping) == 1) return false;
        _deferred[jobId] = state;
        return true;
    }

    /// <summary>Called by the fetched job's acknowledge: true when its state was deferred, and the loop now acknowledges it.</summary>
    public bool TryHandOver(string jobId, string queue, string fetchedAt)
    {
        if (!_deferred.TryRemove(jobId, out var state)) return false;
        _ready.Enqueue(new Ready(jobId, state, queue, fetchedAt, Environment.TickCount64));
        if (_ready.Count >= mostWaiting) _changed.Release();
        return true;
    }

    /// <summary>A fetched job acknowledged or handed back without a deferred state: whatever was noted for it goes.</summary>
    public void Forget(string jobId)
    {
        _eligible.TryRemove(jobId, out _);
        _deferred.TryRemove(jobId, out _);
    }

    /// <summary>Completions taken and not applied (Redis away, a lock held elsewhere, a filter that refused): they wait again.</summary>
    public void Return(IEnumerable<Ready> notApplied)
    {
        foreach (var item in notApplied) _ready.Enqueue(item);
        // Due at the loop's next pass: it waits a second after a pass that gave completions back.
        Volatile.Write(ref _returned, 1);
        _changed.Release();
    }

    /// <summary>The worker is stopping: from now on a job's state is applied by its thread, and nothing waits here long.</summary>
    public void Stop() => Volatile.Write(ref _stopping, 1);

    /// <summary>A worker thread of this process took a job from a queue.</summary>
    public void JobTaken() => Interlocked.Increment(ref _taken);

    /// <summary>A worker thread found every queue empty: the waiting completions may go once no job is taken for a moment.</summary>
    public void QueuesEmpty()
    {
        if (_ready.IsEmpty) return;
        Volatile.Write(ref _takenBeforeEmpty, Volatile.Read(ref _taken));
        Volatile.Write(ref _emptyAt, Environment.TickCount64);
        Volatile.Write(ref _queuesEmpty, 1);
        _changed.Release();
    }

    /// <summary>
    /// Waits until the waiting completions are due (the queues found empty and no job taken for a moment after, the
    /// oldest waited its longest, or as many as the most allowed waiting) and takes them all; an empty list when
    /// <paramref name="cancellationToken"/> ends the wait.
    /// </summary>
    public async Task<List<Ready>> TakeAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = longestWait;
            if (_ready.TryPeek(out var oldest))
            {
                var waited = TimeSpan.FromMilliseconds(Environment.TickCount64 - oldest.HandedOverAt);
                if (Idle(out var idleWait) || waited >= longestWait || _ready.Count >= mostWaiting || Volatile.Read(ref _returned) == 1)
                {
                    Volatile.Write(ref _queuesEmpty, 0);
                    Volatile.Write(ref _returned, 0);
                    return TakeAll();
                }
                wait = idleWait < longestWait - waited ? idleWait : longestWait - waited;
            }
            await WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
        return [];
    }

    /// <summary>Everything waiting, for a stopping worker that applies it before it leaves.</summary>
    public List<Ready> TakeAll()
    {
        var taken = new List<Ready>(_ready.Count);
        while (_ready.TryDequeue(out var next)) taken.Add(next);
        return taken;
    }

    // Whether the queues were found empty and no job was taken since, for the idle time; if not yet, how long until then.
    // The flag stays set until a take: a later empty look renews the mark it is judged by.
    private bool Idle(out TimeSpan wait)
    {
        wait = TimeSpan.MaxValue;
        if (Volatile.Read(ref _queuesEmpty) == 0 || Volatile.Read(ref _taken) != Volatile.Read(ref _takenBeforeEmpty)) return false;
        var since = TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _emptyAt));
        if (since >= _idleFor) return true;
        wait = _idleFor - since;
        return false;
    }

    private async Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        // A wait under a millisecond would return at once and spin until the clock moves.
        if (wait < TimeSpan.FromMilliseconds(1)) wait = TimeSpan.FromMilliseconds(1);
        try { await _changed.WaitAsync(wait, cancellationToken).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
    }
}
