using Scheduler.Contracts.Schedules;

namespace Scheduler.Beat.Triggers;

/// <summary>What to do with one pending trigger of a task.</summary>
/// <param name="Fire">Enqueue its run.</param>
/// <param name="Queued">The run waits for the one in flight (overlap queue).</param>
/// <param name="CancelsPrevious">The run in flight is cancelled in favour of this one (overlap cancelPrevious).</param>
/// <param name="DropStatus">When not fired: the status the task ends in (expired past endAt), or null to keep it.</param>
/// <param name="Reason">Why, for the log.</param>
internal sealed record TriggerPlan(bool Fire, bool Queued, bool CancelsPrevious, ScheduleStatus? DropStatus, string Reason);
