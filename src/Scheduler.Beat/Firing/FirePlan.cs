using Scheduler.Contracts.Schedules;

namespace Scheduler.Beat.Firing;

/// <summary>What to do with one claimed occurrence: fire it or not, when the next one is due, and how the schedule ends.</summary>
internal sealed record FirePlan(bool Fire, DateTimeOffset? Next, ScheduleStatus? FinalStatus, string Reason)
{
    /// <summary>The occurrence waits for the running one (overlap queue).</summary>
    public bool Queued { get; init; }

    /// <summary>The running occurrence is cancelled in favour of this one (overlap cancelPrevious).</summary>
    public bool CancelsPrevious { get; init; }

    /// <summary>A missed occurrence misfire runAll replays under overlap skip: its ledger says so (<c>RunAllReplays</c>).</summary>
    public bool Replay { get; init; }

    /// <summary>
    /// Not fired by the misfire or overlap policy, which is announced (<c>scheduler.task.skipped</c>); an occurrence not
    /// fired because the task has ended (status, endAt, max runs) is not: the task's end says it.
    /// </summary>
    public bool Skipped { get; init; }

    /// <summary>
    /// The max runs that ends the schedule here (no next run), when that is what ends it; null otherwise. An update may
    /// raise it between the read this plan was made from and the commit: the commit then takes <see cref="NextBeyondMaxRuns"/>.
    /// </summary>
    public int? EndsAtMaxRuns { get; init; }

    /// <summary>The next run the schedule would have without <see cref="EndsAtMaxRuns"/>; null when it would have none.</summary>
    public DateTimeOffset? NextBeyondMaxRuns { get; init; }
}
