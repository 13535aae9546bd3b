namespace Scheduler.Runtime.Storage;

/// <summary>
/// The events a recorded attempt appends to the events stream in the same step as its record
/// (<see cref="ScheduleStoreRuns"/>): <paramref name="OutcomeEvent"/> always, <see cref="Contracts.Events.SchedulerEvents.Completed"/>
/// when the status it settled is completed; before them, the handler's own event when it left one (<see cref="HandlerEvent"/>).
/// </summary>
internal sealed record RunAnnouncement(string OutcomeEvent)
{
    /// <summary>The handler's event: its type and fields, and the run-ledger fields to set with it (none: no note).</summary>
    public (string Type, IReadOnlyList<KeyValuePair<string, string>> Fields, IReadOnlyList<string> Notes)? HandlerEvent { get; init; }
}
