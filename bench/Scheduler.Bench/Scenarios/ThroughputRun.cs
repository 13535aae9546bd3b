namespace Scheduler.Bench.Scenarios;

/// <summary>One end-to-end throughput measurement: first enqueue to last completion, and what it cost Redis.</summary>
internal sealed record ThroughputRun(int Tasks, double Seconds, double EnqueueSeconds, Dictionary<string, long> Commands)
{
    /// <summary>CPU milliseconds per task spent by each kind of process (client, beat, workers, redis, ...).</summary>
    public Dictionary<string, double> CpuMsPerTask { get; init; } = [];

    public double PerSecond => Tasks / Seconds;
    public double EnqueuePerSecond => Tasks / EnqueueSeconds;
    public double CommandsPerTask => Commands.Values.Sum() / (double)Tasks;

    /// <summary>The heaviest commands per task, e.g. "evalsha 3.0, hset 2.1".</summary>
    public string TopCommands(int count = 12) => string.Join(", ", Commands.OrderByDescending(c => c.Value).Take(count)
        .Select(c => $"{c.Key} {c.Value / (double)Tasks:0.##}"));
}
