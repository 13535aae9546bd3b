using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.EndToEnd;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// Overlap queue when the running run's worker dies: the run queued behind it may start once the dead one is taken
/// out of flight, and the lost run's next attempt then waits for it, never running beside it.
/// </summary>
public sealed class QueuedRunAfterWorkerDeathTests
{
    [Fact]
    public async Task A_run_whose_worker_died_and_the_run_queued_behind_it_never_execute_side_by_side()
    {
        await using var redis = await RedisTestContext.CreateAsync("queued-after-death");
        using var dir = TestPaths.CreateTempDirectory("queued-after-death");
        // One Hangfire worker a process: the run queued behind waits on the other process, not beside the first.
        await using var system = await ProcessSystem.StartAsync(redis, beats: 1, workers: 2, new Dictionary<string, string?>
        {
            ["Scheduler:Beat:WorkerDeadAfter"] = "00:00:06", ["Scheduler:Beat:OrphanCheckInterval"] = "00:00:01", ["Scheduler:Worker:WorkerCount"] = "1",
        });
        var client = redis.CreateClient();
        var log = dir.File("runs");
        var task = await client.ScheduleAsync(new ShellTask("echo \"start $(date +%s%N)\" >> \"$1\"; sleep 8; echo \"end $(date +%s%N)\" >> \"$1\"", [log], UseShell: true)
        {
            Execution = new ExecutionPolicy(MaxRetries: 2),
        }, "every 4 seconds", new ScheduleOptions { Overlap = OverlapPolicy.Queue, MaxRuns = 2 });

        // The first run going on one worker, the second claimed behind it on the other.
        var inFlight = await Eventually.WaitAsync(() => client.GetRunsInProgressAsync(task.Id),
            runs => runs.Count == 2 && runs.Count(r => r.WaitingToStart) == 1, TimeSpan.FromSeconds(60), "one run going and one queued behind it");
        var running = inFlight.Single(r => !r.WaitingToStart);
        system.Kill(new[] { "worker1", "worker2" }.Single(name => running.WorkerId.Contains($":{system[name].Id}:", StringComparison.Ordinal)));
        system.Start("worker3", "Scheduler.Worker");

        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id),
            r => r.Count(run => run.Outcome == RunOutcome.Succeeded) == 2, TimeSpan.FromSeconds(120), "both runs to succeed");

        // The lost attempt's command was killed with its worker (no end); of the two executions after it, the second
        // started after the first ended.
        var lines = File.ReadAllLines(log);
        var starts = lines.Where(l => l.StartsWith("start ", StringComparison.Ordinal)).Select(l => long.Parse(l[6..])).Order().ToList();
        var ends = lines.Where(l => l.StartsWith("end ", StringComparison.Ordinal)).Select(l => long.Parse(l[4..])).Order().ToList();
        // The runs seen in progress and the processes' logs go with a failure: which run the killed worker held says why.
        var seen = string.Join('\n', inFlight.Select(r => $"{r.RunId} attempt {r.Attempt} on {r.WorkerId} waiting {r.WaitingToStart}"));
        Assert.True(starts.Count == 3 && ends.Count == 2, $"{string.Join('\n', lines)}\n{seen}\n{system.Logs()}");
        Assert.True(ends[0] < starts[2], $"two runs executed side by side:\n{string.Join('\n', lines)}\n{seen}\n{system.Logs()}");
        Assert.Equal(2, runs.Select(r => r.RunId).Distinct().Count());
    }
}
