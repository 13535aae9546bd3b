using Scheduler.Runtime.Storage;

namespace Scheduler.Worker.Execution;

/// <summary>
/// The runs this worker holds: from just before it claims one until its outcome is written (or handed back). Advertised
/// by <see cref="HoldingBeacon"/> so Beat's reconciler leaves them alone, above all while an outcome waits for Redis.
/// </summary>
internal sealed class HeldRuns
{
    private readonly HeldIds _runs = new();

    /// <summary>Holds <paramref name="runId"/> until the result is disposed.</summary>
    public IDisposable Hold(string runId)
    {
        _runs.Add(runId);
        return new Release(_runs, runId);
    }

    public IReadOnlyCollection<string> RunIds => _runs.Ids;

    /// <summary>True when no run is held (every job body has written its outcome or handed its run back).</summary>
    public bool IsEmpty => _runs.IsEmpty;

    private sealed class Release(HeldIds runs, string runId) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) runs.Drop(runId);
        }
    }
}
