namespace Scheduler.Runtime.Storage;

/// <summary>What a worker may do with a delivered occurrence.</summary>
internal enum AttemptClaim
{
    /// <summary>Run it; the attempt number continues from attempts started before (a crashed worker's included).</summary>
    Run,
    /// <summary>It already finished: a re-delivery after completion must not run it again.</summary>
    Done,
    /// <summary>Another Hangfire job owns it: the occurrence was fired twice.</summary>
    Duplicate,
    /// <summary>Another delivery of the same Hangfire job is executing the run now.</summary>
    Running,
    /// <summary>The task no longer exists.</summary>
    TaskDeleted,
    /// <summary>The task was cancelled before this occurrence started.</summary>
    TaskCancelled,
    /// <summary>The task has a concurrency key or rate limit: the run must pass the flow gate before it is claimed.</summary>
    Gate,
    /// <summary>
    /// A schedule's fire whose commit never stood, of a task whose schedule has moved past the occurrence (another Beat's
    /// plan of it did not fire it, or Redis lost the commit): its job, made before the commit, must not run it.
    /// </summary>
    Superseded,
}
