using Scheduler.IntegrationTests.Reliability.Faults;
using Xunit.Abstractions;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// The real system under every kind of fault at once over a mixed workload, counted from what the work itself reported
/// (shell lines, webhook deliveries): nothing lost outside Redis's own fsync window, nothing run twice or early, nothing
/// left running, every process up or restarted by its supervisor.
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class FaultSuiteTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Under_worker_beat_and_redis_faults_every_occurrence_runs_exactly_once_on_time_and_nothing_is_left_running()
    {
        await using var harness = await FaultHarness.StartAsync();
        var result = await harness.RunAsync(FaultScenario.Quick, output.WriteLine);
        Report(result, "fault-suite");

        var failures = Failures(result);
        if (failures.Count > 0) File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "fault-suite-logs.txt"), harness.System.Logs());
        Assert.True(failures.Count == 0, $"{string.Join("; ", failures)}\n{result.Table()}\n{string.Join("\n", result.Tally.Anomalies)}" +
            $"\n{string.Join("\n", result.UnexpectedExits)}");
    }

    /// <summary>The soak (scripts/soak.sh): minutes of every fault over a bigger workload; skipped unless SCHEDULER_SOAK_MINUTES is set.</summary>
    [SkippableFact]
    public async Task Soak_under_repeated_faults_counts_every_occurrence()
    {
        var minutes = Environment.GetEnvironmentVariable("SCHEDULER_SOAK_MINUTES");
        Skip.If(string.IsNullOrEmpty(minutes), "the soak runs only from scripts/soak.sh (SCHEDULER_SOAK_MINUTES)");
        await using var harness = await FaultHarness.StartAsync();
        var result = await harness.RunAsync(FaultScenario.Soak(double.Parse(minutes!, System.Globalization.CultureInfo.InvariantCulture)), output.WriteLine);
        Report(result, "fault-soak");
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "soak.txt"),
            $"{result.Table()}\n{string.Join("\n", result.Tally.Anomalies)}\n{string.Join("\n", result.UnexpectedExits)}\n");
        var failures = Failures(result);
        Assert.True(failures.Count == 0, string.Join("; ", failures));
    }

    private void Report(FaultResult result, string name)
    {
        var t = result.Total;
        ReliabilityReport.Write(output, $"{name}: scheduled={t.Scheduled} ran-once={t.Once} lost={t.Lost} ran-twice={t.Twice} early={t.Early} " +
            $"left-running={t.LeftRunning} fsync-window={t.FsyncWindow} kill-window={t.KillWindow} re-run={t.Rerun} orphaned={t.Orphaned} history-disagrees={t.HistoryDisagrees} " +
            $"faults={result.Faults.Count} restarts={result.Restarts} unexpected-exits={result.UnexpectedExits.Count} processes-up={result.ProcessesUp}");
        output.WriteLine(result.Table());
        File.WriteAllLines(Path.Combine(AppContext.BaseDirectory, $"{name}-occurrences.csv"), result.Tally.Csv);
        foreach (var anomaly in result.Tally.Anomalies) output.WriteLine(anomaly);
    }

    private static List<string> Failures(FaultResult result)
    {
        var t = result.Total;
        var failures = new List<string>();
        if (t.Lost > 0) failures.Add($"{t.Lost} lost");
        if (t.Twice > 0) failures.Add($"{t.Twice} ran twice");
        if (t.Early > 0) failures.Add($"{t.Early} started early");
        if (t.LeftRunning > 0) failures.Add($"{t.LeftRunning} left running");
        if (!result.ProcessesUp) failures.Add("not every process is up at the end");
        if (t.Scheduled == 0) failures.Add("nothing was scheduled");
        return failures;
    }
}
