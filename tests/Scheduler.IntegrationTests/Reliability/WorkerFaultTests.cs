using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.EndToEnd;
using Scheduler.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>Workers killed, stopped and poisoned while real processes run real jobs: nothing is lost or double-counted.</summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class WorkerFaultTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestPaths.TempDirectory _plugins = CreatePlugins();

    private static TestPaths.TempDirectory CreatePlugins()
    {
        var dir = TestPaths.CreateTempDirectory("reliability-plugins");
        File.Copy(TestPaths.SamplePluginDll, dir.File("Scheduler.SamplePlugin.dll"));
        return dir;
    }

    public void Dispose() => _plugins.Dispose();

    private Dictionary<string, string?> Settings(string deadAfter = "00:00:08") => new()
    {
        ["Scheduler:Plugins:Folder"] = _plugins.Path,
        ["Scheduler:Beat:WorkerDeadAfter"] = deadAfter,
        ["Scheduler:Beat:OrphanCheckInterval"] = "00:00:01",
    };

    private static PluginCommandTask Sleep(int ms) =>
        new("sample", "sleep", new Dictionary<string, string> { ["ms"] = ms.ToString() }) { Execution = new ExecutionPolicy(MaxRetries: 2, BackoffBase: TimeSpan.FromMilliseconds(100)) };

    [Fact]
    public async Task Jobs_interrupted_by_killed_workers_are_rerun_elsewhere_and_none_is_lost_or_doubled()
    {
        var count = ReliabilityReport.Full ? 1000 : 150;
        await using var redis = await RedisTestContext.CreateAsync("rel-kill");
        await using var system = await ProcessSystem.StartAsync(redis, beats: 1, workers: 3, Settings());
        var client = redis.CreateClient();
        var random = new Random(42);
        var tasks = new List<ScheduledTask>();
        for (var i = 0; i < count; i++) tasks.Add(await client.ScheduleAsync(Sleep(random.Next(50, 501)), "in:1s"));

        var kills = new List<DateTimeOffset>();
        async Task<int> CompletedAsync() => (await client.ListAsync(new ScheduleFilter { Status = ScheduleStatus.Completed }, 10_000)).Count;
        // The first kill lands while worker1 has runs in flight (on a quiet machine the others can take every job first).
        async Task<bool> RunningOnAsync(string name) =>
            (await redis.Redis.GetDatabase().HashValuesAsync(redis.KeyPrefix + "inflight")).Any(e => e.ToString().Contains($":{system[name].Id}:"));
        await Eventually.WaitAsync(CompletedAsync, done => done >= count / 5, TimeSpan.FromSeconds(120), "a fifth of the jobs");
        await Eventually.WaitAsync(() => RunningOnAsync("worker1"), running => running, TimeSpan.FromSeconds(60), "worker1 to run some of them");
        system.Kill("worker1");
        kills.Add(DateTimeOffset.UtcNow);
        system.Start("worker4", "Scheduler.Worker");
        await Eventually.WaitAsync(CompletedAsync, done => done >= count * 11 / 20, TimeSpan.FromSeconds(120), "over half of the jobs");
        system.Kill("worker4");
        kills.Add(DateTimeOffset.UtcNow);
        try
        {
            await Eventually.WaitAsync(CompletedAsync, done => done == count, TimeSpan.FromSeconds(180), "every job to complete");
        }
        catch (TimeoutException e)
        {
            var stuck = (await client.ListAsync(limit: 10_000)).Where(t => t.Status != ScheduleStatus.Completed).Take(5);
            var details = new List<string>();
            foreach (var t in stuck) details.Add($"{t.Id} {t.Status} runs: {string.Join("; ", (await client.GetRunsAsync(t.Id)).Select(r => $"#{r.Attempt} {r.Outcome} {r.WorkerId} {r.Error}"))}");
            var inFlight = await redis.Redis.GetDatabase().HashGetAllAsync(redis.KeyPrefix + "inflight");
            throw new TimeoutException($"{e.Message}\nstuck: {string.Join("\n", details)}\nin flight: {string.Join(", ", inFlight.Select(x => $"{x.Name}={x.Value}"))}\n{system.Logs()}");
        }

        var runs = new List<TaskRun>();
        foreach (var task in tasks) runs.AddRange(await client.GetRunsAsync(task.Id));
        var duplicates = runs.GroupBy(r => r.RunId).Count(g => g.Count(r => r.Outcome == RunOutcome.Succeeded) > 1);
        var interrupted = runs.Where(r => r.Error?.Contains("stopped heart-beating") == true).ToList();
        var recovery = interrupted.Select(lost => runs.Where(r => r.RunId == lost.RunId && r.Outcome == RunOutcome.Succeeded)
            .Select(r => r.StartedAt - kills.Where(k => k <= r.StartedAt).Max()).Single()).DefaultIfEmpty().Max();
        ReliabilityReport.Write(output, $"worker-kill: jobs={count} completed={count} lost=0 duplicate-successes={duplicates} " +
            $"interrupted={interrupted.Count} max-recovery={recovery.TotalSeconds:0.0}s kills={kills.Count}");

        Assert.Equal(0, duplicates);
        Assert.NotEmpty(interrupted);
        Assert.All(interrupted, lost => Assert.False(lost.IsFinal));
        Assert.Equal(count, runs.Count(r => r.Outcome == RunOutcome.Succeeded));
    }

    [Fact]
    public async Task Sigterm_hands_running_jobs_back_recording_each_interrupted_attempt_and_none_is_marked_failed_for_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-sigterm");
        var settings = Settings();
        // Shorter than the jobs, so stopping must hand them back rather than wait for them.
        settings["Scheduler:Worker:ShutdownTimeout"] = "00:00:01";
        await using var system = await ProcessSystem.StartAsync(redis, beats: 1, workers: 1, settings);
        var client = redis.CreateClient();
        // The plugin loaded first: a run is "running" from its claim, and one stopped before its handler started (all five
        // waiting on the plugin's first load on a loaded machine) is handed back unrecorded, which is not what this tests.
        var warm = await client.ScheduleAsync(Sleep(10), "in:1s");
        await Eventually.WaitAsync(() => client.GetAsync(warm.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(30), "the plugin's first run");
        var tasks = new List<ScheduledTask>();
        for (var i = 0; i < 5; i++) tasks.Add(await client.ScheduleAsync(Sleep(6000), "in:1s"));
        await Eventually.WaitAsync(() => client.ListAsync(new ScheduleFilter { Status = ScheduleStatus.Running }), r => r.Count == 5, TimeSpan.FromSeconds(30), "five running jobs");
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        var stoppedPid = system["worker1"].Id;
        system.Terminate("worker1");
        await Eventually.WaitAsync(() => Task.FromResult(system["worker1"].HasExited), TimeSpan.FromSeconds(30), "worker1 to stop");
        system.Start("worker2", "Scheduler.Worker");
        foreach (var task in tasks)
            await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(90), $"{task.Id} to complete");

        var runs = new List<TaskRun>();
        foreach (var task in tasks) runs.AddRange(await client.GetRunsAsync(task.Id));
        var failedForIt = runs.Count(r => r.Outcome != RunOutcome.Succeeded && r.IsFinal);
        ReliabilityReport.Write(output, $"graceful-shutdown: jobs=5 completed=5 failed-for-it={failedForIt} " +
            $"handed-back={runs.Count(r => r.Attempt > 1)} recorded-interrupted={runs.Count(r => r.Attempt == 1)} worker-exit-code={system["worker1"].ExitCode}");
        // Each run: attempt 1 cut short by the stop and recorded so (as a dead worker's lost attempt is, not final),
        // attempt 2 run to success on the next worker, which is the run's outcome and the task's.
        foreach (var task in tasks)
        {
            var history = runs.Where(r => r.TaskId == task.Id).OrderBy(r => r.Attempt).ToList();
            Assert.True(history.Count == 2, $"{task.Id}: {string.Join("; ", history.Select(r => $"#{r.Attempt} {r.Outcome} {r.Error}"))}\n{system.Logs()}");
            var (interrupted, next) = (history[0], history[1]);
            Assert.Equal((1, RunOutcome.Failed, false), (interrupted.Attempt, interrupted.Outcome, interrupted.IsFinal));
            Assert.Contains($":{stoppedPid}:", interrupted.WorkerId);
            Assert.Equal($"worker {interrupted.WorkerId} stopped (shut down) during attempt 1; handed back", interrupted.Error);
            Assert.Equal((2, RunOutcome.Succeeded, true), (next.Attempt, next.Outcome, next.IsFinal));
            Assert.Equal(interrupted.RunId, next.RunId);
            var run = (await client.GetRunAsync(next.RunId))!;
            Assert.Equal((RunState.Ended, RunOutcome.Succeeded, 2, false), (run.State, run.Outcome, run.Attempts.Count, run.EarlierAttemptsTrimmed));
            var ended = (await client.GetAsync(task.Id))!;
            Assert.Equal((ScheduleStatus.Completed, RunOutcome.Succeeded), (ended.Status, ended.LastOutcome));
        }
        // Counted as no failure: not in the failed list, no failure announced. Each interrupted attempt, whose start was
        // announced, is announced ended once, as the watchdog announces a dead worker's: a retry, with the hand-back's error.
        Assert.Equal(0, (await client.GetFailedRunsAsync()).Total);
        Assert.Empty(await client.GetRecentEventsAsync(EventTypePattern.Parse("task.failure"), 10));
        var retries = await client.GetRecentEventsAsync(EventTypePattern.Parse("task.retry"), 20);
        Assert.Equal(runs.Where(r => r.Attempt == 1).Select(r => (r.TaskId, r.RunId, r.Error)).Order(),
            retries.Select(e => (e.TaskId, e.Data["runId"], (string?)e.Data["error"])).Order());
        Assert.Equal(0, failedForIt);
        Assert.Equal(0, system["worker1"].ExitCode);
    }

    [Fact]
    public async Task Poison_task_that_crashes_workers_is_quarantined_and_workers_stop_dying()
    {
        var settings = Settings();
        settings["Scheduler:Beat:MaxWorkerLosses"] = "2";
        await using var redis = await RedisTestContext.CreateAsync("rel-poison");
        await using var system = await ProcessSystem.StartAsync(redis, beats: 1, workers: 2, settings);
        var client = redis.CreateClient();

        var poison = await client.ScheduleAsync(new PluginCommandTask("sample", "crash"), "in:1s");
        await Eventually.WaitAsync(() => Task.FromResult(system.Exited.Count), n => n == 1, TimeSpan.FromSeconds(30), "the first worker to crash");
        await Eventually.WaitAsync(() => Task.FromResult(system.Exited.Count), n => n == 2, TimeSpan.FromSeconds(60), "the re-queued poison to crash the second worker");
        var quarantined = await Eventually.WaitAsync(() => client.GetAsync(poison.Id), t => t!.Status == ScheduleStatus.Failed, TimeSpan.FromSeconds(60), "quarantine");

        system.Start("worker3", "Scheduler.Worker");
        var healthy = await client.ScheduleAsync(new NotificationTask("after the poison"), "in:1s");
        await Eventually.WaitAsync(() => client.GetAsync(healthy.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(60), "a normal job after quarantine");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var runs = await client.GetRunsAsync(poison.Id);
        ReliabilityReport.Write(output, $"poison: worker-deaths={system.Exited.Count} quarantined={quarantined!.Status == ScheduleStatus.Failed} " +
            $"attempts={runs.Count} later-jobs-ok=true worker3-alive={!system["worker3"].HasExited}");
        Assert.False(system["worker3"].HasExited);
        Assert.Equal(2, system.Exited.Count);
        Assert.Contains(runs, r => r.IsFinal && r.Error!.StartsWith("quarantined"));
    }
}
