using Scheduler.Contracts.Schedules;

namespace Scheduler.Contracts.Declarations;

/// <summary>What applying declarations did to one id.</summary>
/// <param name="Id">The task's id.</param>
/// <param name="Outcome">Created, replaced, rescheduled, unchanged, left ended, cancelled by the prune, or a conflict.</param>
/// <param name="Status">The task's status before the apply (for a conflict, what holds the id now); null when the id held nothing.</param>
/// <param name="Differences">What differed from the declaration (for replaced and rescheduled; for a conflict, the live task that holds the id now), field by field.</param>
public sealed record DeclarationResult(string Id, DeclarationOutcome Outcome, ScheduleStatus? Status, IReadOnlyList<ScheduleDifference> Differences);
