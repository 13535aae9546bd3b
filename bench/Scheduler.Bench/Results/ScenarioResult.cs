namespace Scheduler.Bench.Results;

/// <summary>One reported figure: the median of its samples, with the target it is compared to (if any).</summary>
internal sealed record Metric(string Name, double Value, string Unit, IReadOnlyList<double> Samples)
{
    public string? Target { get; init; }
    public bool? Met { get; init; }
}

/// <summary>What one scenario measured, or why it was skipped.</summary>
internal sealed class ScenarioResult(string name, string title)
{
    public string Name { get; } = name;
    public string Title { get; } = title;
    public string? Skipped { get; set; }
    public string? Error { get; set; }
    public List<Metric> Metrics { get; } = [];
    public List<string> Notes { get; } = [];
    public double Seconds { get; set; }

    private readonly Dictionary<string, (string Unit, List<double> Samples)> _samples = [];

    /// <summary>Adds one sample (one run) of a figure; the report shows the median.</summary>
    public void Sample(string metric, double value, string unit)
    {
        if (!_samples.TryGetValue(metric, out var entry)) _samples[metric] = entry = (unit, []);
        entry.Samples.Add(value);
    }

    /// <summary>Turns the collected samples into metrics (medians), in the order they were first sampled.</summary>
    public void Summarize()
    {
        foreach (var (name, (unit, samples)) in _samples)
        {
            if (Metrics.Any(m => m.Name == name)) continue;
            Metrics.Add(new Metric(name, Stats.Median(samples), unit, samples));
        }
    }

    public Metric? Find(string name) => Metrics.FirstOrDefault(m => m.Name == name);

    /// <summary>Adds a derived figure (a ratio, a target check).</summary>
    public void Add(string name, double value, string unit, string? target = null, bool? met = null) =>
        Metrics.Add(new Metric(name, value, unit, [value]) { Target = target, Met = met });

    /// <summary>Marks <paramref name="name"/> against a target: value ≥ (or ≤) <paramref name="bound"/>.</summary>
    public void Target(string name, string text, Func<double, bool> met)
    {
        var index = Metrics.FindIndex(m => m.Name == name);
        if (index >= 0) Metrics[index] = Metrics[index] with { Target = text, Met = met(Metrics[index].Value) };
    }
}

/// <summary>Medians and percentiles (nearest rank) over samples.</summary>
internal static class Stats
{
    public static double Median(IReadOnlyList<double> values) => Percentile(values, 50);

    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.OrderBy(v => v).ToArray();
        if (percentile >= 100) return sorted[^1];
        if (percentile == 50 && sorted.Length % 2 == 0) return (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>a ÷ b, or NaN when either is missing.</summary>
    public static double Ratio(double? a, double? b) =>
        a is { } x && b is { } y && y > 0 && !double.IsNaN(x) && !double.IsNaN(y) ? x / y : double.NaN;
}
