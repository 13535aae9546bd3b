namespace Scheduler.Contracts.Runs;

/// <summary>A run executing now with the task it is a run of, as <c>SchedulerClient.GetAllRunsInProgressAsync</c> lists them across tasks.</summary>
/// <param name="TaskId">The task the run is of.</param>
/// <param name="Run">The run, as <c>SchedulerClient.GetRunsInProgressAsync</c> lists it for its task alone.</param>
public sealed record TaskRunInProgress(string TaskId, RunInProgress Run);
