namespace Scheduler.Contracts.Runs;

/// <summary>
/// A stop of a task's runs that cannot be made: the task runs once (cancel it instead), was cancelled (its runs were
/// stopped then), or the run named is not in progress. Nothing was written.
/// </summary>
public sealed class RunStopRefusedException(string taskId, string reason) : InvalidOperationException($"task {taskId}: nothing stopped, {reason}")
{
    /// <summary>The task whose runs were to be stopped.</summary>
    public string TaskId { get; } = taskId;
}
