namespace Scheduler.Dashboard.Api;

/// <summary>One problem of a request, with the request field it is about (JSON names: "spec", "maxRuns", "task.message").</summary>
internal sealed record FieldError(string? Field, string Message);
