using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Storage;

namespace Scheduler.Contracts.Client;

/// <summary>Narrows <see cref="SchedulerClient.ListAsync"/>; unset members match everything.</summary>
public sealed record ScheduleFilter
{
    /// <summary>Only tasks in this status.</summary>
    public ScheduleStatus? Status { get; init; }
    /// <summary>Only one-shot (<see cref="ScheduleKind.Once"/>) or recurring tasks.</summary>
    public bool? Recurring { get; init; }
    /// <summary>Only this task type (e.g. "notification").</summary>
    public string? TaskType { get; init; }
    /// <summary>Only tasks carrying this tag.</summary>
    public string? Tag { get; init; }
    /// <summary>Only tasks of this module.</summary>
    public string? ModuleId { get; init; }
    /// <summary>Only tasks whose name contains this text (case-insensitive).</summary>
    public string? NameContains { get; init; }
    /// <summary>
    /// Free text: every white-space separated term must occur (case-insensitive) in the id, name, task type, spec,
    /// schedule description, module, a tag or the status.
    /// </summary>
    public string? Query { get; init; }
    /// <summary>Only tasks whose last run ended this way (e.g. <see cref="RunOutcome.Failed"/>: failing now).</summary>
    public RunOutcome? LastOutcome { get; init; }
    /// <summary>
    /// Only paused tasks whose pause note is this text (any case, surrounding spaces ignored): what
    /// <c>pause --all --note freeze</c> paused, without the tasks paused before it for other reasons.
    /// </summary>
    public string? PauseNote { get; init; }

    /// <summary>True when <paramref name="task"/> passes every set condition.</summary>
    public bool Matches(ScheduledTask task) =>
        (Status is null || task.Status == Status)
        && (Recurring is null || task.Schedule.IsRecurring == Recurring)
        && (TaskType is null || string.Equals(task.Task.TypeName, TaskType, StringComparison.OrdinalIgnoreCase))
        && (Tag is null || task.Options.Tags?.Contains(Tag, StringComparer.OrdinalIgnoreCase) == true)
        && (ModuleId is null || string.Equals(task.Options.ModuleId, ModuleId, StringComparison.OrdinalIgnoreCase))
        && (NameContains is null || task.Name.Contains(NameContains, StringComparison.OrdinalIgnoreCase))
        && (LastOutcome is null || task.LastOutcome == LastOutcome)
        && (PauseNote is null || string.Equals(task.Pause?.Note, PauseNote.Trim(), StringComparison.OrdinalIgnoreCase))
        && ScheduleSearch.Matches(task, ScheduleSearch.Terms(Query));
}
