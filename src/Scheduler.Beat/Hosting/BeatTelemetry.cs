using System.Diagnostics;
using System.Diagnostics.Metrics;
using Scheduler.Contracts.Telemetry;

namespace Scheduler.Beat.Hosting;

/// <summary>Beat's trace source and meter.</summary>
internal static class BeatTelemetry
{
    public static readonly ActivitySource Source = new(TelemetryNames.Beat);
    private static readonly Meter Meter = new(TelemetryNames.Beat);
    public static readonly Counter<long> Fired = Meter.CreateCounter<long>(TelemetryNames.TasksFired, "{occurrence}", "Occurrences handed to the workers");
    public static readonly Histogram<double> Lateness = Meter.CreateHistogram<double>(TelemetryNames.FireLateness, "ms", "Due instant to enqueue");
}
