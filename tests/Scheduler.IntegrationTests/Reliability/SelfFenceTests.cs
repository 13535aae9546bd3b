using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.EndToEnd;
using Scheduler.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// A worker cut off from Redis (Scheduler:Execution:FenceAfter) stops its shell commands before Beat takes it for dead
/// and starts their runs elsewhere, and hands a run back when no one took it over. The worker reaches Redis through a
/// relay the test cuts, while Beat and the other worker reach it directly: a partition around one host.
/// </summary>
public sealed class SelfFenceTests
{
    // The command notes its start, a tick every 0.2 s (its pid and the time in ns), then its end: the first start runs for 30 s
    // or more (it must outlive the cut by far, so only a stop ends it in time), a later one for 4 s.
    private const string Script = "n=20; [ -f \"$1\" ] || n=150; echo \"start $$\" >> \"$1\"; i=0; while [ $i -lt $n ]; do echo \"tick $$ $(date +%s%N)\" >> \"$1\"; sleep 0.2; i=$((i+1)); done; echo \"done $$\" >> \"$1\"";

    private static Dictionary<string, string?> Settings(string workerDeadAfter) => new()
    {
        ["Scheduler:Beat:WorkerDeadAfter"] = workerDeadAfter, ["Scheduler:Beat:OrphanCheckInterval"] = "00:00:01",
        ["Scheduler:Execution:FenceAfter"] = "00:00:04", ["Scheduler:Shell:KillGracePeriod"] = "00:00:02",
    };

    [Fact]
    public async Task A_worker_cut_off_from_Redis_stops_its_command_before_Beat_starts_the_run_on_another_worker()
    {
        await using var cut = await CutOffWorker.StartAsync("self-fence-taken", workerDeadAfter: "00:00:10");
        var (system, relay, client, log, task, first) = (cut.System!, cut.Relay, cut.Client, cut.Log, cut.Task, cut.FirstPid);
        // The second worker comes once the command runs on the first: only it can take the run over.
        system.Start("worker2", "Scheduler.Worker");
        await system.WaitAliveAsync(1, 2);

        relay.Cut();

        // Beat takes worker1 for dead 10 s after its last heartbeat and starts the run on worker2; the fence (4 s, then at
        // most 2 s of SIGTERM grace) must have ended the first command by then. What is checked is that order.
        var second = await StartedAsync(log, 2, TimeSpan.FromSeconds(90));
        Assert.False(Alive(first), $"the run started again (pid {second}) while the cut-off worker's command (pid {first}) still ran\n{system.Logs()}");
        Assert.True(LastTick(log, first) < FirstTick(log, second), "the two commands ran side by side");

        relay.Heal();
        var runs = await TaskRuns.UntilFinalAsync(client, task.Id, TimeSpan.FromSeconds(90));
        Assert.Equal(RunOutcome.Succeeded, runs[^1].Outcome);
        Assert.Contains("stopped heart-beating", runs[0].Error);
        Assert.Single(File.ReadAllLines(log), line => line.StartsWith("done", StringComparison.Ordinal));
        // Once Redis answered, the fenced worker found its run taken over and wrote nothing for it.
        await Eventually.WaitAsync(() => Task.FromResult(system["worker1"].Output), output => output.Contains("took the run over"), TimeSpan.FromSeconds(30),
            "the fenced worker to find its run taken over");
        Assert.DoesNotContain(await client.GetRunsAsync(task.Id), run => run.Error?.Contains("cut off from Redis") == true);
    }

    [Fact]
    public async Task A_worker_cut_off_from_Redis_briefly_hands_its_stopped_run_back_and_the_run_completes_once()
    {
        // Beat would take the worker for dead only after 30 s: the cut below ends well before.
        await using var cut = await CutOffWorker.StartAsync("self-fence-back", workerDeadAfter: "00:00:30");
        var (relay, client, log, task, first) = (cut.Relay, cut.Client, cut.Log, cut.Task, cut.FirstPid);

        relay.Cut();
        await Eventually.WaitAsync(() => Task.FromResult(Alive(first)), alive => !alive, TimeSpan.FromSeconds(30), "the fence to stop the command");
        relay.Heal();

        var runs = await TaskRuns.UntilFinalAsync(client, task.Id, TimeSpan.FromSeconds(90));
        Assert.Equal(2, runs.Count);
        Assert.Contains("cut off from Redis", runs[0].Error);
        Assert.False(runs[0].IsFinal);
        Assert.Equal(RunOutcome.Succeeded, runs[1].Outcome);
        var second = int.Parse(File.ReadAllLines(log).Where(l => l.StartsWith("start ", StringComparison.Ordinal)).Last()[6..]);
        Assert.NotEqual(first, second);
        Assert.True(LastTick(log, first) < FirstTick(log, second), "the two commands ran side by side");
        Assert.Single(File.ReadAllLines(log), line => line.StartsWith("done", StringComparison.Ordinal));
        var done = await client.GetAsync(task.Id);
        Assert.Equal(1, done!.RunCount);
    }

