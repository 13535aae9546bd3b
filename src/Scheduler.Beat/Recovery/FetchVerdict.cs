namespace Scheduler.Beat.Recovery;

/// <summary>What <see cref="StrandedFetchSweeper"/> makes of one job in a queue's fetched list.</summary>
internal enum FetchVerdict
{
    /// <summary>
    /// Re-queue: still "Enqueued", fetched (or, with no fetch time, first seen) before the cutoff: its worker died between
    /// fetching it and starting it, or never heard that it had fetched it.
    /// </summary>
    NeverStarted,

    /// <summary>
    /// Re-queue: "Processing" on a worker that stopped heart-beating before recording the run in the in-flight ledger,
    /// so the orphaned-run watchdog cannot see it; or "Processing" naming no server (a stopping worker handed it back,
    /// and the worker that fetched it next died before moving it to Processing).
    /// </summary>
    Abandoned,

    /// <summary>Fetched or started since the cutoff: its worker may still be moving it on.</summary>
    Recent,

    /// <summary>No fetch time and not yet seen so before the cutoff: the sweep dates it ("Checked") and judges it next time.</summary>
    Untimed,

    /// <summary>Any other state (succeeded, failed, deleted...): a leftover the next worker to fetch it drops.</summary>
    NotStranded,

    /// <summary>Its run is in the in-flight ledger: the orphaned-run watchdog recovers it and counts the lost attempt.</summary>
    InFlight,

    /// <summary>Started by a Hangfire server that is not one of our processes: left to Hangfire's own watcher.</summary>
    ForeignServer,

    /// <summary>The process that started it still heart-beats.</summary>
    WorkerAlive,
}
