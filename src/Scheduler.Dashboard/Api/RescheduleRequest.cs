namespace Scheduler.Dashboard.Api;

/// <summary>Body of <c>POST /api/tasks/{id}/reschedule</c>.</summary>
public sealed record RescheduleRequest(string? Spec, string? TimeZone);
