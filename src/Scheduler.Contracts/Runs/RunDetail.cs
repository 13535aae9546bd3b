using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling.Triggers;

namespace Scheduler.Contracts.Runs;

/// <summary>
/// One run (one occurrence of a task, with all its attempts) read by its id: what <c>SchedulerClient.GetRunAsync</c>,
/// <c>GET /api/runs/{runId}</c>, the dashboard's run page and <c>scheduler run</c> show.
/// </summary>
public sealed record RunDetail
{
    /// <summary>The run's id: "&lt;taskId&gt;:&lt;dueMs&gt;", "&lt;taskId&gt;:t&lt;ms&gt;" or "&lt;taskId&gt;:e&lt;n&gt;".</summary>
    public required string RunId { get; init; }
    /// <summary>The task it belongs to.</summary>
    public required string TaskId { get; init; }
    /// <summary>The task's name now; null when the task was deleted.</summary>
    public string? TaskName { get; init; }
    /// <summary>The task's type now ("shell", "notification", …); null when the task was deleted.</summary>
    public string? TaskType { get; init; }
    /// <summary>The instant the run was due (asked for, for a run now); null for a trigger's run not yet started.</summary>
    public DateTimeOffset? DueAt { get; init; }
    /// <summary>What made the run: the schedule, a run asked for now, or a trigger.</summary>
    public required RunOrigin Origin { get; init; }
    /// <summary>Who asked for it by hand (a retry or a backfill), and when; null when no one did.</summary>
    public RunRequest? Request { get; init; }
    /// <summary>What started a trigger's run (the event and its payload, or the upstream task's outcome); null otherwise.</summary>
    public TriggerContext? Trigger { get; init; }
    /// <summary>Its recorded attempts, oldest first (an attempt under way is not recorded until it ends).</summary>
    public required IReadOnlyList<TaskRun> Attempts { get; init; }
    /// <summary>
    /// True when earlier attempts are no longer in the task's history (it keeps the newest 1,000 records, and holds that
    /// many): <see cref="Attempts"/> then starts later than attempt 1. False below that many, even when the attempts
    /// start later: an attempt a stopping worker handed back before its handler started (waiting for the run before it,
    /// say) is not recorded. One it cut short is, failed and not final.
    /// </summary>
    public bool EarlierAttemptsTrimmed { get; init; }
    /// <summary>Where the run stands now.</summary>
    public required RunState State { get; init; }
    /// <summary>The worker running it, holding it until its next retry, or holding it while it waits to start; null otherwise.</summary>
    public string? WorkerId { get; init; }
    /// <summary>
    /// When the attempt under way (or, between two attempts on its worker, the one that failed) started; for a run whose
    /// retry is parked (no worker holds it), when that retry is due. Null otherwise.
    /// </summary>
    public DateTimeOffset? Since { get; init; }
    /// <summary>The attempt under way, or the last one that ended; null before the first.</summary>
    public int? Attempt { get; init; }
    /// <summary>How it ended, when <see cref="State"/> is <see cref="RunState.Ended"/>; null otherwise.</summary>
    public RunOutcome? Outcome { get; init; }
    /// <summary>The Hangfire job that runs (or ran) it, as Hangfire's dashboard names it; null when not known.</summary>
    public string? HangfireJobId { get; init; }
    /// <summary>True when it is in the failed runs list (it can be retried or dismissed).</summary>
    public bool InFailedList { get; init; }
    /// <summary>Who stopped it by hand, when a stop was asked; null otherwise.</summary>
    public string? StoppedBy { get; init; }
}
