namespace Scheduler.Worker.Handlers;

/// <summary>A failure a retry cannot fix (bad arguments, unknown plugin or server): the run fails at once.</summary>
public sealed class NonRetryableTaskException(string message, Exception? inner = null) : Exception(message, inner);
