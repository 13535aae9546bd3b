using System.Globalization;
using System.Text.Json;
using Scheduler.Bench.Infrastructure;
using Scheduler.Bench.Results;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Tasks;
using StackExchange.Redis;

namespace Scheduler.Bench.Scenarios;

/// <summary>
/// Scenario 5: one-shot schedules due evenly across a window, then cron schedules all due at the same second just
/// after it; lateness is each first attempt's StartedAt − DueAt as the worker recorded it.
/// </summary>
internal static class PrecisionScenario
{
    public static async Task RunAsync(BenchContext ctx, ScenarioResult result)
    {
        var o = ctx.Options;
        result.Notes.Add($"{o.PrecisionOneShots} one-shots due evenly within {o.PrecisionWindow.TotalSeconds:0} s and {o.PrecisionCrons} 6-field cron " +
                         $"schedules due together at one second 3 s after it, and {o.PrecisionCrons} more {o.PrecisionWarmBurstAfter.TotalSeconds:0} s later; 1 Beat + 1 worker process ({o.WorkersPerProcess} workers)");
        for (var run = 0; run < o.Runs; run++) await MeasureAsync(ctx, result, run);
        result.Summarize();
        result.Target("oneshot_lateness_p99_ms", "<= 30 ms", v => v <= 30);
        result.Target("cron_burst_lateness_p99_ms", "<= 300 ms", v => v <= 300);
        result.Target("cron_burst_warm_lateness_p99_ms", "<= 300 ms", v => v <= 300);
        result.Target("early_starts", "0", v => v == 0);
    }

