namespace Scheduler.Contracts.Runs;

/// <summary>
/// A retry that cannot be made: the run is not (or no longer) failed, a retry of it is already on its way, or its task
/// was deleted or cancelled. Nothing was written.
/// </summary>
public sealed class RetryRefusedException(string runId, string reason) : InvalidOperationException($"run {runId} cannot be retried: {reason}")
{
    /// <summary>The run that was to be retried.</summary>
    public string RunId { get; } = runId;
}
