using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Scheduler.Bench.Infrastructure;
using Scheduler.Bench.Results;
using StackExchange.Redis;

namespace Scheduler.Bench.Scenarios;

/// <summary>
/// The precision scenario on raw Hangfire, for scale: one BackgroundJobServer process with the same worker count, the
/// bench playing a perfect trigger. <c>oneshot</c>: the same number of no-op jobs, each created through Hangfire's client
/// at its due instant, evenly over the same window (the CPU of the client, the server and Redis over it, per job).
/// <c>created</c>: 3 s after the window the client creates the burst's jobs at one instant (as many callers as the other
/// scenarios), as Beat creates the due occurrences' jobs. <c>released</c>: the burst's jobs were created beforehand in a
/// queue the server does not read, and at the instant one script renames it to the server's queue: only Hangfire's own
/// workers are left to do, a floor no scheduler on top of Hangfire gets under. Lateness = the job's start − its instant,
/// which the job stamps into Redis without waiting.
/// </summary>
internal static class HangfireBurstScenario
{
    public static async Task RunAsync(BenchContext ctx, ScenarioResult result)
    {
        var o = ctx.Options;
        result.Notes.Add($"raw Hangfire, 1 BackgroundJobServer process with {o.WorkersPerProcess} workers: {o.PrecisionOneShots} no-op jobs created at their " +
                         $"instants evenly within {o.PrecisionWindow.TotalSeconds:0} s, then {o.PrecisionCrons} due at one instant (created then by {o.Callers} callers, " +
                         "and released then from a queue the server does not read)");
        for (var run = 0; run < o.Runs; run++) await MeasureAsync(ctx, result, run);
        result.Summarize();
        var ours = ctx.Metric("precision", "cron_burst_lateness_p99_ms");
        if (ours is not null)
        {
            result.Add("ours_burst_p99_vs_hangfire_created", Stats.Ratio(ours, result.Find("created_burst_lateness_p99_ms")?.Value), "x");
            result.Add("ours_burst_p99_vs_hangfire_released", Stats.Ratio(ours, result.Find("released_burst_lateness_p99_ms")?.Value), "x");
            result.Add("ours_oneshot_cpu_vs_hangfire", Stats.Ratio(ctx.Metric("precision", "oneshot_cpu_ms_per_task_total"), result.Find("oneshot_cpu_ms_per_job_total")?.Value), "x");
        }
    }

    private static async Task MeasureAsync(BenchContext ctx, ScenarioResult result, int run)
    {
        var (o, ct) = (ctx.Options, ctx.Cancellation);
        await using var redis = await LocalRedis.StartAsync(ctx.Processes);
        var start = SchedulerCluster.DotnetStart(Components.BenchDll, redis, HangfireServerHost.Command, redis.ConnectionString, o.WorkersPerProcess.ToString());
        var server = ctx.Processes.Start("hangfire-server", start);
        try
        {
            await SchedulerCluster.WaitForServersAsync(redis, [server], 1);
            var client = new BackgroundJobClient(HangfireServerHost.Storage(redis.Connection));
            var done = 0L;
            async Task WaitAsync(long more)
            {
                done += more;
                await Load.WaitForCounterAsync(redis.Db, EndToEndRun.SucceededCounter, done, Load.TimeoutFor((int)more) + o.PrecisionWindow, () => server.Output, ct, TimeSpan.FromMilliseconds(200));
            }
            void Create(string phase, long dueMs, string queue = "default") =>
                client.Create(Job.FromExpression(() => StampedJob.Run(phase, dueMs)), new EnqueuedState(queue));

            await Load.RunAsync(20, 4, _ => { Create("warm-up", 0); return Task.CompletedTask; }, ct);
            await WaitAsync(20);

            var (n, m) = (o.PrecisionOneShots, o.PrecisionCrons);
            // The released burst's jobs wait in a queue of their own from before the window.
            await Load.RunAsync(m, o.Callers, _ => { Create("released", 0, HoldQueue); return Task.CompletedTask; }, ct);
            var window = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3);
            await Task.Delay(window - DateTimeOffset.UtcNow, ct);
            var cpu = new CpuMeter().Add("client", Process.GetCurrentProcess()).Add("server", server.Process).Add("redis", redis.Process);
            for (var i = 0; i < n; i++)
            {
                var due = window + o.PrecisionWindow * ((i + 0.5) / n);
                if (due > DateTimeOffset.UtcNow) await Task.Delay(due - DateTimeOffset.UtcNow, ct);
                Create("oneshot", due.ToUnixTimeMilliseconds());
            }
            var steady = cpu.PerUnit(n);
            foreach (var (process, ms) in steady) result.Sample($"oneshot_cpu_ms_per_job_{process}", ms, "ms");
            await WaitAsync(n);

            var burst = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3);
            await Task.Delay(burst - DateTimeOffset.UtcNow, ct);
            await Load.RunAsync(m, o.Callers, _ => { Create("created", burst.ToUnixTimeMilliseconds()); return Task.CompletedTask; }, ct);
            await WaitAsync(m);

