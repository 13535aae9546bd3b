namespace Scheduler.Contracts.Scheduling.Triggers;

/// <summary>
/// What starts a <see cref="ScheduleKind.Trigger"/> schedule: the end of another task's run (<see cref="AfterTask"/>
/// set) or a published event (<see cref="EventName"/> set).
/// </summary>
public sealed record TriggerSource
{
    /// <summary>The task whose runs trigger this one (<c>after:</c>), or null.</summary>
    public string? AfterTask { get; init; }

    /// <summary>The outcome of <see cref="AfterTask"/>'s run that triggers this one.</summary>
    public TriggerOutcome Outcome { get; init; } = TriggerOutcome.Succeeded;

    /// <summary>The event whose publications trigger this one (<c>on:</c>), or null.</summary>
    public string? EventName { get; init; }

    /// <summary>The canonical spec: <c>after:&lt;taskId&gt;:&lt;outcome&gt;</c> or <c>on:&lt;event-name&gt;</c>.</summary>
    public string Canonical => AfterTask is { } task
        ? $"after:{task}:{Outcome.ToString().ToLowerInvariant()}"
        : $"on:{EventName}";

    /// <summary>"after task X succeeds", "after task X fails", "after task X finishes", "on event Y".</summary>
    public string Description => AfterTask is { } task
        ? $"after task {task} {Outcome switch { TriggerOutcome.Failed => "fails", TriggerOutcome.Finished => "finishes", _ => "succeeds" }}"
        : $"on event {EventName}";

    /// <summary>Whether a run that ended with <paramref name="outcome"/> (lower-case run outcome) starts this trigger.</summary>
    public bool Matches(string outcome) => Outcome switch
    {
        TriggerOutcome.Succeeded => outcome == "succeeded",
        TriggerOutcome.Failed => outcome is "failed" or "timedout",
        _ => outcome is "succeeded" or "failed" or "timedout" or "cancelled",
    };
}
