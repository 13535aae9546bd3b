using System.Diagnostics;
using System.Text.RegularExpressions;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.EndToEnd;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Beat.Recovery;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// Redis goes away while shell tasks run on real workers (issue 14): restarted gracefully, or stalled longer than the
/// clients' time-outs. The workers keep each outcome and write it once Redis answers: every occurrence completes
/// exactly once, by its first attempt, none is left running, and no Hangfire job fails because of our own bookkeeping.
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class RedisOutageDuringRunsTests(ITestOutputHelper output)
{
    private const int Runs = 8;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // A fetch the outage cut in half (the job moved to a worker's fetched list, the reply lost) is given back to its
    // queue by Hangfire's fetched-jobs watcher once its check timeout (1 min) has passed, a minute or two later.
    private static readonly TimeSpan RecoveryPatience = TimeSpan.FromSeconds(180);

    // Workers miss heartbeats while Redis is away; they must not count as dead, or the watchdog's recovery (tested
    // elsewhere) would take part.
    private static readonly Dictionary<string, string?> Settings = new() { ["Scheduler:Beat:WorkerDeadAfter"] = "00:00:40" };

    [Fact]
    public async Task Shell_runs_caught_by_a_redis_restart_complete_once_and_their_jobs_succeed()
    {
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("rel-outage-restart", server.ConnectionString);
        await using var system = await ProcessSystem.StartAsync(redis, beats: 1, workers: 2, Settings);
        var tasks = await StartRunsAsync(redis, system);

        await server.StopAsync();
        // The outage itself: every outcome is ready 3 s in, and waits past the clients' 5 s time-out (under load, as in
        // issue 14, a 4 s restart got there too).
        await Task.Delay(TimeSpan.FromSeconds(9));
        await server.StartAgainAsync();

        await AssertEachRanOnceAsync(redis, system, tasks, "redis-restart-during-runs");
    }

    [Fact]
    public async Task Shell_runs_caught_by_a_redis_stall_longer_than_client_timeouts_complete_once_and_their_jobs_succeed()
    {
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("rel-outage-stall", server.ConnectionString);
        await using var system = await ProcessSystem.StartAsync(redis, beats: 1, workers: 2, Settings);
        var tasks = await StartRunsAsync(redis, system);

        server.Stall();
        // Well past the clients' 5 s time-outs: outcomes ready 3 s in time out on the client, then run when Redis resumes.
        await Task.Delay(TimeSpan.FromSeconds(12));
        server.Resume();

        await AssertEachRanOnceAsync(redis, system, tasks, "redis-stall-during-runs");
    }

    [Fact]
    public async Task Idle_worker_threads_take_jobs_within_moments_of_redis_returning_not_after_hangfires_growing_rest()
    {
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("rel-outage-pickup", server.ConnectionString);
        const int threads = 4;
        var settings = new Dictionary<string, string?>(Settings) { ["Scheduler:Worker:WorkerCount"] = $"{threads}" };
        await using var system = await ProcessSystem.StartAsync(redis, beats: 1, workers: 1, settings);
        var client = redis.CreateClient();
        var warm = await client.ScheduleAsync(new ShellTask("true", []), "in 1 second");
        await Eventually.WaitAsync(() => client.GetAsync(warm.Id), t => t?.Status == ScheduleStatus.Completed, Patience, "the first run to complete");

        // Every fetch of the idle threads fails while Redis is away: Hangfire rested a thread n² to (n+1)² s after its n-th
        // failure in a row, so after 16 s some took work again 9–16 s after Redis answered.
        await server.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(16));
        await server.StartAgainAsync();
        var tasks = new List<ScheduledTask>();
        for (var i = 0; i < threads; i++) tasks.Add(await Safe(() => client.ScheduleAsync(new ShellTask("sleep", ["3"]), "in 1 second")) ?? throw new TimeoutException("Redis did not answer"));
        foreach (var task in tasks)
            await Eventually.WaitAsync(() => Safe(() => client.GetAsync(task.Id)), t => t?.Status == ScheduleStatus.Completed, Patience, $"{task.Id} to complete");

        // From its job's creation (Beat's part left out) to its start: one thread each, all idle through the outage.
        var (hangfire, keys) = (new HangfireJobs(redis), new Scheduler.Runtime.Redis.HangfireKeys(redis.HangfirePrefix));
        var pickups = new List<double>();
        foreach (var task in tasks)
        {
            var run = Assert.Single(await client.GetRunsAsync(task.Id));
            var created = FetchedJob.ParseTime(await redis.Redis.GetDatabase().HashGetAsync(keys.Job(await hangfire.JobIdAsync(run)), "CreatedAt"));
            pickups.Add((run.StartedAt - created!.Value).TotalSeconds);
        }
        output.WriteLine($"picked up after {string.Join(", ", pickups.Select(p => $"{p:0.0} s"))}");
        // Under 8 s: one missed wake-up costs a fetch timeout (5 s); Hangfire's rest after three failures is 9 s or more.
        Assert.True(pickups.Max() < 8, $"picked up after {string.Join(", ", pickups.Select(p => $"{p:0.0} s"))}\n{system.Logs()}");
        // The fetches that found Redis away threw nothing, so Hangfire logged nothing: the worker says so itself, once for
        // the outage (not once per thread and look: four threads looked about 130 times), and once when it answered.
        var worker = system["worker1"].Output;
        foreach (var line in worker.Split('\n').Where(l => l.Contains("Fetching jobs"))) output.WriteLine(line);
        var failing = Regex.Matches(worker, "Fetching jobs: Redis did not answer").Count;
        Assert.True(failing is 1 or 2, $"outage warnings: {failing}\n{worker}");
        Assert.Contains("Fetching jobs again: Redis answered after", worker);
    }

    [Fact]
    public async Task Worker_stopped_while_redis_is_away_exits_cleanly_within_its_drain_and_hand_back_bounds()
    {
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("rel-outage-stop", server.ConnectionString);
        var settings = new Dictionary<string, string?>(Settings) { ["Scheduler:Worker:ShutdownTimeout"] = "00:00:02" };
        await using var system = await ProcessSystem.StartAsync(redis, beats: 1, workers: 1, settings);
        var client = redis.CreateClient();
        for (var i = 0; i < 3; i++) await client.ScheduleAsync(new ShellTask("sleep", ["60"]), "in 1 second");
        await Eventually.WaitAsync(() => redis.Redis.GetDatabase().HashLengthAsync(redis.KeyPrefix + "inflight"), n => n == 3, Patience, "three runs in flight");

        await server.StopAsync();
        var stopping = Stopwatch.StartNew();
        try
        {
            system.Terminate("worker1");
            await Eventually.WaitAsync(() => Task.FromResult(system["worker1"].HasExited), TimeSpan.FromSeconds(90), "the worker to exit");
            stopping.Stop();
        }
        // Back for the test's own clean-up of its keys.
        finally { await server.StartAgainAsync(); }

        // Its runs' drain (2 s) and hand-backs (5 s, all at once) are all it waits for: every other Redis step of its stop
        // is skipped while Redis is away. It waited 43-47 s (a client time-out per step, the hand-backs' tries past their
        // bound, the connection's close) and exited 1 as an unsubscribe timed out.
        output.WriteLine($"exited {system["worker1"].ExitCode} after {stopping.Elapsed.TotalSeconds:0.0} s");
        Assert.True(system["worker1"].ExitCode == 0, system.Logs());
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(20), $"exited after {stopping.Elapsed.TotalSeconds:0.0} s\n{system.Logs()}");
    }

    [Fact]
    public async Task Outcome_not_written_within_its_bound_is_dropped_and_the_reconciler_requeues_the_occurrence_which_then_succeeds_once()
    {
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("rel-outage-give-up", server.ConnectionString);
        var settings = new Dictionary<string, string?>(Settings)
        {
            ["Scheduler:Execution:OutcomeWriteTimeout"] = "00:00:01",
            ["Scheduler:Beat:ReconcileAfter"] = "00:00:01",
            ["Scheduler:Beat:OrphanCheckInterval"] = "00:00:00.500",
        };
        await using var system = await InProcessSystem.StartAsync(redis, beats: 1, workers: 1, settings);
        using var dir = TestPaths.CreateTempDirectory("rel-outage-give-up");
        var client = redis.CreateClient();
        // The command ends only once Redis is down, however long stopping it takes on a busy machine.
        var task = await client.ScheduleAsync(new ShellTask("while [ ! -f \"$1\" ]; do sleep 0.1; done", [dir.File("redis-down")], UseShell: true)
            { Execution = TaskRuns.Fast() }, "in 1 second");
        await Eventually.WaitAsync(() => redis.Redis.GetDatabase().HashLengthAsync(redis.KeyPrefix + "inflight"), n => n == 1, Patience, "the run in flight");

        await server.StopAsync();
        await File.WriteAllTextAsync(dir.File("redis-down"), "");
        // The outcome is ready at once and given up 1 s later, well before Redis is back.
        await Task.Delay(TimeSpan.FromSeconds(5));
        await server.StartAgainAsync();

        await Eventually.WaitAsync(() => Safe(() => client.GetAsync(task.Id)), t => t?.Status == ScheduleStatus.Completed, Patience, "the re-queued run to complete");
        var runs = (await client.GetRunsAsync(task.Id)).OrderBy(r => r.Attempt).ToList();
        Assert.Collection(runs,
            lost => Assert.Equal((1, RunOutcome.Failed, false, true), (lost.Attempt, lost.Outcome, lost.IsFinal, (lost.Error ?? "").Contains("never finished"))),
            rerun => Assert.Equal((2, RunOutcome.Succeeded, true), (rerun.Attempt, rerun.Outcome, rerun.IsFinal)));
        Assert.Equal("Succeeded", (await new HangfireJobs(redis).FinalStateAsync(runs[1])).Name);
        Assert.Equal(0, await redis.Redis.GetDatabase().HashLengthAsync(redis.KeyPrefix + "inflight"));
    }

    // Shell runs of 3 s, at least half of them in flight when this returns.
    private static async Task<IReadOnlyList<ScheduledTask>> StartRunsAsync(RedisTestContext redis, ProcessSystem system)
    {
        var client = redis.CreateClient();
        var tasks = new List<ScheduledTask>();
        for (var i = 0; i < Runs; i++)
            tasks.Add(await client.ScheduleAsync(new ShellTask("sleep", ["3"]) { Execution = TaskRuns.Fast(softSeconds: 20, hardSeconds: 30) }, "in 2 seconds"));
        var inFlight = redis.KeyPrefix + "inflight";
        try
        {
            // Not necessarily all: a worker whose wake-up message is missed fetches a few seconds later.
            await Eventually.WaitAsync(() => redis.Redis.GetDatabase().HashLengthAsync(inFlight), n => n >= Runs / 2, Patience, "half the runs in flight");
        }
        catch (TimeoutException e)
        {
            var statuses = await Task.WhenAll(tasks.Select(t => client.GetAsync(t.Id)));
            throw new TimeoutException($"{e.Message}; statuses: {string.Join(", ", statuses.Select(t => t?.Status))}\n{system.Logs()}", e);
        }
        return tasks;
    }

    private async Task AssertEachRanOnceAsync(RedisTestContext redis, ProcessSystem system, IReadOnlyList<ScheduledTask> tasks, string fault)
    {
        var client = redis.CreateClient();
        var started = DateTimeOffset.UtcNow;
        foreach (var task in tasks)
            await Eventually.WaitAsync(() => Safe(() => client.GetAsync(task.Id)), t => t?.Status == ScheduleStatus.Completed, RecoveryPatience, $"{task.Id} to complete");
        var recovery = DateTimeOffset.UtcNow - started;

        var hangfire = new HangfireJobs(redis);
        var histories = new List<IReadOnlyList<TaskRun>>();
        var jobStates = new List<string?>();
        foreach (var task in tasks)
        {
            var runs = await client.GetRunsAsync(task.Id);
            histories.Add(runs);
            if (runs.Count > 0) jobStates.Add((await hangfire.FinalStateAsync(runs[0])).Name);
        }
        var once = histories.Count(h => h is [{ Outcome: RunOutcome.Succeeded, Attempt: 1, IsFinal: true }]);
        var inFlight = await redis.Redis.GetDatabase().HashLengthAsync(redis.KeyPrefix + "inflight");
        ReliabilityReport.Write(output, $"{fault}: runs={tasks.Count} ran-once={once} attempts={histories.Sum(h => h.Count)} " +
            $"left-in-flight={inFlight} jobs-succeeded={jobStates.Count(s => s == "Succeeded")} settled-after={recovery.TotalSeconds:0.0}s");
        Assert.True(once == tasks.Count, $"histories: {string.Join(" | ", histories.Select(h => string.Join(", ", h.Select(r => $"#{r.Attempt} {r.Outcome} {r.Error}"))))}\n{system.Logs()}");
        Assert.Equal(0, inFlight);
        Assert.All(jobStates, s => Assert.Equal("Succeeded", s));
        Assert.Empty(system.Exited);
    }

    private static async Task<T?> Safe<T>(Func<Task<T>> read)
    {
        try { return await read(); }
        catch (Exception e) when (e is RedisException or TimeoutException) { return default; }
    }
}
