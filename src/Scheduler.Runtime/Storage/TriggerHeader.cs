using Scheduler.Contracts.Scheduling.Triggers;

namespace Scheduler.Runtime.Storage;

/// <summary>
/// A trigger's kind ("after" or "on"), source (task id or event name), outcome (after), when it happened, and, for an
/// after: trigger, its link in the chain of after: triggers (1 for a run no after: trigger started; 0 when not known).
/// </summary>
internal sealed record TriggerHeader(string Kind, string Source, string? Outcome, DateTimeOffset? At, int Depth = 0)
{
    /// <summary>Whether a task with schedule spec <paramref name="spec"/> subscribes to this trigger.</summary>
    public bool IsFor(string spec)
    {
        if (!TriggerSpec.IsTrigger(spec)) return false;
        TriggerSource source;
        try { source = TriggerSpec.ParseSource(spec); }
        catch (Contracts.Scheduling.ScheduleSpecException) { return false; }
        return Kind == "on"
            ? source.EventName == Source
            : source.AfterTask == Source && (Outcome is null || source.Matches(Outcome));
    }
}
