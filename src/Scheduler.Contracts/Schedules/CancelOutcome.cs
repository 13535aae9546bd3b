namespace Scheduler.Contracts.Schedules;

/// <summary>What cancelling a task did; see <see cref="CancelResult"/>.</summary>
public enum CancelOutcome
{
    /// <summary>The task was live (scheduled, paused or running): it is cancelled and never fires again.</summary>
    Cancelled,

    /// <summary>
    /// The task had already ended (completed, failed, expired or cancelled): nothing was written, as Celery's revoke or
    /// Hangfire's delete of a finished job leaves it. <see cref="CancelResult.Status"/> says how it ended.
    /// </summary>
    AlreadyEnded,

    /// <summary>No task has the id.</summary>
    NotFound,
}
