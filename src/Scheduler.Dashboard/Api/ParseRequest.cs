namespace Scheduler.Dashboard.Api;

/// <summary>Body of <c>POST /api/schedules/parse</c>.</summary>
public sealed record ParseRequest(string? Spec, string? TimeZone, DateTimeOffset? Now, int? Count);
