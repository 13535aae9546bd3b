namespace Scheduler.Contracts.Scheduling.Triggers;

/// <summary>
/// What started a run of a <see cref="ScheduleKind.Trigger"/> task: passed to its handler and kept in its run record.
/// A shell task sees it as environment variables (<c>SCHEDULER_TRIGGER_*</c>, <c>SCHEDULER_EVENT_PAYLOAD</c>).
/// </summary>
public sealed record TriggerContext
{
    /// <summary>The trigger's id ("e42"), shared by every task it started.</summary>
    public required string Id { get; init; }

    /// <summary>"after" (another task's run ended) or "on" (an event was published).</summary>
    public required string Kind { get; init; }

    /// <summary>The source task id (after) or the event name (on).</summary>
    public required string Source { get; init; }

    /// <summary>After: the run of the source task that ended.</summary>
    public string? SourceRunId { get; init; }

    /// <summary>After: how that run ended (succeeded, failed, timedout, cancelled).</summary>
    public string? Outcome { get; init; }

    /// <summary>After: that run's result (for a shell task its JSON with exitCode, stdout, stderr), when it had one.</summary>
    public string? Result { get; init; }

    /// <summary>After: that run's error, when it did not succeed.</summary>
    public string? Error { get; init; }

    /// <summary>On: the event's payload (JSON text as published), when it had one.</summary>
    public string? Payload { get; init; }

    /// <summary>When the trigger happened.</summary>
    public DateTimeOffset At { get; init; }
}
