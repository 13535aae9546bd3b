using Scheduler.Bench.Results;

namespace Scheduler.Bench.Infrastructure;

/// <summary>What every scenario shares: the settings, the process registry, the results so far and the log.</summary>
internal sealed class BenchContext(BenchOptions options, ProcessRegistry processes, CancellationToken cancellation)
{
    public BenchOptions Options { get; } = options;
    public ProcessRegistry Processes { get; } = processes;
    public CancellationToken Cancellation { get; } = cancellation;
    public Dictionary<string, ScenarioResult> Results { get; } = [];

    public void Log(string message) => Console.WriteLine($"  [{DateTime.Now:HH:mm:ss}] {message}");

    /// <summary>A metric of an earlier scenario, if it ran.</summary>
    public double? Metric(string scenario, string metric) =>
        Results.TryGetValue(scenario, out var result) && result.Find(metric) is { } m ? m.Value : null;
}
