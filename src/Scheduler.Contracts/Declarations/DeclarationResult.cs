using Scheduler.Contracts.Schedules;

namespace Scheduler.Contracts.Declarations;

/// <summary>What applying declarations did to one id.</summary>
/// <param name="Id">The task's id.</param>
/// <param name="Outcome">Created, replaced, rescheduled, unchanged, left ended, cancelled by the prune, or a conflict.</param>
/// <param name="Status">The task's status before the apply (for a conflict, what holds the id now); null when the id held nothing.</param>
/// <param name="Differences">What differed from the declaration (for replaced and rescheduled; for a conflict, the live task that holds the id now), field by field.</param>
public sealed record DeclarationResult(string Id, DeclarationOutcome Outcome, ScheduleStatus? Status, IReadOnlyList<ScheduleDifference> Differences)
{
    /// <summary>
    /// For a task declared paused that the apply creates or schedules anew: true when it is (or, in a dry run, would be)
    /// created paused; false when the declared pause's end (<see cref="ScheduleDeclaration.PauseUntil"/>) had passed, so
    /// it is created running, as the pause would have lifted by then. Null otherwise.
    /// </summary>
    public bool? Paused { get; init; }
}
