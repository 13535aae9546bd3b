namespace Scheduler.Worker.Execution;

/// <summary>
/// The run was cancelled by a user while it ran. Thrown rather than returned so the job does not look succeeded;
/// <see cref="CancelledRunFilter"/> turns the resulting failure into Hangfire's Deleted state.
/// </summary>
public sealed class TaskRunCancelledException(string message) : Exception(message);
