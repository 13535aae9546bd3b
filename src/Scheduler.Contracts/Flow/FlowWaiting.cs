namespace Scheduler.Contracts.Flow;

/// <summary>A task's occurrence is waiting for a concurrency slot or for its rate limit.</summary>
/// <param name="Key">What it waits for: <c>concurrency &lt;key&gt;</c> or <c>rate &lt;key&gt;</c>.</param>
/// <param name="Since">When it began to wait.</param>
/// <param name="Waiting">How many occurrences (of any task) waited for that key when this one last looked.</param>
public sealed record FlowWaiting(string Key, DateTimeOffset Since, int Waiting);
