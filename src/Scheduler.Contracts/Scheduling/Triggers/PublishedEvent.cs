namespace Scheduler.Contracts.Scheduling.Triggers;

/// <summary>The answer to publishing an event: which tasks it triggered.</summary>
/// <param name="Name">The event name.</param>
/// <param name="TriggerId">The trigger's id ("e42"), part of each triggered run's id; null when nothing subscribes.</param>
/// <param name="TaskIds">The active tasks subscribed with <c>on:&lt;name&gt;</c>; each runs once for this event.</param>
public sealed record PublishedEvent(string Name, string? TriggerId, IReadOnlyList<string> TaskIds);
