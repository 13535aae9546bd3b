namespace Scheduler.Contracts.Schedules;

/// <summary>
/// An update lost to changes other clients kept writing to the same task (or cleanup registration) while it was made, try
/// after try: nothing was written. Trying again later succeeds (REST answers 409, the CLI exits 6).
/// </summary>
public sealed class ConcurrentUpdateException : InvalidOperationException
{
    /// <summary>A task changed by others <paramref name="tries"/> times while the update was made.</summary>
    public ConcurrentUpdateException(string taskId, int tries) : this("task", taskId, tries) { }

    internal ConcurrentUpdateException(string what, string id, int tries)
        : base($"{what} {id} was changed by others {tries} times while this update was made; nothing was written, try again") => TaskId = id;

    /// <summary>The id of what was being updated: a task's, or a cleanup registration's.</summary>
    public string TaskId { get; }
}
