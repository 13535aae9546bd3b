using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Scheduler.Bench.Infrastructure;
using Scheduler.Bench.Results;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Bench.Scenarios;

/// <summary>Scenario 2: no-op tasks through 1, 2 and 4 real worker processes, and how throughput scales.</summary>
internal static class EndToEndScenario
{
    public static async Task RunAsync(BenchContext ctx, ScenarioResult result)
    {
        var o = ctx.Options;
        result.Notes.Add($"{o.Tasks} tasks, {o.WorkersPerProcess} Hangfire workers per process, 1 Beat, fed by {o.Callers} parallel callers; " +
                         "from first enqueue to last completion with history recorded");
        foreach (var processes in o.ProcessCounts)
        {
            for (var run = 0; run < o.Runs; run++)
            {
                var measured = await EndToEndRun.MeasureAsync(ctx, processes, o.Tasks);
                result.Sample($"tasks_per_s_{processes}p", measured.PerSecond, "tasks/s");
                result.Sample($"enqueue_per_s_during_{processes}p", measured.EnqueuePerSecond, "tasks/s");
                result.Sample($"redis_cmds_per_task_{processes}p", measured.CommandsPerTask, "cmds");
                result.Sample($"redis_bytes_per_task_{processes}p", measured.MemoryBytesPerTask, "B");
                result.Sample($"redis_reads_per_task_{processes}p", measured.ReadsPerTask, "reads");
                ctx.Log($"e2e {processes}p run {run + 1}: {measured.PerSecond:0} tasks/s ({measured.Seconds:0.0} s, enqueue done at {measured.EnqueueSeconds:0.0} s), {measured.CommandsPerTask:0.0} cmds/task");
                foreach (var (process, ms) in measured.CpuMsPerTask) result.Sample($"cpu_ms_per_task_{process}_{processes}p", ms, "ms");
                result.Notes.Add($"{processes}p run {run + 1} CPU ms per task: {CpuMeter.Describe(measured.CpuMsPerTask)}");
                if (run == 0 && processes == o.ProcessCounts[0])
                {
                    result.Notes.Add($"Redis calls per task ({processes}p): {measured.TopCommands()}");
                    result.Notes.Add($"Redis execution µs per task ({processes}p): {measured.TopMicros()}");
                    result.Notes.Add($"Redis memory by key family after {measured.Retained} tasks ({processes}p): {RedisFootprint.Describe(measured.Footprint, measured.Retained)}");
                }
            }
        }
        result.Summarize();
        var one = result.Find("tasks_per_s_1p")?.Value;
        if (o.ProcessCounts.Contains(2) && one is not null)
        {
            result.Add("scaling_2p_vs_1p", Stats.Ratio(result.Find("tasks_per_s_2p")?.Value, one), "x");
            result.Target("scaling_2p_vs_1p", ">= 1.7x", v => v >= 1.7);
        }
        if (o.ProcessCounts.Contains(4) && one is not null)
            result.Add("scaling_4p_vs_1p", Stats.Ratio(result.Find("tasks_per_s_4p")?.Value, one), "x");
    }
}

/// <summary>
/// Our system end to end: fresh Redis, one Beat and N worker processes, tasks scheduled due now through the client
/// from parallel callers, done when Hangfire's succeeded counter (incremented after the worker recorded the run's
/// history) reaches the count. One GET per 10 ms is the only measurement traffic, and it is subtracted.
/// </summary>
internal static class EndToEndRun
{
    public const string SucceededCounter = SchedulerCluster.HangfirePrefix + "stats:succeeded";

    private static readonly ScheduleOptions RunNow = new() { RunIfPast = true };

