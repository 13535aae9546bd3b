using System.Text.Json;
using System.Text.RegularExpressions;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.MethodCalls;
using Scheduler.Contracts.Schedules;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.MethodCalls;

/// <summary>
/// samples/Scheduler.MethodCallSample as real processes: a Beat, a stock worker (queue "default"), the sample running
/// as its own worker host (queue "reports") and the sample scheduling <c>s =&gt; s.SendReport(7, "weekly")</c>.
/// </summary>
public sealed partial class MethodCallSampleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static string SampleDll => Path.Combine(TestPaths.RepositoryRoot, "samples", "Scheduler.MethodCallSample", "bin",
        TestPaths.Configuration, TestPaths.TargetFramework, "Scheduler.MethodCallSample.dll");

    [Fact]
    public async Task The_sample_app_schedules_its_own_method_and_its_worker_host_runs_it_three_times_with_results()
    {
        await using var redis = await RedisTestContext.CreateAsync("methodcall-sample");
        var environment = redis.Settings().ToDictionary(kv => kv.Key.Replace(":", "__"), kv => kv.Value);
        environment["SCHEDULER_PREFIX"] = redis.KeyPrefix;
        await using var beat = ChildProcess.Start("Scheduler.Beat", [], environment);
        await using var stockWorker = ChildProcess.Start("Scheduler.Worker", ["--Scheduler:Worker:WorkerCount=2"], environment);
        await using var appWorker = ChildProcess.StartDll(SampleDll, ["worker", "--Scheduler:Worker:WorkerCount=2"], environment);
        var client = redis.CreateClient();
        try
        {
            await Eventually.WaitAsync(() => client.GetLiveProcessesAsync(TimeSpan.FromSeconds(10)),
                p => p.Count(x => x.StartsWith("worker:")) == 2 && p.Any(x => x.StartsWith("beat:")), Patience, "a beat and two workers");

            var (exitCode, output) = await ChildProcess.RunDllAsync(SampleDll, [], environment, Patience);

            Assert.True(exitCode == 0, $"the sample exited {exitCode}:\n{output}");
            var taskId = ScheduledLine().Match(output).Groups[1].Value;
            var task = await client.GetAsync(taskId);
            Assert.NotNull(task);
            var call = Assert.IsType<MethodCallTask>(task.Task);
            Assert.Equal(("Scheduler.MethodCallSample.ReportService, Scheduler.MethodCallSample", "SendReport"), (call.Service, call.Method));
            Assert.Equal("ReportService.SendReport(7, \"weekly\"): every 2 seconds", task.Name);
            Assert.Equal("reports", task.Options.Queue);
            // A worker behind by a period takes two occurrences at once: under the default (skip) one would be skipped.
            Assert.Equal(OverlapPolicy.Allow, task.Options.Overlap);

            var runs = await client.GetRunsAsync(taskId);
            Assert.Equal(3, runs.Count);
            Assert.All(runs, r => Assert.Equal(RunOutcome.Succeeded, r.Outcome));
            var receipts = runs.Select(r => JsonDocument.Parse(r.Result!).RootElement).ToList();
            Assert.All(receipts, r => Assert.Equal((7, "weekly"), (r.GetProperty("customerId").GetInt32(), r.GetProperty("period").GetString())));
            Assert.Equal([1, 2, 3], receipts.Select(r => r.GetProperty("number").GetInt32()).Order());
            // Only the app's own host took them: the stock worker listens on "default" and has no ReportService.
            Assert.All(runs, r => Assert.Contains($":{appWorker.Id}:", r.WorkerId));
            Assert.Equal(3, Regex.Count(output, "Succeeded \\{\"customerId\":7,\"period\":\"weekly\",\"number\":\\d\\}"));
            await Eventually.WaitAsync(() => client.GetAsync(taskId), t => t!.Status == ScheduleStatus.Completed, Patience, "the schedule to complete after 3 runs");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n--- beat\n{Tail(beat.Output)}\n--- app worker\n{Tail(appWorker.Output)}\n--- stock worker\n{Tail(stockWorker.Output)}");
        }
    }

    private static string Tail(string text) => text.Length > 3000 ? text[^3000..] : text;

    [GeneratedRegex("scheduled (\\S+):")]
    private static partial Regex ScheduledLine();
}
