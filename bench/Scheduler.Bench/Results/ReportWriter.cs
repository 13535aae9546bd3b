using System.Globalization;
using System.Text.Json;

namespace Scheduler.Bench.Results;

/// <summary>Prints the results table and writes them as JSON.</summary>
internal static class ReportWriter
{
    public static void PrintTable(IEnumerable<ScenarioResult> results)
    {
        Console.WriteLine();
        Console.WriteLine($"{"scenario",-11} {"metric",-36} {"median",12} {"unit",-8} {"target",-16} {"ok",-4} samples");
        Console.WriteLine(new string('-', 110));
        foreach (var result in results)
        {
            if (result.Skipped is not null) Console.WriteLine($"{result.Name,-11} skipped: {result.Skipped}");
            if (result.Error is not null) Console.WriteLine($"{result.Name,-11} FAILED: {result.Error.Split('\n')[0]}");
            foreach (var m in result.Metrics)
            {
                var ok = m.Met switch { true => "yes", false => "NO", null => "" };
                var samples = m.Samples.Count > 1 ? string.Join(" ", m.Samples.Select(Format)) : "";
                Console.WriteLine($"{result.Name,-11} {m.Name,-36} {Format(m.Value),12} {m.Unit,-8} {m.Target ?? "",-16} {ok,-4} {samples}");
            }
        }
        Console.WriteLine();
        foreach (var result in results)
            foreach (var note in result.Notes) Console.WriteLine($"{result.Name}: {note}");
    }

    private static string Format(double value) =>
        double.IsNaN(value) ? "n/a" : Math.Abs(value) >= 100 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.##", CultureInfo.InvariantCulture);

    public static void WriteJson(string path, BenchOptions options, IEnumerable<ScenarioResult> results, TimeSpan elapsed)
    {
        var document = new
        {
            mode = options.Quick ? "quick" : "full",
            startedAt = DateTimeOffset.UtcNow - elapsed,
            seconds = elapsed.TotalSeconds,
            machine = new { cores = Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, dotnet = Environment.Version.ToString() },
            settings = new { options.Runs, options.Tasks, options.Callers, options.WorkersPerProcess, options.ProcessCounts, options.RecurringSchedules },
            scenarios = results.Select(r => new
            {
                name = r.Name, title = r.Title, skipped = r.Skipped, error = r.Error, seconds = r.Seconds, notes = r.Notes,
                metrics = r.Metrics.Select(m => new
                {
                    name = m.Name, value = Finite(m.Value), unit = m.Unit, target = m.Target, met = m.Met,
                    samples = m.Samples.Select(Finite),
                }),
            }),
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
