using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Scheduler.Contracts.Telemetry;

/// <summary>The client's trace source and meter. The trace context of a schedule call is stored with the task, so
/// Beat's fire and the worker's execution join the caller's trace.</summary>
internal static class ClientTelemetry
{
    public static readonly ActivitySource Source = new(TelemetryNames.Contracts);
    private static readonly Meter Meter = new(TelemetryNames.Contracts);
    public static readonly Counter<long> Scheduled = Meter.CreateCounter<long>(TelemetryNames.TasksScheduled, "{task}", "Tasks scheduled");

    /// <summary>A W3C traceparent parsed back into a parent context, or default when absent or malformed.</summary>
    public static ActivityContext ParentOf(string? traceParent) =>
        traceParent is { Length: > 0 } && ActivityContext.TryParse(traceParent, null, out var context) ? context : default;
}
