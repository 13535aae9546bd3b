namespace Scheduler.Contracts.Schedules;

/// <summary>
/// An update lost to changes other clients kept writing to the same task while it was made, try after try: nothing was
/// written. Trying again later succeeds (REST answers 409, the CLI exits 6).
/// </summary>
public sealed class ConcurrentUpdateException(string taskId, int tries)
    : InvalidOperationException($"task {taskId} was changed by others {tries} times while this update was made; nothing was written, try again")
{
    /// <summary>The task.</summary>
    public string TaskId { get; } = taskId;
}
