namespace Scheduler.Contracts.Schedules;

/// <summary>
/// One way a requested schedule differs from the live task stored under the same id: <c>spec</c>, <c>timeZone</c>,
/// <c>task.&lt;field&gt;</c> or <c>options.&lt;field&gt;</c>, with both values as JSON text (null when absent).
/// </summary>
/// <param name="Field">What differs, e.g. <c>spec</c>, <c>task.command</c>, <c>options.maxRuns</c>.</param>
/// <param name="Current">The stored value.</param>
/// <param name="Requested">The value asked for.</param>
public sealed record ScheduleDifference(string Field, string? Current, string? Requested)
{
    /// <summary><c>field: current → requested</c>, with "(none)" for an absent value.</summary>
    public override string ToString() => $"{Field}: {Current ?? "(none)"} → {Requested ?? "(none)"}";
}
