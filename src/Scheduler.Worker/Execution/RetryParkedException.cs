namespace Scheduler.Worker.Execution;

/// <summary>A retry's backoff is long enough to be parked (<see cref="ExecutionOptions.ParkRetriesAfter"/>): the run's job waits in Scheduled for <see cref="Backoff"/>.</summary>
internal sealed class RetryParkedException(TimeSpan backoff) : Exception($"retry parked for {backoff}")
{
    public TimeSpan Backoff { get; } = backoff;
}