            var release = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 2);
            await Task.Delay(release - DateTimeOffset.UtcNow, ct);
            await redis.Db.ScriptEvaluateAsync(Release, [Prefixed($"queue:{HoldQueue}"), Prefixed("queue:default"), Prefixed("JobFetchChannel")]);
            await WaitAsync(m);

            var oneShot = await LatenessAsync(redis, "oneshot", n, 0);
            var created = await LatenessAsync(redis, "created", m, 0);
            var released = await LatenessAsync(redis, "released", m, release.ToUnixTimeMilliseconds());
            PrecisionScenario.Sample(result, "oneshot", oneShot);
            var line = $"hangfire-burst run {run + 1}: one-shot p50 {Stats.Median(oneShot):0.0} p99 {Stats.Percentile(oneShot, 99):0.0} ms " +
                       $"(CPU ms per job at {n / o.PrecisionWindow.TotalSeconds:0}/s: {CpuMeter.Describe(steady)})";
            foreach (var (kind, lateness) in new[] { ("created", created), ("released", released) })
            {
                var (first, drain) = (lateness.Min(), PrecisionScenario.DrainPerSecond(lateness));
                PrecisionScenario.Sample(result, $"{kind}_burst", lateness);
                result.Sample($"{kind}_burst_first_start_ms", first, "ms");
                result.Sample($"{kind}_burst_drain_per_s", drain, "jobs/s");
                line += $"; burst {kind} p50 {Stats.Median(lateness):0} p99 {Stats.Percentile(lateness, 99):0} ms (first start {first:0} ms, drained at {drain:0}/s)";
            }
            ctx.Log(line);
        }
        finally
        {
            await ctx.Processes.StopAsync(server);
        }
    }

    // Each job stamped its start minus its due instant (0 for the released ones: their instant is known only here).
    private static async Task<List<double>> LatenessAsync(LocalRedis redis, string phase, int count, long instantMs)
    {
        var stamps = await redis.Db.ListRangeAsync(StampedJob.Key(phase));
        if (stamps.Length != count) throw new InvalidOperationException($"{stamps.Length} of {count} {phase} jobs stamped their start");
        return [.. stamps.Select(s => double.Parse(s.ToString(), CultureInfo.InvariantCulture) - instantMs)];
    }

    private const string HoldQueue = "burst-hold";

    private static RedisKey Prefixed(string key) => SchedulerCluster.HangfirePrefix + key;

    // The held queue becomes the server's queue in one step, and the fetchers are told as Hangfire's own enqueue of each
    // job would tell them (one message per job).
    private const string Release = """
        local n = redis.call('LLEN', KEYS[1])
        redis.call('RENAME', KEYS[1], KEYS[2])
        for i = 1, n do redis.call('PUBLISH', KEYS[3], '') end
        return n
        """;
}

/// <summary>The raw Hangfire precision jobs: each stamps its start − its due instant (ms) into Redis, unwaited.</summary>
public static class StampedJob
{
    internal static string Key(string phase) => $"bench:lateness:{phase}";

    public static void Run(string phase, long dueMs) =>
        HangfireServerHost.Redis?.GetDatabase().ListRightPush(Key(phase),
            ((DateTimeOffset.UtcNow.Ticks - DateTimeOffset.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerMillisecond - dueMs).ToString("0.###", CultureInfo.InvariantCulture),
            flags: CommandFlags.FireAndForget);
}
