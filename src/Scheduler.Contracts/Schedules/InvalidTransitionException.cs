
namespace Scheduler.Contracts.Schedules;

/// <summary>A lifecycle change the schedule's current status does not allow, such as pausing a cancelled task.</summary>
public sealed class InvalidTransitionException(string taskId, ScheduleStatus current, ScheduleStatus requested)
    : InvalidOperationException(Describe(taskId, current, requested))
{
    /// <summary>The task.</summary>
    public string TaskId { get; } = taskId;
    /// <summary>Its status now.</summary>
    public ScheduleStatus Current { get; } = current;
    /// <summary>The status that was asked for.</summary>
    public ScheduleStatus Requested { get; } = requested;

    // "is scheduled and cannot become scheduled" alone does not tell someone who resumed a running task what was
    // wrong, so the message also says which tasks the change is for.
    private static string Describe(string taskId, ScheduleStatus current, ScheduleStatus requested)
    {
        var message = $"task {taskId} is {Text(current)} and cannot become {Text(requested)}";
        var accepted = requested switch
        {
            ScheduleStatus.Paused => "only a scheduled or running task can be paused",
            ScheduleStatus.Scheduled when current == ScheduleStatus.Cancelled =>
                "a cancelled task is neither resumed nor changed; schedule it anew under its id",
            ScheduleStatus.Scheduled => "only a paused task can be resumed",
            ScheduleStatus.Running when current == ScheduleStatus.Cancelled => "a cancelled task is not run; schedule it anew under its id",
            ScheduleStatus.Cancelled => "only a scheduled, paused or running task can be cancelled",
            _ => null,
        };
        return accepted is null ? message : $"{message}; {accepted}";
    }

    private static string Text(ScheduleStatus status) => status.ToString().ToLowerInvariant();
}
