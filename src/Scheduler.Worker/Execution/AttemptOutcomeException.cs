namespace Scheduler.Worker.Execution;

/// <summary>Carries a recorded, non-final attempt failure to Polly so it retries.</summary>
internal sealed class RetryableAttemptException(string message) : Exception(message);

/// <summary>The run failed for good; Hangfire marks the job failed so it shows on its dashboard.</summary>
public sealed class TaskRunFailedException(string message) : Exception(message);
