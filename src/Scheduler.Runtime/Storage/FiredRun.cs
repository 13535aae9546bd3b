namespace Scheduler.Runtime.Storage;

/// <summary>A fired run as the run ledger knows it: its owning Hangfire job (null if the ledger expired), done, attempts started.</summary>
internal sealed record FiredRun(string RunId, string? OwnerJobId, bool Done, int Attempts)
{
    /// <summary>Who stopped the run by hand (ledger field "stopped": a stop, or its job deleted on Hangfire's dashboard); null when no one did.</summary>
    public string? StoppedBy { get; init; }

    /// <summary>The task id in a run id ("taskId:dueMs" or "taskId:t&lt;requestedMs&gt;").</summary>
    public string TaskId => RunId[..Math.Max(0, RunId.LastIndexOf(':'))];
}
