namespace Scheduler.Worker.Execution;

/// <summary>Carries a recorded, non-final attempt failure to Polly so it retries.</summary>
internal sealed class RetryableAttemptException(string message) : Exception(message);
