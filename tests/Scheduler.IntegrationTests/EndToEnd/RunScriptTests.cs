using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Scheduler.Contracts.Storage;
using Scheduler.IntegrationTests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Scheduler.IntegrationTests.EndToEnd;

/// <summary>
/// ./run.sh as a user runs it, with its embedded Redis, stopped by a Ctrl-C (SIGINT to its whole process group, as a
/// terminal sends it). Redis must stop last: the Redis data written before it stopped shows whether the workers could
/// still hand back their work and remove their heartbeats.
/// </summary>
public sealed partial class RunScriptTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Ctrl_C_stops_beat_workers_and_dashboard_before_the_embedded_Redis_and_leaves_nothing_behind()
    {
        Skip.IfNot(TestPaths.Configuration == "Release", "run.sh --no-build starts the Release build");
        Skip.If(!File.Exists("/usr/bin/setsid") || !File.Exists("/usr/bin/redis-server"), "needs setsid and redis-server");
        using var dir = TestPaths.CreateTempDirectory("run-sh");
        var redisPort = RedisServer.FreePort();
        var lines = new ConcurrentQueue<string>();
        using var script = Start(dir, redisPort, lines);
        var pids = new List<int>();
        try
        {
            pids.AddRange(await StartedAsync(script, lines));

            var keys = new RedisKeys("scheduler:");
            await using (var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redisPort}"))
                await Eventually.WaitAsync(async () => await redis.GetDatabase().SortedSetLengthAsync(keys.Heartbeats), n => n == 4,
                    TimeSpan.FromSeconds(60), "beat, both workers and the dashboard to heart-beat");

            await InterruptAsync(script, lines);
            foreach (var line in lines) output.WriteLine(line);

            var said = lines.ToList();
            var apps = said.FindIndex(l => l.StartsWith("stopping beat worker1 worker2 dashboard"));
            var redisStop = said.FindIndex(l => l.StartsWith("stopping embedded redis-server"));
            Assert.True(apps >= 0 && redisStop > apps, "components must be stopped before Redis");
            Assert.DoesNotContain(said, l => l.Contains("killing it"));
            Assert.All(pids, pid => Assert.False(Directory.Exists($"/proc/{pid}"), $"pid {pid} outlived run.sh"));

            // What Redis held when it stopped: no heartbeat and no Hangfire server left, so nothing looks alive.
            await using var reloaded = await ReloadAsync(dir.File("run/redis"));
            var db = reloaded.Redis.GetDatabase();
            Assert.Equal(0, await db.SortedSetLengthAsync(keys.Heartbeats));
            Assert.Equal(0, await db.SetLengthAsync("{hangfire}:servers"));
        }
        finally
        {
            KillLeftovers(script, pids);
        }
    }

    // setsid: its own process group, so a signal to the group reaches run.sh and its children as a terminal's would;
    // env --default-signal: a test host may start children with SIGINT ignored, which no shell trap can undo.
    private static Process Start(TestPaths.TempDirectory dir, int redisPort, ConcurrentQueue<string> lines)
    {
        var start = new ProcessStartInfo("setsid")
        {
            ArgumentList = { "env", "--default-signal=INT", "bash", Path.Combine(TestPaths.RepositoryRoot, "run.sh"), "--no-build", "--workers=2" },
            WorkingDirectory = TestPaths.RepositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment.Remove("SCHEDULER_REDIS");
        start.Environment["SCHEDULER_EMBEDDED_REDIS_PORT"] = redisPort.ToString();
        start.Environment["Scheduler__Dashboard__Port"] = RedisServer.FreePort().ToString();
        start.Environment["SCHEDULER_RUN_DIR"] = dir.File("run");
        var script = Process.Start(start)!;
        script.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        script.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
        return script;
    }

    private static async Task<List<int>> StartedAsync(Process script, ConcurrentQueue<string> lines)
    {
        await Eventually.WaitAsync(() => Task.FromResult(script.HasExited || lines.Any(l => l.StartsWith("Ctrl-C stops"))),
            TimeSpan.FromSeconds(90), "run.sh to start everything");
        Assert.False(script.HasExited, "run.sh exited at start:\n" + string.Join('\n', lines));
        var pids = lines.Select(l => Pid().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(5, pids.Count); // redis, beat, 2 workers, dashboard
        return pids;
    }

    // A stop that does not end says how far it got: what run.sh printed, and what is left of its process group.
    private static async Task InterruptAsync(Process script, ConcurrentQueue<string> lines)
    {
        using var kill = Process.Start("kill", ["-INT", "--", $"-{script.Id}"])!;
        kill.WaitForExit();
        Assert.True(kill.ExitCode == 0, $"kill -INT -{script.Id} exited {kill.ExitCode}");
        try
        {
            await script.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);
        }
        catch (OperationCanceledException)
        {
            var left = Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(d => d!.All(char.IsAsciiDigit))
                .Select(d => File.Exists($"/proc/{d}/cmdline") ? $"{d}: {File.ReadAllText($"/proc/{d}/cmdline").Replace('\0', ' ')}" : d)
                .Where(p => p.Contains("run.sh") || p.Contains("Scheduler.") || p.Contains("redis-server"));
            Assert.Fail($"run.sh did not end within 90 s of SIGINT; it printed:\n{string.Join('\n', lines)}\nstill running:\n{string.Join('\n', left)}");
        }
        script.WaitForExit();
    }

    private static void KillLeftovers(Process script, IEnumerable<int> pids)
    {
        if (!script.HasExited) Process.Start("kill", ["-KILL", "--", $"-{script.Id}"])!.WaitForExit();
        foreach (var pid in pids.Where(pid => Directory.Exists($"/proc/{pid}")))
            Process.Start("kill", ["-KILL", pid.ToString()])!.WaitForExit();
    }

    [SkippableFact]
    public async Task The_stop_names_only_what_it_stops_and_says_which_component_had_already_exited()
    {
        Skip.IfNot(TestPaths.Configuration == "Release", "run.sh --no-build starts the Release build");
        Skip.If(!File.Exists("/usr/bin/setsid") || !File.Exists("/usr/bin/redis-server"), "needs setsid and redis-server");
        using var dir = TestPaths.CreateTempDirectory("run-sh-exited");
        var lines = new ConcurrentQueue<string>();
        using var script = Start(dir, RedisServer.FreePort(), lines);
        var pids = new List<int>();
        try
        {
            pids.AddRange(await StartedAsync(script, lines));
            var worker2 = int.Parse(Pid().Match(lines.Single(l => l.StartsWith("started worker2"))).Groups[1].Value);
            // A component that died on its own (a crash, an OOM kill) before the user stops the rest.
            Process.Start("kill", ["-KILL", worker2.ToString()])!.WaitForExit();
            await Eventually.WaitAsync(() => Task.FromResult(!Directory.Exists($"/proc/{worker2}")), TimeSpan.FromSeconds(10), "worker2 to be gone");

            await InterruptAsync(script, lines);
            foreach (var line in lines) output.WriteLine(line);

            var said = lines.ToList();
            Assert.Contains($"already exited: worker2 (pid {worker2})", string.Join('\n', said));
            var stopping = Assert.Single(said, l => l.StartsWith("stopping beat", StringComparison.Ordinal));
            Assert.StartsWith("stopping beat worker1 dashboard (pid ", stopping);
            Assert.DoesNotContain(worker2.ToString(), stopping);
            Assert.Contains(said, l => l.StartsWith("stopping embedded redis-server"));
            Assert.Contains("stopped.", said);
            Assert.All(pids, pid => Assert.False(Directory.Exists($"/proc/{pid}"), $"pid {pid} outlived run.sh"));
        }
        finally
        {
            KillLeftovers(script, pids);
        }
    }

    private static async Task<ReloadedRedis> ReloadAsync(string directory)
    {
        var port = RedisServer.FreePort();
        var process = Process.Start(new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", port.ToString(), "--bind", "127.0.0.1", "--dir", directory, "--appendonly", "yes", "--save", "", "--loglevel", "warning" },
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        IConnectionMultiplexer? redis = null;
        await Eventually.WaitAsync(async () =>
        {
            try
            {
                redis ??= await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},connectTimeout=300");
                // Connected is not loaded: until its AOF is read back Redis answers LOADING.
                await redis.GetDatabase().PingAsync();
                return true;
            }
            catch (RedisConnectionException) { return false; }
            catch (RedisServerException e) when (e.Message.StartsWith("LOADING", StringComparison.Ordinal)) { return false; }
        }, TimeSpan.FromSeconds(20), "the reloaded redis-server to have loaded its data");
        return new ReloadedRedis(process, redis!);
    }

    private sealed record ReloadedRedis(Process Process, IConnectionMultiplexer Redis) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Redis.DisposeAsync();
            Process.Kill();
            await Process.WaitForExitAsync();
            Process.Dispose();
        }
    }

    [GeneratedRegex(@"\(pid (\d+)[,)]")]
    private static partial Regex Pid();
}
