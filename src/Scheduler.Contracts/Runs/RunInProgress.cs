namespace Scheduler.Contracts.Runs;

/// <summary>A run of a task executing now (claimed by a worker and not done), as <c>SchedulerClient.GetRunsInProgressAsync</c> lists it.</summary>
/// <param name="RunId">The run's id ("&lt;taskId&gt;:&lt;instant&gt;"), as its history and <c>StopRunsAsync</c> name it.</param>
/// <param name="Attempt">The attempt under way (1, then 2, 3, … for retries).</param>
/// <param name="WorkerId">The worker process running it.</param>
/// <param name="StartedAt">When that attempt was claimed (while <see cref="WaitingToStart"/>, the claim's time: its handler has not started;
/// for a retry parked with no worker, when that retry is due, as <see cref="RetryDueAt"/> says).</param>
/// <param name="StoppedBy">Who stopped it by hand, when a stop is on its way to the worker; null otherwise.</param>
public sealed record RunInProgress(string RunId, int Attempt, string WorkerId, DateTimeOffset StartedAt, string? StoppedBy)
{
    /// <summary>
    /// True while <see cref="WorkerId"/> holds the run but the attempt's handler has not started: it waits behind the run of
    /// its task before it (overlap queue), or a parked retry its job took back waits out the rest of its backoff. False once the
    /// handler has started, and for a retry parked with no worker (<see cref="WorkerId"/> "waiting-for-retry").
    /// </summary>
    public bool WaitingToStart { get; init; }

    /// <summary>
    /// For a retry parked with no worker (<see cref="WorkerId"/> "waiting-for-retry"), when that retry is due: no attempt of
    /// it has started, and <see cref="Attempt"/> is the one to come. Null while a worker holds the run.
    /// </summary>
    public DateTimeOffset? RetryDueAt => WorkerId == RunDetailStore.WaitingForRetryWorker ? StartedAt : null;
}
