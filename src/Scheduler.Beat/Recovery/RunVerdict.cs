namespace Scheduler.Beat.Recovery;

/// <summary>What <see cref="RunReconciler"/> makes of one run in the in-flight ledger.</summary>
internal enum RunVerdict
{
    /// <summary>Its worker stopped heart-beating: the orphaned-run watchdog's, which counts the loss.</summary>
    WorkerDead,

    /// <summary>Began less than the grace period ago: its worker and Hangfire may still be moving it on.</summary>
    Recent,

    /// <summary>Its live worker says it holds it (running, or its outcome waits for Redis): the worker writes the outcome.</summary>
    Held,

    /// <summary>Nothing says its worker let it go (no advertisement newer than the claim): left to the worker.</summary>
    Healthy,

    /// <summary>
    /// Drop the entry only: its Hangfire job is waiting to be delivered again and its worker no longer holds it; left
    /// in the ledger, the next delivery would take it for a run in progress elsewhere.
    /// </summary>
    Release,

    /// <summary>
    /// Re-queue its Hangfire job: its live worker advertises that it no longer holds the run and the job is not waiting
    /// to be delivered again (processing elsewhere, succeeded, failed, deleted, expired or missing), so nothing will
    /// ever finish it.
    /// </summary>
    Requeue,
}
