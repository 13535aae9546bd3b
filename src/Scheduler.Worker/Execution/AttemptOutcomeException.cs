namespace Scheduler.Worker.Execution;

/// <summary>Carries a recorded, non-final attempt failure to Polly so it retries.</summary>
internal sealed class RetryableAttemptException(string message) : Exception(message);

/// <summary>The run failed for good; Hangfire marks the job failed so it shows on its dashboard.</summary>
public sealed class TaskRunFailedException(string message) : Exception(message);

/// <summary>
/// The run was cancelled by a user while it ran. Thrown rather than returned so the job does not look succeeded;
/// <see cref="CancelledRunFilter"/> turns the resulting failure into Hangfire's Deleted state.
/// </summary>
public sealed class TaskRunCancelledException(string message) : Exception(message);
