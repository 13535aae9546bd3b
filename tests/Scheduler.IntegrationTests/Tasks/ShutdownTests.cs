using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>
/// Host shutdown is not a cancel: the running attempt stops and is recorded handed back (failed, not final: no failure
/// of the task's), and the job goes back to Hangfire for the next attempt.
/// </summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Worker_shutdown_stops_a_running_command_and_records_its_attempt_handed_back_not_failed()
    {
        await using var redis = await RedisTestContext.CreateAsync("shutdown");
        using var dir = TestPaths.CreateTempDirectory("shutdown");
        var client = redis.CreateClient();
        var pid = 0;
        try
        {
            var system = await InProcessSystem.StartAsync(redis, settings: new Dictionary<string, string?> { ["Scheduler:Worker:ShutdownTimeout"] = "00:00:02" });
            var scheduled = await TaskRuns.StartAsync(client,
                new ShellTask("sleep 60 & echo $! > \"$1\"; wait", [dir.File("pid")], UseShell: true) { Execution = TaskRuns.Fast(retries: 3, softSeconds: 120, hardSeconds: 180) });
            pid = await ProcessProbe.ReadPidAsync(dir.File("pid"));

            await system.DisposeAsync();

            await Eventually.WaitAsync(() => Task.FromResult(!ProcessProbe.IsAlive(pid)), TimeSpan.FromSeconds(10), $"child {pid} to die");
            var handedBack = Assert.Single(await client.GetRunsAsync(scheduled.Id));
            Assert.Equal((1, RunOutcome.Failed, false), (handedBack.Attempt, handedBack.Outcome, handedBack.IsFinal));
            Assert.Equal($"worker {handedBack.WorkerId} stopped (shut down) during attempt 1; handed back", handedBack.Error);
            var task = (await client.GetAsync(scheduled.Id))!;
            Assert.True(task.Status is not (ScheduleStatus.Cancelled or ScheduleStatus.Failed), $"status {task.Status}");
            Assert.Null(task.LastOutcome);
        }
        finally { ProcessProbe.KillIfAlive(pid); }
    }
}
