namespace Scheduler.Contracts.Schedules;

/// <summary>
/// A live task (scheduled, paused or running) already holds the id with a different task, spec, time zone or options.
/// Nothing was written. Schedule with <see cref="ScheduleOptions.Replace"/> to replace it in place, or delete it first.
/// </summary>
public sealed class ScheduleConflictException(string taskId, ScheduleStatus current, IReadOnlyList<ScheduleDifference> differences)
    : InvalidOperationException(
        $"task {taskId} is {current.ToString().ToLowerInvariant()} with a different definition ({string.Join("; ", differences)}); " +
        "replace it to change it in place, or delete it first")
{
    /// <summary>The id both definitions claim.</summary>
    public string TaskId { get; } = taskId;
    /// <summary>The stored task's status.</summary>
    public ScheduleStatus Current { get; } = current;
    /// <summary>What differs, one entry per field.</summary>
    public IReadOnlyList<ScheduleDifference> Differences { get; } = differences;
}
