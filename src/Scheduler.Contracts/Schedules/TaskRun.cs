namespace Scheduler.Contracts.Schedules;

/// <summary>One recorded execution attempt of a task occurrence.</summary>
public sealed record TaskRun
{
    /// <summary>The occurrence id, shared by all attempts of one occurrence.</summary>
    public required string RunId { get; init; }
    /// <summary>The task id.</summary>
    public required string TaskId { get; init; }
    /// <summary>1 for the first attempt, then 2, 3, ... for retries.</summary>
    public required int Attempt { get; init; }
    /// <summary>The worker process that ran it.</summary>
    public required string WorkerId { get; init; }
    /// <summary>The instant the occurrence was due.</summary>
    public DateTimeOffset? DueAt { get; init; }
    /// <summary>When the attempt started.</summary>
    public required DateTimeOffset StartedAt { get; init; }
    /// <summary>When it ended.</summary>
    public required DateTimeOffset FinishedAt { get; init; }
    /// <summary>How it ended.</summary>
    public required RunOutcome Outcome { get; init; }
    /// <summary>The error message when it did not succeed.</summary>
    public string? Error { get; init; }
    /// <summary>The handler's result (capped in size).</summary>
    public string? Result { get; init; }
    /// <summary>Wall time of the attempt.</summary>
    public TimeSpan Duration => FinishedAt - StartedAt;
    /// <summary>True when this attempt is the last for its occurrence (no retry follows).</summary>
    public bool IsFinal { get; init; }
    /// <summary>What started the run of a trigger task (<c>after:</c> / <c>on:</c> spec); null for clock and manual runs.</summary>
    public Scheduling.Triggers.TriggerContext? Trigger { get; init; }
    /// <summary>Who asked for this run by hand and why (a retry of a failed occurrence, or a backfill); null for runs the schedule, run now or a trigger started.</summary>
    public Runs.RunRequest? Request { get; init; }
    /// <summary>How long the occurrence waited for its concurrency key or rate limit before it started; null when it did not wait.</summary>
    public TimeSpan? FlowDelay { get; init; }
}