    /// <summary>Schedules <paramref name="task"/> due now ("in" needs at least a second, so "at:" now, allowed to be past on arrival).</summary>
    public static Task<ScheduledTask> ScheduleNowAsync(SchedulerClient client, TaskDefinition task) =>
        client.ScheduleAsync(task, "at:" + DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), RunNow);

    public static async Task<ThroughputRun> MeasureAsync(BenchContext ctx, int processes, int tasks, EndToEndVariant? variant = null)
    {
        var ct = ctx.Cancellation;
        variant ??= new EndToEndVariant();
        await using var redis = await LocalRedis.StartAsync(ctx.Processes);
        await using var cluster = await SchedulerCluster.StartAsync(ctx.Processes, redis, beat: true, processes, ctx.Options.WorkersPerProcess);
        await using var client = await SchedulerClient.ConnectAsync(redis.ConnectionString, new SchedulerClientOptions { KeyPrefix = SchedulerCluster.KeyPrefix, VerifyWorkers = false });
        var task = new NotificationTask("bench");

        var warmUp = ctx.Options.WarmUp;
        await Load.RunAsync(warmUp, ctx.Options.Callers, _ => variant.Schedule(client, task), ct);
        await Load.WaitForCounterAsync(redis.Db, SucceededCounter, warmUp, Load.TimeoutFor(warmUp), cluster.Logs, ct);
        if (variant.AfterWarmUp is { } afterWarmUp) await afterWarmUp(redis, ct);

        var monitor = ctx.Options.MonitorPath is { } trace ? RedisTrace.Start(ctx.Processes, redis, trace) : null;
        var ids = new ConcurrentBag<string>();
        var before = await redis.CommandCallsAsync();
        var microsBefore = await redis.CommandMicrosAsync();
        var memoryBefore = await redis.UsedMemoryAsync();
        var readsBefore = await redis.ReadsProcessedAsync();
        var cpu = new CpuMeter().Add("client", Process.GetCurrentProcess()).Add("beat", cluster.Beat!.Process)
            .Add("workers", cluster.Workers).Add("redis", redis.Process);
        var watch = Stopwatch.StartNew();
        var completion = Load.WaitForCounterAsync(redis.Db, SucceededCounter, warmUp + tasks, Load.TimeoutFor(tasks), cluster.Logs, ct);
        await Load.RunAsync(tasks, ctx.Options.Callers, async _ => ids.Add((await variant.Schedule(client, task)).Id), ct);
        var enqueueSeconds = watch.Elapsed.TotalSeconds;
        var polls = await completion;
        var seconds = watch.Elapsed.TotalSeconds;
        var cpuPerTask = cpu.PerUnit(tasks);
        var commands = LocalRedis.Delta(before, await redis.CommandCallsAsync());
        commands["get"] = commands.GetValueOrDefault("get") - polls;
        var micros = LocalRedis.Delta(microsBefore, await redis.CommandMicrosAsync());
        var memoryBytes = await redis.UsedMemoryAsync() - memoryBefore;
        var reads = await redis.ReadsProcessedAsync() - readsBefore - polls;
        if (monitor is not null) await RedisTrace.StopAsync(ctx.Processes, redis, monitor, ctx.Options.MonitorPath!);

        var recorded = await CountWithHistoryAsync(redis, ids);
        if (recorded != tasks) throw new InvalidOperationException($"{tasks} tasks succeeded in Hangfire but {recorded} have a recorded run\n{cluster.Logs()}");
        if (variant.AfterRun is { } afterRun) await afterRun(redis);
        return new ThroughputRun(tasks, seconds, enqueueSeconds, commands)
        {
            CpuMsPerTask = cpuPerTask, Micros = micros, MemoryBytesPerTask = memoryBytes / (double)tasks,
            ReadsPerTask = reads / (double)tasks, Footprint = await RedisFootprint.MeasureAsync(redis), Retained = warmUp + tasks,
        };
    }

    /// <summary>How many of the tasks have at least one recorded run (pipelined EXISTS, after the measurement).</summary>
    public static async Task<int> CountWithHistoryAsync(LocalRedis redis, IEnumerable<string> ids)
    {
        var batch = redis.Db.CreateBatch();
        var checks = ids.Select(id => batch.KeyExistsAsync($"{SchedulerCluster.KeyPrefix}runs:{id}")).ToList();
        batch.Execute();
        return (await Task.WhenAll(checks)).Count(exists => exists);
    }
}

/// <summary>One end-to-end throughput measurement: first enqueue to last completion, and what it cost Redis.</summary>
internal sealed record ThroughputRun(int Tasks, double Seconds, double EnqueueSeconds, Dictionary<string, long> Commands)
{
    /// <summary>CPU milliseconds per task spent by each kind of process (client, beat, workers, redis, ...).</summary>
    public Dictionary<string, double> CpuMsPerTask { get; init; } = [];

    public double PerSecond => Tasks / Seconds;
    public double EnqueuePerSecond => Tasks / EnqueueSeconds;
    public double CommandsPerTask => Commands.Values.Sum() / (double)Tasks;

    /// <summary>Socket reads Redis made per task (<see cref="LocalRedis.ReadsProcessedAsync"/>): its round trips, each
    /// one read and one reply write however many commands it carried.</summary>
    public double ReadsPerTask { get; init; }

    /// <summary>Growth of Redis's <c>used_memory</c> over the measured tasks, per task (capped streams included as they grew).</summary>
    public double MemoryBytesPerTask { get; init; }

    /// <summary>Everything in Redis at the end, by key family, and how many tasks (warm-up included) put it there.</summary>
    public IReadOnlyList<KeyFamily> Footprint { get; init; } = [];
    public int Retained { get; init; }

    /// <summary>Redis's execution time per command (commandstats usec deltas), when measured.</summary>
    public Dictionary<string, long> Micros { get; init; } = [];

    /// <summary>Where Redis's execution time went per task, e.g. "evalsha 90.1, hmset 12.0" (a script's time includes
    /// the calls it makes, which are also listed under their own names).</summary>
    public string TopMicros(int count = 12) => string.Join(", ",
        Micros.OrderByDescending(c => c.Value).Take(count).Select(c => $"{c.Key} {c.Value / (double)Tasks:0.#}"));

    /// <summary>The heaviest commands per task, e.g. "evalsha 3.0, hset 2.1".</summary>
    public string TopCommands(int count = 12) => string.Join(", ", Commands.OrderByDescending(c => c.Value).Take(count)
        .Select(c => $"{c.Key} {c.Value / (double)Tasks:0.##}"));
}
