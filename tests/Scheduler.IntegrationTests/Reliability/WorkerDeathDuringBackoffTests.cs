using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.EndToEnd;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// A worker killed while a failed attempt's retry waits out its backoff in the worker (shorter than
/// Scheduler:Execution:ParkRetriesAfter): the attempt it ran is recorded, and no attempt was running. Beat re-queues
/// the run without recording a lost attempt beside the one recorded (the history showed "attempt 1" twice), and the
/// next worker runs the next attempt.
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class WorkerDeathDuringBackoffTests
{
    [Fact]
    public async Task A_worker_killed_during_a_retrys_backoff_leaves_one_record_per_attempt_and_the_next_worker_runs_the_next_attempt()
    {
        await using var redis = await RedisTestContext.CreateAsync("death-in-backoff");
        using var dir = TestPaths.CreateTempDirectory("death-in-backoff");
        await using var system = await ProcessSystem.StartAsync(redis, beats: 1, workers: 2, new Dictionary<string, string?>
        {
            ["Scheduler:Beat:WorkerDeadAfter"] = "00:00:06", ["Scheduler:Beat:OrphanCheckInterval"] = "00:00:01",
            // A backoff of 10 s waited out in the worker (not parked): room for the kill on a loaded machine.
            ["Scheduler:Execution:ParkRetriesAfter"] = "00:01:00",
        });
        var client = redis.CreateClient();
        // Fails the first time (leaving its mark), succeeds after.
        var task = await client.ScheduleAsync(new ShellTask("if [ -f \"$1\" ]; then exit 0; fi; touch \"$1\"; exit 3", [dir.File("tried")], UseShell: true)
        {
            Execution = new ExecutionPolicy(MaxRetries: 2, BackoffBase: TimeSpan.FromSeconds(10), BackoffMax: TimeSpan.FromSeconds(10)),
        }, "in 1 second");

        // Attempt 1 recorded failed, its retry waiting in the worker that ran it: that worker dies.
        await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), runs => runs.Any(r => r is { Attempt: 1, Outcome: RunOutcome.Failed }),
            TimeSpan.FromSeconds(60), "attempt 1 to fail");
        var holder = Assert.Single(await client.GetRunsInProgressAsync(task.Id));
        system.Kill(new[] { "worker1", "worker2" }.Single(name => holder.WorkerId.Contains($":{system[name].Id}:", StringComparison.Ordinal)));

        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(90), "the task to complete");
        var history = (await client.GetRunsAsync(task.Id)).OrderBy(r => r.Attempt).ToList();
        Assert.True(history.Count == 2, string.Join('\n', history.Select(r => $"#{r.Attempt} {r.Outcome} final={r.IsFinal} {r.Error}")) + "\n" + system.Logs());
        Assert.Equal((1, RunOutcome.Failed, false), (history[0].Attempt, history[0].Outcome, history[0].IsFinal));
        Assert.Equal((2, RunOutcome.Succeeded, true), (history[1].Attempt, history[1].Outcome, history[1].IsFinal));
    }
}
