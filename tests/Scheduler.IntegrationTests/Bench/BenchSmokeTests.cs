using System.Diagnostics;
using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Bench;

/// <summary>
/// The benchmark's quick mode runs every scenario against its own private redis-servers and real Beat and worker
/// processes, exits 0 and writes a JSON report in which every scenario that ran has positive figures.
/// </summary>
public sealed class BenchSmokeTests
{
    private static readonly string[] Scenarios = ["enqueue", "e2e", "hangfire", "bullmq", "precision", "recurring", "redis-cost", "rules"];

    [Fact]
    public async Task Quick_mode_reports_every_scenario_with_positive_figures()
    {
        var json = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.json");
        try
        {
            var (exitCode, output) = await RunBenchAsync(["--quick", "--json", json], TimeSpan.FromMinutes(4));
            Assert.True(exitCode == 0, $"the bench exited with {exitCode}:\n{output}");

            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var scenarios = report.RootElement.GetProperty("scenarios").EnumerateArray()
                .ToDictionary(s => s.GetProperty("name").GetString()!, s => s);
            Assert.Equal(Scenarios.Order(), scenarios.Keys.Order());
            foreach (var (name, scenario) in scenarios)
            {
                Assert.True(scenario.GetProperty("error").ValueKind == JsonValueKind.Null, $"{name} failed: {scenario.GetProperty("error")}");
                if (scenario.GetProperty("skipped").ValueKind == JsonValueKind.String)
                {
                    // Quick mode leaves out only the baselines (raw Hangfire, BullMQ), and says why.
                    Assert.Contains(name, new[] { "hangfire", "bullmq" });
                    continue;
                }
                var metrics = scenario.GetProperty("metrics").EnumerateArray().ToList();
                Assert.NotEmpty(metrics);
                foreach (var metric in metrics.Where(m => !m.GetProperty("name").GetString()!.StartsWith("early_")))
                {
                    var metricName = metric.GetProperty("name").GetString()!;
                    Assert.True(metric.GetProperty("value").ValueKind == JsonValueKind.Number, $"{name}.{metricName} is not a number: {metric.GetProperty("value")}");
                    var value = metric.GetProperty("value").GetDouble();
                    if (MayRoundToZero(metricName))
                        Assert.True(value >= 0, $"{name}.{metricName} is negative: {value}");
                    else
                        Assert.True(value > 0, $"{name}.{metricName} is not positive: {value}");
                }
            }
        }
        finally
        {
            File.Delete(json);
        }
    }

    /// <summary>
    /// One process's CPU over quick mode's short windows (Beat firing 100 crons) can be under the kernel's 10 ms
    /// accounting tick and read 0; the totals across processes cannot.
    /// </summary>
    private static bool MayRoundToZero(string metric) =>
        metric.Contains("redis_floor", StringComparison.Ordinal)
        || (metric.Contains("cpu", StringComparison.Ordinal) && !metric.Contains("total", StringComparison.Ordinal)
            && OneProcess.Any(p => metric.Contains(p, StringComparison.Ordinal)));

    private static readonly string[] OneProcess = ["beat", "workers", "redis", "client"];

    private static async Task<(int ExitCode, string Output)> RunBenchAsync(string[] args, TimeSpan timeout)
    {
        var dll = TestPaths.BenchDll;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = TestPaths.RepositoryRoot };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // The bench kills its own children on exit; killing the tree covers a hung bench too.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the quick bench did not finish within {timeout}:\n{await stdout}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
