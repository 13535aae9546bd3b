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
    /// so the orphaned-run watchdog cannot see it (a Hangfire server not ours: one gone from Hangfire's list of servers);
    /// or "Processing" naming no server (a stopping worker handed it back,
    /// and the worker that fetched it next died before moving it to Processing).
    /// </summary>
    Abandoned,

    /// <summary>Fetched or started since the cutoff: its worker may still be moving it on.</summary>
    Recent,

    /// <summary>No fetch time and not dated yet: the sweep dates it ("Checked") and judges it by that date next time.</summary>
    Untimed,

    /// <summary>
    /// Drop from the fetched list: any other state (succeeded, failed, deleted...), fetched before the cutoff. Its worker
    /// died between the job's last state change and the acknowledgement; a job queued again has its own queue entry.
    /// </summary>
    Leftover,

    /// <summary>Drop from the fetched list once a second sweep finds it so: the job's hash is gone (expired or deleted).</summary>
    Gone,

    /// <summary>Its run is in the in-flight ledger: the orphaned-run watchdog recovers it and counts the lost attempt.</summary>
    InFlight,

    /// <summary>
    /// Re-queue: "Processing" on a worker that still heart-beats but, long after it fetched the job, no longer says it
    /// holds it (<see cref="Runtime.Storage.WorkerHolding.JobIds"/>): the job's final state change was made and then lost
    /// (a failover to a replica that had not received it), or its hand-back never reached Redis. Nothing else would
    /// ever move it on while that worker lives.
    /// </summary>
    Unheld,

    /// <summary>
    /// The process that started it still heart-beats; for a Hangfire server that is not one of our processes, Hangfire's
    /// list of servers still has it (its watchdog removes a server that stopped heart-beating).
    /// </summary>
    WorkerAlive,
}
