using System.Collections.Concurrent;

namespace Scheduler.Worker.Execution;

/// <summary>
/// The runs this worker holds: from just before it claims one until its outcome is written (or handed back). Advertised
/// by <see cref="HoldingBeacon"/> so Beat's reconciler leaves them alone, above all while an outcome waits for Redis.
/// </summary>
internal sealed class HeldRuns
{
    // A count, not a set: Hangfire may hand this worker the same job twice, and the later delivery waits for the earlier.
    private readonly ConcurrentDictionary<string, int> _runs = new(StringComparer.Ordinal);

    /// <summary>Holds <paramref name="runId"/> until the result is disposed.</summary>
    public IDisposable Hold(string runId)
    {
        _runs.AddOrUpdate(runId, 1, (_, n) => n + 1);
        return new Release(this, runId);
    }

    public IReadOnlyCollection<string> RunIds => [.. _runs.Keys];

    /// <summary>True when no run is held (every job body has written its outcome or handed its run back).</summary>
    public bool IsEmpty => _runs.IsEmpty;

    private void Drop(string runId)
    {
        while (_runs.TryGetValue(runId, out var n))
        {
            if (n <= 1 ? _runs.TryRemove(new KeyValuePair<string, int>(runId, n)) : _runs.TryUpdate(runId, n - 1, n)) return;
        }
    }

    private sealed class Release(HeldRuns owner, string runId) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) owner.Drop(runId);
        }
    }
}
