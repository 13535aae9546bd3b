using System.Text.Json.Nodes;

namespace Scheduler.Contracts.Audit;

/// <summary>
/// One recorded change: who made it, when, to what, and the changed fields before and after. Fields are named as in
/// the REST API's JSON (<c>status</c>, <c>spec</c>, <c>options.maxRuns</c>, <c>task.message</c>, <c>pause.note</c>).
/// </summary>
/// <param name="Id">The entry's id in the audit stream; pass it as <see cref="AuditFilter.After"/> to read older entries.</param>
/// <param name="At">When Redis recorded the change.</param>
/// <param name="Actor">Who made it (a dashboard user, an API key's name, "local", a CLI user, "scheduler" for Beat); null when not said.</param>
/// <param name="Action">What was done, one of <see cref="AuditActions"/>.</param>
/// <param name="TaskId">The task (or cleanup registration) changed; null for a change without one.</param>
/// <param name="Before">The changed fields' values before, by name; null when the thing did not exist (or nothing changed in place).</param>
/// <param name="After">The changed fields' values after; null when it no longer exists.</param>
/// <param name="Note">Free text given with the change (e.g. why a task was paused).</param>
public sealed record AuditEntry(string Id, DateTimeOffset At, string? Actor, string Action, string? TaskId, JsonObject? Before, JsonObject? After, string? Note);
