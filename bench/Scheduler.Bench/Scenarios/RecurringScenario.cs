using System.Diagnostics;
using Scheduler.Bench.Infrastructure;
using Scheduler.Bench.Results;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Bench.Scenarios;

/// <summary>
/// Scenario 6: many recurring schedules all due at the same period boundary (every minute; every 10 s in quick mode).
/// Reports registration rate and Redis memory, then watches two periods (the first after Beat started, and the next):
/// how many occurrences Beat fired into Hangfire's queue within each, Beat's CPU in each, and its working set. No workers run, so Beat alone owns the CPU and the
/// queue length counts fires exactly.
/// </summary>
internal static class RecurringScenario
{
    private const string Queue = SchedulerCluster.HangfirePrefix + "queue:default";

    public static async Task RunAsync(BenchContext ctx, ScenarioResult result)
    {
        var o = ctx.Options;
        result.Notes.Add($"{o.RecurringSchedules} schedules \"{Spec(o.RecurringPeriod)}\", first due together at a period boundary; 1 Beat, no workers");
        for (var run = 0; run < o.RecurringRuns; run++) await MeasureAsync(ctx, result, run);
        result.Summarize();
        result.Target("fired_in_period_pct", "100 %", v => v >= 100);
        result.Target("fired_in_second_period_pct", "100 %", v => v >= 100);
        if (o.RecurringSchedules >= 100_000 && o.RecurringPeriod == TimeSpan.FromMinutes(1))
        {
            result.Target("beat_cpu_s_in_period", "<= 10 s", v => v <= 10);
            result.Target("beat_cpu_s_in_second_period", "<= 10 s", v => v <= 10);
        }
    }

    private static string Spec(TimeSpan period) =>
        period == TimeSpan.FromMinutes(1) ? "cron:* * * * *" : $"cron:*/{(int)period.TotalSeconds} * * * * *";

    private static async Task MeasureAsync(BenchContext ctx, ScenarioResult result, int run)
    {
        var o = ctx.Options;
        var ct = ctx.Cancellation;
        var n = o.RecurringSchedules;
        var period = o.RecurringPeriod;
        await using var redis = await LocalRedis.StartAsync(ctx.Processes);
        await using var cluster = await SchedulerCluster.StartAsync(ctx.Processes, redis, beat: true, 0, o.WorkersPerProcess);
        await using var client = await SchedulerClient.ConnectAsync(redis.ConnectionString, new SchedulerClientOptions { KeyPrefix = SchedulerCluster.KeyPrefix, VerifyWorkers = false });
        await using var calibration = await SchedulerClient.ConnectAsync(redis.ConnectionString, new SchedulerClientOptions { KeyPrefix = "calibration:", VerifyWorkers = false });
        var task = new NotificationTask("bench");

        // Calibrate the registration rate under another prefix, so the first due boundary lies after registration ends.
        var probe = Math.Min(2_000, Math.Max(200, n / 20));
        var watch = Stopwatch.StartNew();
        await Load.RunAsync(probe, o.Callers, _ => calibration.ScheduleAsync(task, "in:1h"), ct);
        var estimate = TimeSpan.FromSeconds(n / (probe / watch.Elapsed.TotalSeconds) * 1.3 + 2);
        var periodMs = (long)period.TotalMilliseconds;
        var boundary = DateTimeOffset.FromUnixTimeMilliseconds(((DateTimeOffset.UtcNow + estimate).ToUnixTimeMilliseconds() / periodMs + 1) * periodMs);
        var memoryBefore = await redis.UsedMemoryAsync();

        var options = new ScheduleOptions { StartAfter = boundary - TimeSpan.FromSeconds(1) };
        var spec = Spec(period);
        watch.Restart();
        await Load.RunAsync(n, o.Callers, _ => client.ScheduleAsync(task, spec, options), ct);
        var registration = watch.Elapsed;
        var memoryAfter = await redis.UsedMemoryAsync();
        result.Sample("registration_per_s", n / registration.TotalSeconds, "sched/s");
        result.Sample("redis_used_memory_mb", memoryAfter / 1048576.0, "MB");
        result.Sample("redis_bytes_per_schedule", (memoryAfter - memoryBefore) / (double)n, "bytes");
        if (DateTimeOffset.UtcNow > boundary)
            throw new InvalidOperationException($"registration overran the first due boundary by {(DateTimeOffset.UtcNow - boundary).TotalSeconds:0.0} s");
        ctx.Log($"recurring run {run + 1}: registered {n} in {registration.TotalSeconds:0.0} s; first due at {boundary:HH:mm:ss}");

        var beat = cluster.Beat!.Process;
        await Task.Delay(boundary - DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(100), ct);
        // The first period after Beat started includes compiling its firing path (tiered JIT: perf showed a tenth of
        // Beat's samples in the JIT and more in unoptimized code); the second is what every later period costs.
        foreach (var (suffix, periodStart) in new[] { ("", boundary), ("_second", boundary + period) })
        {
            var (fired, allFiredAfter, cpu) = await WatchPeriodAsync(redis, beat, n, periodStart, period, alreadyQueued: suffix == "" ? 0 : n, ct);
            result.Sample($"fired_in{suffix}_period", fired, "fires");
            result.Sample($"fired_in{suffix}_period_pct", 100.0 * fired / n, "%");
            if (allFiredAfter is { } span) result.Sample($"all_fired_within{suffix}_s", span.TotalSeconds, "s");
            result.Sample($"fire_rate{suffix}_per_s", allFiredAfter is { } f ? n / f.TotalSeconds : fired / period.TotalSeconds, "fires/s");
            result.Sample($"beat_cpu_s_in{suffix}_period", cpu.TotalSeconds, "s");
            result.Sample($"beat_cpu_pct_of_core{suffix}", 100 * cpu.TotalSeconds / period.TotalSeconds, "%");
            ctx.Log($"recurring run {run + 1}, {(suffix == "" ? "first" : "second")} period: {fired}/{n} fired within it" +
                    (allFiredAfter is { } a ? $" (all after {a.TotalSeconds:0.0} s)" : "") + $", Beat CPU {cpu.TotalSeconds:0.0} s");
        }
        result.Sample("beat_working_set_mb", beat.WorkingSet64 / 1048576.0, "MB");
        ctx.Log($"recurring run {run + 1}: Beat working set {beat.WorkingSet64 / 1048576.0:0} MB");
    }

    /// <summary>Fires counted by the queue's growth over one period from <paramref name="start"/>, and Beat's CPU in it.</summary>
    private static async Task<(long Fired, TimeSpan? AllFiredAfter, TimeSpan Cpu)> WatchPeriodAsync(LocalRedis redis, Process beat, int n,
        DateTimeOffset start, TimeSpan period, long alreadyQueued, CancellationToken ct)
    {
        beat.Refresh();
        var cpuBefore = beat.TotalProcessorTime;
        long fired = 0;
        TimeSpan? allFiredAfter = null;
        while (DateTimeOffset.UtcNow < start + period - TimeSpan.FromMilliseconds(100))
        {
            fired = await redis.Db.ListLengthAsync(Queue) - alreadyQueued;
            if (fired >= n && allFiredAfter is null) allFiredAfter = DateTimeOffset.UtcNow - start;
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
        beat.Refresh();
        return (Math.Min(fired, n), allFiredAfter, beat.TotalProcessorTime - cpuBefore);
    }
}
