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

    /// <summary>Its Hangfire job is processing and nothing says its worker let it go.</summary>
    Healthy,

    /// <summary>
    /// Drop the entry only: its Hangfire job is waiting to be delivered again and its worker no longer holds it; left
    /// in the ledger, the next delivery would take it for a run in progress elsewhere.
    /// </summary>
    Release,

    /// <summary>
    /// Re-queue its Hangfire job: the job is no longer processing (succeeded, failed, deleted, expired or missing), or
    /// its live worker no longer holds the run, so nothing will ever finish it.
    /// </summary>
    Requeue,
}
