namespace Scheduler.Worker.Execution;

/// <summary>Redis did not take one of the worker's own writes within <see cref="ExecutionOptions.OutcomeWriteTimeout"/>.</summary>
internal sealed class BookkeepingUnavailableException(string message, Exception inner) : Exception(message, inner);
