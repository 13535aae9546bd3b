using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>Host shutdown is not a cancel: the running attempt stops but nothing is recorded, so the job goes back to Hangfire.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Worker_shutdown_stops_a_running_command_without_recording_an_attempt()
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
            Assert.Empty(await client.GetRunsAsync(scheduled.Id));
            Assert.NotEqual(ScheduleStatus.Cancelled, (await client.GetAsync(scheduled.Id))!.Status);
        }
        finally { ProcessProbe.KillIfAlive(pid); }
    }
}
