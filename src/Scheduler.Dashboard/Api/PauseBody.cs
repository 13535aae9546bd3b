namespace Scheduler.Dashboard.Api;

/// <summary>Body of <c>POST /api/tasks/{id}/pause</c> and <c>POST /api/schedules/pause</c>; both members optional.</summary>
/// <param name="Note">Why the task is paused.</param>
/// <param name="Until">When the pause lifts itself (ISO 8601 with an offset); none: until resumed.</param>
public sealed record PauseBody(string? Note, DateTimeOffset? Until);
