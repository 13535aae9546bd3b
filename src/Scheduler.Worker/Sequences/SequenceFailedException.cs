namespace Scheduler.Worker.Sequences;

/// <summary>A sequence ended with at least one failed step (without continue-on-failure); retryable.</summary>
public sealed class SequenceFailedException(string message) : Exception(message);
