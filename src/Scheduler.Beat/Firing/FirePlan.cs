using Scheduler.Contracts.Schedules;

namespace Scheduler.Beat.Firing;

/// <summary>What to do with one claimed occurrence: fire it or not, when the next one is due, and how the schedule ends.</summary>
internal sealed record FirePlan(bool Fire, DateTimeOffset? Next, ScheduleStatus? FinalStatus, string Reason)
{
    /// <summary>The occurrence waits for the running one (overlap queue).</summary>
    public bool Queued { get; init; }

    /// <summary>The running occurrence is cancelled in favour of this one (overlap cancelPrevious).</summary>
    public bool CancelsPrevious { get; init; }
}