    private static async Task MeasureAsync(BenchContext ctx, ScenarioResult result, int run)
    {
        var o = ctx.Options;
        var ct = ctx.Cancellation;
        await using var redis = await LocalRedis.StartAsync(ctx.Processes);
        await using var cluster = await SchedulerCluster.StartAsync(ctx.Processes, redis, beat: true, 1, o.WorkersPerProcess);
        await using var client = await SchedulerClient.ConnectAsync(redis.ConnectionString, new SchedulerClientOptions { KeyPrefix = SchedulerCluster.KeyPrefix, VerifyWorkers = false });
        var task = new NotificationTask("bench");
        await Load.RunAsync(20, 4, _ => EndToEndRun.ScheduleNowAsync(client, task), ct);
        await Load.WaitForCounterAsync(redis.Db, EndToEndRun.SucceededCounter, 20, TimeSpan.FromSeconds(60), cluster.Logs, ct);

        var (n, m) = (o.PrecisionOneShots, o.PrecisionCrons);
        // Registration must end before the window opens: allow 1,000 schedules a second plus a margin.
        var start = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3 + (n + 2 * m) / 1000.0);
        // The burst comes after the window, so the one-shots show steady-state precision and the burst its drain time.
        var cronAt = Ceiling(start + o.PrecisionWindow + TimeSpan.FromSeconds(3));
        // A second burst of other tasks PrecisionWarmBurstAfter later: the same path once the first has run it (Beat's batch fire
        // and the worker's first recurring runs are compiled by the JIT at the first burst; a deployment's later bursts
        // find them compiled).
        var warmAt = cronAt + o.PrecisionWarmBurstAfter;
        string CronSpec(DateTimeOffset at) => $"cron:{at.Second} {at.Minute} {at.Hour} * * *";
        var oneShots = new string[n];
        var crons = new string[m];
        var warmCrons = new string[m];
        await Load.RunAsync(n + 2 * m, o.Callers, async i =>
        {
            if (i < n)
            {
                var due = start + o.PrecisionWindow * ((i + 0.5) / n);
                oneShots[i] = (await client.ScheduleAsync(task, "at:" + due.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture))).Id;
            }
            else if (i < n + m) crons[i - n] = (await client.ScheduleAsync(task, CronSpec(cronAt))).Id;
            else warmCrons[i - n - m] = (await client.ScheduleAsync(task, CronSpec(warmAt))).Id;
        }, ct);
        var registered = DateTimeOffset.UtcNow;
        if (registered > start) result.Notes.Add($"run {run + 1}: registration ended {(registered - start).TotalMilliseconds:0} ms after the window opened");
        else await Task.Delay(start - registered, ct);
        // What a task costs at a steady, moderate rate (n / window), where each one is fired and run on its own: the CPU
        // of Beat, the worker and Redis over the one-shots' window, per one-shot due in it.
        var cpu = new CpuMeter().Add("beat", cluster.Beat!.Process).Add("workers", cluster.Workers).Add("redis", redis.Process);
        var callsBefore = await redis.CommandCallsAsync();
        await Task.Delay(o.PrecisionWindow, ct);
        var steady = cpu.PerUnit(n);
        var callsAfter = await redis.CommandCallsAsync();
        foreach (var (process, ms) in steady) result.Sample($"oneshot_cpu_ms_per_task_{process}", ms, "ms");
        // Commands Redis ran in that window per one-shot (inside scripts included), and the workers' looks at a queue
        // among them (RPOPLPUSH, the fetch-ahead script's included; at this rate most find nothing).
        long Calls(Dictionary<string, long> stats, string? command = null) =>
            command is null ? stats.Values.Sum() : stats.GetValueOrDefault(command);
        result.Sample("oneshot_redis_calls_per_task", (Calls(callsAfter) - Calls(callsBefore)) / (double)n, "calls");
        result.Sample("oneshot_queue_looks_per_task", (Calls(callsAfter, "rpoplpush") - Calls(callsBefore, "rpoplpush")) / (double)n, "calls");

        // The burst's CPU, by process, from just before its instant until every run of it has succeeded (the one-shots
        // are done by then: the burst comes 3 s after their window). With two cores, total CPU ÷ 2 is the shortest the
        // burst's drain can take however its work is scheduled.
        var (cron, cronText) = await BurstAsync(result, "cron_burst", redis, cluster, crons, cronAt, 20 + n + m, o.PrecisionWindow + TimeSpan.FromSeconds(150), ct);
        var (warm, warmText) = await BurstAsync(result, "cron_burst_warm", redis, cluster, warmCrons, warmAt, 20 + n + 2 * m, TimeSpan.FromSeconds(150), ct);
        var oneShot = await LatenessAsync(redis, oneShots);
        Sample(result, "oneshot", oneShot);
        result.Sample("all_lateness_p99_ms", Stats.Percentile([.. oneShot, .. cron], 99), "ms");
        result.Sample("early_starts", oneShot.Concat(cron).Concat(warm).Count(l => l < 0), "count");
        ctx.Log($"precision run {run + 1}: one-shot p50 {Stats.Median(oneShot):0.0} p99 {Stats.Percentile(oneShot, 99):0.0} max {oneShot.Max():0} ms " +
                $"(CPU ms per one-shot at {n / o.PrecisionWindow.TotalSeconds:0}/s: {CpuMeter.Describe(steady)}); cron burst {cronText}; " +
                $"the same {o.PrecisionWarmBurstAfter.TotalSeconds:0} s later (other tasks, warm code) {warmText}");
    }

    // One burst: its CPU by process from just before its instant until every run of it has succeeded (the runs counter
    // reaching succeededAfter), and its lateness. With two cores, total CPU ÷ 2 is the shortest the burst's drain can
    // take however its work is scheduled.
    private static async Task<(List<double> Lateness, string Text)> BurstAsync(ScenarioResult result, string kind, LocalRedis redis,
        SchedulerCluster cluster, string[] ids, DateTimeOffset at, int succeededAfter, TimeSpan limit, CancellationToken ct)
    {
        var untilBurst = at - TimeSpan.FromMilliseconds(300) - DateTimeOffset.UtcNow;
        if (untilBurst > TimeSpan.Zero) await Task.Delay(untilBurst, ct);
        // The warm burst's meter starts only once the burst before it has drained and been read: started after this
        // burst's instant, it misses the CPU of the fires already made (all of it, when the burst drained meanwhile).
        // Said, and its CPU figures left out, rather than reported as figures that look too good (or as 0).
        var meterLate = -untilBurst > TimeSpan.FromMilliseconds(300);
        if (meterLate)
            result.Notes.Add($"{kind}: its CPU meter started {(-untilBurst - TimeSpan.FromMilliseconds(300)).TotalMilliseconds:0} ms after its instant " +
                             "(the burst before it was still draining): its CPU and floors are not reported");
        var burstCpu = new CpuMeter().Add("beat", cluster.Beat!.Process).Add("workers", cluster.Workers).Add("redis", redis.Process);
        await Load.WaitForCounterAsync(redis.Db, EndToEndRun.SucceededCounter, succeededAfter, limit, cluster.Logs, ct, TimeSpan.FromMilliseconds(200));
        var m = ids.Length;
        var burst = burstCpu.PerUnit(m);
        var floor = burst["total"] * m / Environment.ProcessorCount;
        // Redis runs commands on one thread: its CPU for the burst is a floor of its own, whatever the cores.
        var redisFloor = burst["redis"] * m;
        if (!meterLate)
        {
            foreach (var (process, ms) in burst) result.Sample($"{kind}_cpu_ms_per_task_{process}", ms, "ms");
            result.Sample($"{kind}_cpu_floor_ms", floor, "ms");
            result.Sample($"{kind}_redis_floor_ms", redisFloor, "ms");
        }
        var cron = await LatenessAsync(redis, ids);
        var cronFired = await FireLatenessAsync(redis, ids);
        Sample(result, kind, cron);
        // The burst's two parts: Beat's (due until the fired event) and the queue's drain (first start to last).
        var (firedP99, drainPerSecond) = (Stats.Percentile(cronFired, 99), DrainPerSecond(cron));
        result.Sample($"{kind}_fire_lateness_p99_ms", firedP99, "ms");
        result.Sample($"{kind}_first_start_ms", cron.Min(), "ms");
        result.Sample($"{kind}_drain_per_s", drainPerSecond, "runs/s");
        return (cron, $"p50 {Stats.Median(cron):0} p99 {Stats.Percentile(cron, 99):0} max {cron.Max():0} ms " +
                      $"(fired: first {cronFired.Min():0} p99 {firedP99:0} ms; first start {cron.Min():0} ms, drained at {drainPerSecond:0}/s; " +
                      (meterLate ? "CPU not measured: its meter started late)"
                          : $"CPU ms per burst run: {CpuMeter.Describe(burst)}, so at least {floor:0} ms on {Environment.ProcessorCount} cores and {redisFloor:0} ms of Redis's one thread)"));
    }

    /// <summary>The fired event's At − DueAt of each task in <paramref name="ids"/>: when Beat enqueued the occurrence.</summary>
    private static async Task<List<double>> FireLatenessAsync(LocalRedis redis, IReadOnlyList<string> ids)
    {
        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        var lateness = new List<double>(ids.Count);
        var key = $"{SchedulerCluster.KeyPrefix}events";
        RedisValue from = "-";
        while (true)
        {
            var page = await redis.Db.StreamRangeAsync(key, from, "+", 10_000);
            foreach (var entry in page)
            {
                var fields = entry.Values.ToDictionary(v => v.Name.ToString(), v => v.Value.ToString());
                if (fields.GetValueOrDefault("type") == SchedulerEvents.Fired && wanted.Contains(fields.GetValueOrDefault("taskId") ?? "")
                    && long.TryParse(fields.GetValueOrDefault("at"), out var at) && long.TryParse(fields.GetValueOrDefault("dueAt"), out var due))
                    lateness.Add(at - due);
            }
            if (page.Length < 10_000) break;
            from = "(" + page[^1].Id;
        }
        if (lateness.Count != ids.Count) throw new InvalidOperationException($"{lateness.Count} of {ids.Count} fired events found");
        return lateness;
    }

    /// <summary>Runs started per second from a burst's first start to its last.</summary>
    public static double DrainPerSecond(List<double> lateness) => (lateness.Count - 1) / ((lateness.Max() - lateness.Min()) / 1000);

    /// <summary>p50, p99 and max of <paramref name="lateness"/> as <c>{kind}_lateness_*_ms</c>.</summary>
    public static void Sample(ScenarioResult result, string kind, List<double> lateness)
    {
        result.Sample($"{kind}_lateness_p50_ms", Stats.Median(lateness), "ms");
        result.Sample($"{kind}_lateness_p99_ms", Stats.Percentile(lateness, 99), "ms");
        result.Sample($"{kind}_lateness_max_ms", lateness.Max(), "ms");
    }

    private static DateTimeOffset Ceiling(DateTimeOffset t) =>
        DateTimeOffset.FromUnixTimeSeconds((t.ToUnixTimeMilliseconds() + 999) / 1000);

    /// <summary>StartedAt − DueAt of each task's first attempt (the oldest entry of its run list).</summary>
    public static async Task<List<double>> LatenessAsync(LocalRedis redis, IReadOnlyList<string> ids)
    {
        var batch = redis.Db.CreateBatch();
        var reads = ids.Select(id => batch.ListGetByIndexAsync($"{SchedulerCluster.KeyPrefix}runs:{id}", -1)).ToList();
        batch.Execute();
        var lateness = new List<double>(ids.Count);
        foreach (var read in reads)
        {
            var json = await read;
            if (json.IsNull) throw new InvalidOperationException("a task has no recorded run");
            using var run = JsonDocument.Parse(json.ToString());
            var due = run.RootElement.GetProperty("dueAt").GetDateTimeOffset();
            var started = run.RootElement.GetProperty("startedAt").GetDateTimeOffset();
            lateness.Add((started - due).TotalMilliseconds);
        }
        return lateness;
    }
}
