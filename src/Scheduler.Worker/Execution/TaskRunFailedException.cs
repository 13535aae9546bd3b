namespace Scheduler.Worker.Execution;

/// <summary>The run failed for good; Hangfire marks the job failed so it shows on its dashboard.</summary>
public sealed class TaskRunFailedException(string message) : Exception(message);