    [Fact]
    public async Task A_command_that_ended_while_its_worker_was_cut_off_and_its_run_started_elsewhere_leaves_both_executions_in_the_history()
    {
        // A command that ends inside the cut (it waits for the test's word that the cut is on), before the fence: its
        // outcome waits in the worker for Redis, while Beat takes the worker for dead (10 s) and the run starts again on
        // worker2. Whichever outcome lands second is kept.
        await using var cut = await CutOffWorker.StartAsync("late-outcome-cut", workerDeadAfter: "00:00:10",
            script: "echo \"start $$\" >> \"$1\"; while [ ! -f \"$1.cut\" ]; do sleep 0.1; done; sleep 1; echo \"done $$\" >> \"$1\"");
        var (system, relay, client, log, task) = (cut.System!, cut.Relay, cut.Client, cut.Log, cut.Task);
        system.Start("worker2", "Scheduler.Worker");
        await system.WaitAliveAsync(1, 2);

        relay.Cut();
        await File.WriteAllTextAsync(log + ".cut", "");
        await StartedAsync(log, 2, TimeSpan.FromSeconds(90));
        await Eventually.WaitAsync(() => Task.FromResult(File.ReadAllLines(log).Count(l => l.StartsWith("done", StringComparison.Ordinal))), n => n == 2,
            TimeSpan.FromSeconds(30), "both executions to end");
        relay.Heal();

        // Beat's record of the attempt it took for lost, and each execution: one final, the other kept, not final, saying why.
        var history = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), runs => runs.Count == 3, TimeSpan.FromSeconds(60),
            "the cut-off worker's late outcome");
        var said = string.Join('\n', history.Select(r => $"#{r.Attempt} {r.Outcome} final={r.IsFinal} {r.WorkerId} {r.Error}")) + "\n" + system.Logs();
        Assert.True(history.Count(r => r.Error?.Contains("stopped heart-beating", StringComparison.Ordinal) == true) == 1, said);
        var executed = history.Where(r => r.Error?.Contains("stopped heart-beating", StringComparison.Ordinal) != true).ToList();
        Assert.True(executed.Count == 2 && executed.All(r => r.Outcome == RunOutcome.Succeeded) && executed.Count(r => r.IsFinal) == 1, said);
        Assert.Equal(Scheduler.Runtime.Storage.RunLedgerScripts.LateNote, executed.Single(r => !r.IsFinal).Error);
        Assert.Equal(1, (await client.GetAsync(task.Id))!.RunCount);
    }

    // Beat through Redis directly, worker1 through a relay the test cuts, and a long command of one task started on worker1.
    private sealed record CutOffWorker(RedisTestContext Redis, TestPaths.TempDirectory Dir, TcpRelay Relay, ProcessSystem? System,
        Scheduler.Contracts.Client.SchedulerClient Client, string Log, ScheduledTask Task, int FirstPid) : IAsyncDisposable
    {
        public static async Task<CutOffWorker> StartAsync(string name, string workerDeadAfter, string script = Script)
        {
            var redis = await RedisTestContext.CreateAsync(name);
            var dir = TestPaths.CreateTempDirectory(name);
            var relay = new TcpRelay(RedisPort(redis));
            ProcessSystem? system = null;
            try
            {
                system = await ProcessSystem.StartAsync(redis, beats: 1, workers: 0, Settings(workerDeadAfter));
                system.Start("worker1", "Scheduler.Worker", $"--SCHEDULER_REDIS={Through(relay, redis)}");
                await system.WaitAliveAsync(1, 1);
                var client = redis.CreateClient();
                var log = dir.File("lines");
                var task = await client.ScheduleAsync(new ShellTask(script, [log], UseShell: true) { Execution = new ExecutionPolicy(MaxRetries: 0) }, "in:1s");
                return new CutOffWorker(redis, dir, relay, system, client, log, task, await StartedAsync(log, 1));
            }
            catch
            {
                await new CutOffWorker(redis, dir, relay, system, null!, "", null!, 0).DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (System is not null) await System.DisposeAsync();
            await Relay.DisposeAsync();
            Dir.Dispose();
            await Redis.DisposeAsync();
        }
    }

    private static int RedisPort(RedisTestContext redis) => ConfigurationOptions.Parse(redis.ConnectionString).EndPoints.Single() switch
    {
        System.Net.IPEndPoint ip => ip.Port,
        System.Net.DnsEndPoint dns => dns.Port,
        var other => throw new InvalidOperationException($"unexpected Redis endpoint {other}"),
    };

    private static string Through(TcpRelay relay, RedisTestContext redis)
    {
        var options = ConfigurationOptions.Parse(redis.ConnectionString);
        options.EndPoints.Clear();
        options.EndPoints.Add(System.Net.IPAddress.Loopback, relay.Port);
        return options.ToString(includePassword: true);
    }

    private static async Task<int> StartedAsync(string log, int count, TimeSpan? timeout = null)
    {
        var starts = await Eventually.WaitAsync(() => Task.FromResult(Starts(log)), s => s.Count >= count, timeout ?? TimeSpan.FromSeconds(60), $"start {count} of the command");
        return starts[count - 1];
    }

    private static List<int> Starts(string log) =>
        File.Exists(log) ? [.. File.ReadAllLines(log).Where(l => l.StartsWith("start ", StringComparison.Ordinal)).Select(l => int.Parse(l[6..]))] : [];

    private static long LastTick(string log, int pid) => Ticks(log, pid).DefaultIfEmpty(long.MinValue).Max();

    private static long FirstTick(string log, int pid) => Ticks(log, pid).DefaultIfEmpty(long.MaxValue).Min();

    private static IEnumerable<long> Ticks(string log, int pid) =>
        File.ReadAllLines(log).Select(l => l.Split(' ')).Where(p => p.Length == 3 && p[0] == "tick" && p[1] == pid.ToString()).Select(p => long.Parse(p[2]));

    // A killed process stays in /proc as a zombie until its parent collects it.
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
