using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Contracts.Schedules;

/// <summary>A stored schedule as it is now.</summary>
public sealed record ScheduledTask
{
    /// <summary>The task id.</summary>
    public required string Id { get; init; }
    /// <summary>Display name.</summary>
    public required string Name { get; init; }
    /// <summary>Free text given when scheduling.</summary>
    public string? Description { get; init; }
    /// <summary>What runs.</summary>
    public required TaskDefinition Task { get; init; }
    /// <summary>The spec as the caller wrote it.</summary>
    public required string Spec { get; init; }
    /// <summary>The normalized schedule.</summary>
    public required ParsedSchedule Schedule { get; init; }
    /// <summary>Current status.</summary>
    public required ScheduleStatus Status { get; init; }
    /// <summary>When it was scheduled.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Who scheduled it (a dashboard user, an API key's name, "local", a CLI user); null when not said.</summary>
    public string? CreatedBy { get; init; }
    /// <summary>When it was last changed by someone (update, reschedule, pause, resume, cancel); null when never.</summary>
    public DateTimeOffset? ChangedAt { get; init; }
    /// <summary>Who made the last change; null when never changed or not said.</summary>
    public string? ChangedBy { get; init; }
    /// <summary>When the next occurrence fires, if any.</summary>
    public DateTimeOffset? NextRunAt { get; init; }
    /// <summary>Finished runs (successful or failed; retries not counted).</summary>
    public long RunCount { get; init; }
    /// <summary>
    /// Occurrences Beat has fired under this definition: what <see cref="ScheduleOptions.MaxRuns"/> counts (runs asked
    /// for by hand do not count). Internal: read with the record so that a preview of the next occurrences stops where
    /// the max runs will; not part of the task's JSON.
    /// </summary>
    internal long FireCount { get; init; }
    /// <summary>When the last run finished.</summary>
    public DateTimeOffset? LastRunAt { get; init; }
    /// <summary>How the last run ended.</summary>
    public RunOutcome? LastOutcome { get; init; }
    /// <summary>Who paused it, why and until when; null unless it is paused.</summary>
    public PauseInfo? Pause { get; init; }
    /// <summary>The options it was scheduled with.</summary>
    public required ScheduleOptions Options { get; init; }
    /// <summary>Set while an occurrence waits for its concurrency key or rate limit; null otherwise.</summary>
    public Flow.FlowWaiting? Waiting { get; init; }
}
