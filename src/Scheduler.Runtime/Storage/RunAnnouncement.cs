namespace Scheduler.Runtime.Storage;

/// <summary>
/// The events a recorded attempt appends to the events stream in the same step as its record
/// (<see cref="ScheduleStoreRuns"/>): <paramref name="OutcomeEvent"/> always, <paramref name="CompletedEvent"/> when the
/// status it settled is completed.
/// </summary>
internal sealed record RunAnnouncement(string OutcomeEvent, string CompletedEvent);
