
namespace Scheduler.Contracts.Schedules;

/// <summary>A lifecycle change the schedule's current status does not allow, such as pausing a cancelled task.</summary>
public sealed class InvalidTransitionException(string taskId, ScheduleStatus current, ScheduleStatus requested)
    : InvalidOperationException($"task {taskId} is {current.ToString().ToLowerInvariant()} and cannot become {requested.ToString().ToLowerInvariant()}")
{
    /// <summary>The task.</summary>
    public string TaskId { get; } = taskId;
    /// <summary>Its status now.</summary>
    public ScheduleStatus Current { get; } = current;
    /// <summary>The status that was asked for.</summary>
    public ScheduleStatus Requested { get; } = requested;
}
