using System.Collections.Concurrent;
using Hangfire.States;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// Jobs whose run is over and whose Hangfire Succeeded state and acknowledge wait to be applied together, after the
/// jobs still queued have started. A worker's state changer defers the change (<see cref="TryDefer"/>) and Hangfire's
/// worker then acknowledges the fetched job, which hands it over here (<see cref="TryHandOver"/>) instead of removing it
/// from its fetched list. A completion loop takes them (<see cref="TakeAsync"/>) once no worker thread of this process
/// found a job waiting (<see cref="QueuesEmpty"/>), when the oldest has waited its longest, or when many are waiting.
/// Until then a job stays Processing in its fetched list, its run already recorded: a process that dies meanwhile leaves
/// it to Beat's stranded-fetch sweep, which queues it again, and the next delivery's claim finds the run done and ends it
/// Succeeded, without running it again.
/// </summary>
internal sealed class DeferredCompletions(TimeSpan longestWait, int mostWaiting)
{
    /// <summary>A finished job waiting for its Succeeded state and its acknowledge.</summary>
    public sealed record Ready(string JobId, IState State, string Queue, string FetchedAt, long HandedOverAt);

    // Deferred by the state changer, not yet acknowledged by Hangfire's worker (the same thread, moments later).
    private readonly ConcurrentDictionary<string, IState> _deferred = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Ready> _ready = new();
    private readonly SemaphoreSlim _changed = new(0);
    private int _queuesEmpty;

    /// <summary>How long a completion waits at most while jobs keep starting.</summary>
    public TimeSpan LongestWait => longestWait;

    /// <summary>Jobs handed over and not yet taken by the loop.</summary>
    public int Waiting => _ready.Count;

    /// <summary>
    /// Defers <paramref name="state"/> of a job fetched by this process: true when the fetch's acknowledge will hand it
    /// over. A job another process fetched (a state change made by hand through this storage) is not deferred.
    /// </summary>
    public bool TryDefer(string jobId, IState state, Func<string, bool> fetchedHere)
    {
        if (!fetchedHere(jobId)) return false;
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

    /// <summary>A fetched job handed back unacknowledged: a state deferred for it is dropped with it.</summary>
    public void Forget(string jobId) => _deferred.TryRemove(jobId, out _);

    /// <summary>A worker thread found every queue empty: the waiting completions may go now.</summary>
    public void QueuesEmpty()
    {
        if (_ready.IsEmpty || Interlocked.Exchange(ref _queuesEmpty, 1) == 1) return;
        _changed.Release();
    }

    /// <summary>
    /// Waits until the waiting completions are due (a worker found its queues empty, the oldest has waited
    /// <see cref="LongestWait"/>, or as many as the most allowed are waiting) and takes them all; an empty list when
    /// <paramref name="cancellationToken"/> ends the wait.
    /// </summary>
    public async Task<List<Ready>> TakeAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (_ready.TryPeek(out var oldest))
            {
                var waited = TimeSpan.FromMilliseconds(Environment.TickCount64 - oldest.HandedOverAt);
                if (Interlocked.Exchange(ref _queuesEmpty, 0) == 1 || waited >= longestWait || _ready.Count >= mostWaiting) return TakeAll();
                await WaitAsync(longestWait - waited, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Volatile.Write(ref _queuesEmpty, 0);
                await WaitAsync(longestWait, cancellationToken).ConfigureAwait(false);
            }
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

    private async Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        try { await _changed.WaitAsync(wait, cancellationToken).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
    }
}
