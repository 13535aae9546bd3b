namespace Scheduler.Contracts.Runs;

/// <summary>Where one run stands now, as <see cref="RunDetail.State"/> says.</summary>
public enum RunState
{
    /// <summary>Fired or asked for (a retry on its way, a backfill queued), and no worker has started it yet.</summary>
    Waiting,
    /// <summary>A worker is running one of its attempts.</summary>
    Running,
    /// <summary>An attempt failed and the worker waits to start the next (its retry policy's delay).</summary>
    WaitingForRetry,
    /// <summary>Its final attempt ended; <see cref="RunDetail.Outcome"/> says how.</summary>
    Ended,
}
