namespace Scheduler.Contracts.Events;

/// <summary>Names of the events written to the event stream.</summary>
public static class SchedulerEvents
{
    /// <summary>A task was scheduled.</summary>
    public const string Scheduled = "scheduler.task.scheduled";
    /// <summary>A task's definition, spec or options changed.</summary>
    public const string Updated = "scheduler.task.updated";
    /// <summary>A task was paused.</summary>
    public const string Paused = "scheduler.task.paused";
    /// <summary>A task was resumed.</summary>
    public const string Resumed = "scheduler.task.resumed";
    /// <summary>A task was cancelled.</summary>
    public const string Cancelled = "scheduler.task.cancelled";
    /// <summary>A task was deleted for good, with its history and every index entry.</summary>
    public const string Deleted = "scheduler.task.deleted";
    /// <summary>An occurrence was handed to the workers.</summary>
    public const string Fired = "scheduler.task.fired";
    /// <summary>An attempt started on a worker.</summary>
    public const string Started = "scheduler.task.started";
    /// <summary>An attempt succeeded.</summary>
    public const string Success = "scheduler.task.success";
    /// <summary>An attempt failed and will not be retried.</summary>
    public const string Failure = "scheduler.task.failure";
    /// <summary>
    /// An attempt failed and will be retried; also an attempt cut short that goes back to the queue (data: runId, error
    /// saying why): a dead worker's, as Beat re-queues its run, or a stopping worker's, as it hands the run back.
    /// </summary>
    public const string Retry = "scheduler.task.retry";
    /// <summary>
    /// A run ended cancelled, which is no failure: stopped by hand, by its task's cancel, by overlap cancelPrevious or by a
    /// delete of its Hangfire job (data: runId, attempt, outcome "cancelled", error saying what stopped it).
    /// </summary>
    public const string Stopped = "scheduler.task.stopped";
    /// <summary>
    /// An occurrence was not run while the task goes on (data: runId, error saying why). Beat announces one it does not
    /// fire, with the commit that moves the schedule past it: overlap skip, overlap queue with one run already waiting,
    /// or the misfire policy (data also dueAt, ms since the epoch); a trigger dropped for those, before startAfter, while
    /// paused or past the after: chain limit (data also trigger). A worker announces one that overlap skip stops as it
    /// starts (data also attempt, outcome, durationMs).
    /// </summary>
    public const string Skipped = "scheduler.task.skipped";
    /// <summary>A schedule finished: one-shot done or max runs reached.</summary>
    public const string Completed = "scheduler.task.completed";
    /// <summary>An occurrence waits for its concurrency key or rate limit (once per occurrence; data: runId, for, ahead, waiting).</summary>
    public const string Waiting = "scheduler.task.waiting";
    /// <summary>
    /// A cleanup registration ran without error, by itself on a worker or by hand; taskId is the registration id (data:
    /// deleted, bytes).
    /// </summary>
    public const string CleanupRan = "scheduler.cleanup.ran";
    /// <summary>
    /// A cleanup registration's run reported errors or was refused (e.g. its directory outside the runner's allowed
    /// roots); taskId is the registration id (data: deleted, bytes, error).
    /// </summary>
    public const string CleanupFailed = "scheduler.cleanup.failed";
}
