using Scheduler.Contracts.Client;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.EndToEnd;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>A worker killed outright leaves no shell command running beside the run handed to another worker.</summary>
public sealed class ShellOrphanTests
{
    [Fact]
    public async Task A_shell_command_whose_worker_is_killed_outright_is_killed_by_the_hosts_other_worker_before_its_run_is_started_again()
    {
        await using var redis = await RedisTestContext.CreateAsync("shell-orphan");
        using var dir = TestPaths.CreateTempDirectory("shell-orphan");
        await using var system = await ProcessSystem.StartAsync(redis, beats: 1, workers: 2, new Dictionary<string, string?>
        {
            ["Scheduler:Beat:WorkerDeadAfter"] = "00:00:08", ["Scheduler:Beat:OrphanCheckInterval"] = "00:00:01",
        });
        var client = redis.CreateClient();
        var log = dir.File("starts");
        var task = await client.ScheduleAsync(new ShellTask("echo $$ >> \"$1\"; sleep 60; echo $$ done >> \"$1\"", [log], UseShell: true)
        {
            Execution = new ExecutionPolicy(MaxRetries: 0),
        }, "in:1s");
        await Eventually.WaitAsync(() => Task.FromResult(File.Exists(log) ? File.ReadAllLines(log) : Array.Empty<string>()), lines => lines.Length == 1, TimeSpan.FromSeconds(60), "the command to start");
        var first = int.Parse(File.ReadAllLines(log)[0]);
        var inFlight = (await redis.Redis.GetDatabase().HashValuesAsync(redis.KeyPrefix + "inflight")).Select(v => v.ToString()).Single();
        var runner = new[] { "worker1", "worker2" }.Single(name => inFlight.Contains($":{system[name].Id}:"));
        // Killed once its worker has listed the command (right after starting it: on a loaded machine the command may
        // write its line first). A kill before the listing is a window no other worker can see into.
        var listing = Scheduler.Worker.Shell.ShellGroupRegistry.Directory;
        await Eventually.WaitAsync(() => Task.FromResult(Directory.Exists(listing)
                && Directory.EnumerateFiles(listing, $"{system[runner].Id}.*.{first}.*").Any()), listed => listed,
            TimeSpan.FromSeconds(30), "the command listed under its worker");

        system.Kill(runner);

        // Killed by the other worker's sweep (every 2 s), before Beat finds the worker dead (8 s) and its run is started
        // again: what is checked is that order, not a time (a loaded machine can slow both). Liveness is read before the
        // starts, so a second start seen while the orphan was still alive fails the test.
        var (stillAlive, startsSeen) = await Eventually.WaitAsync(
            () => Task.FromResult((Alive: Alive(first), Starts: File.ReadAllLines(log).Length)),
            seen => !seen.Alive || seen.Starts > 1, TimeSpan.FromSeconds(60), "the orphaned command to be killed or the run to start again");
        Assert.False(stillAlive, $"the run started again ({startsSeen} starts) while its orphaned command still ran");
        var starts = await Eventually.WaitAsync(() => Task.FromResult(File.ReadAllLines(log)), lines => lines.Length == 2, TimeSpan.FromSeconds(60), "the run to start again");
        Assert.DoesNotContain(starts, line => line.EndsWith("done", StringComparison.Ordinal));
        // The attempt lost with its worker is recorded with the occurrence's due instant, as every other attempt is.
        var lost = (await client.GetRunsAsync(task.Id)).Single(r => r.Attempt == 1);
        Assert.Contains("stopped heart-beating", lost.Error);
        Assert.Equal(task.NextRunAt, lost.DueAt);
    }

    // A killed process stays in /proc as a zombie until its parent (here whatever adopted the orphan) collects it.
    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0] != "Z";
        }
        catch (IOException) { return false; }
    }
}
