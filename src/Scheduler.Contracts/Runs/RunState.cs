namespace Scheduler.Contracts.Runs;

/// <summary>Where one run stands now, as <see cref="RunDetail.State"/> says.</summary>
public enum RunState
{
    /// <summary>
    /// Fired or asked for (a retry on its way, a backfill queued), and no worker has started it yet; a worker may hold it
    /// while it waits behind the run of its task before it (overlap queue): <see cref="RunDetail.WorkerId"/> names that worker.
    /// </summary>
    Waiting,
    /// <summary>A worker is running one of its attempts.</summary>
    Running,
    /// <summary>An attempt failed and the worker waits to start the next (its retry policy's delay).</summary>
    WaitingForRetry,
    /// <summary>
    /// Its final attempt ended, or it will never start: its task was cancelled (or it was stood down by a delete) before
    /// a worker started it. <see cref="RunDetail.Outcome"/> says how: the final attempt's outcome, or cancelled when no
    /// attempt was final (a retry asked before the cancel leaves the outcome of the attempt it would have retried).
    /// </summary>
    Ended,
}
