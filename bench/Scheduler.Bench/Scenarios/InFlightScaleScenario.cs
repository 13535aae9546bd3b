using Scheduler.Bench.Infrastructure;
using Scheduler.Bench.Results;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Bench.Scenarios;

/// <summary>
/// What a run costs Redis while many runs of other tasks are in flight. The end of a recurring task's run (the
/// RecordAttempt script, when the task goes from "running" back to "scheduled") asks whether another run of the task
/// is in flight by an <c>HSCAN … MATCH &lt;taskId&gt;:*</c> of the in-flight hash that every task shares: O(entries of
/// the whole hash), not of the task's. An end-to-end run (<see cref="EndToEndRun"/>: fresh Redis, Beat, worker
/// processes) with the hash padded after the warm-up by 0, 1,000 and 10,000 entries of other tasks
/// (<see cref="InFlightPadding"/>), each entry kept untouched by Beat's recovery and checked at the end.
/// <para>
/// The tasks are recurring ("every:1h" starting now: one run each in the window): a one-shot's final outcome sets
/// "completed" without the scan, so one-shots would not show the cost.
/// </para>
/// </summary>
internal static class InFlightScaleScenario
{
    private static readonly int[] Paddings = [0, 1_000, 10_000];

    /// <summary>At most this many tasks per measurement: at 10,000 entries each run's end costs Redis milliseconds.</summary>
    private const int MaxTasks = 3_000;

    /// <summary>Beat's ReconcileAfter (default): after it, each sweep (every 3 s) reads the job state of every padded entry.</summary>
    private static readonly TimeSpan ReconcileAfter = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(BenchContext ctx, ScenarioResult result)
    {
        var o = ctx.Options;
        var (tasks, processes) = (Math.Min(o.Tasks, MaxTasks), o.ProcessCounts[0]);
        result.Notes.Add($"{tasks} recurring tasks (\"every:1h\" starting now) per measurement after a warm-up of {o.WarmUp}, 1 Beat + {processes} worker " +
                         $"process(es) with {o.WorkersPerProcess} workers, fed by {o.Callers} callers; in-flight hash padded after the warm-up with " +
                         $"{string.Join(", ", Paddings)} runs of other tasks on a fake live worker; paddings interleaved within each of {o.Runs} run(s)");
        // Interleaved, so that a change in the shared machine's load spreads over every padding rather than one.
        for (var run = 0; run < o.Runs; run++)
            foreach (var padding in Paddings)
                await MeasureAsync(ctx, result, tasks, processes, padding, run);
        result.Summarize();
        var baseline = result.Find("redis_cpu_us_per_task_p0")?.Value;
        foreach (var padding in Paddings.Skip(1))
            result.Add($"redis_cpu_ratio_{padding}_vs_0", Stats.Ratio(result.Find($"redis_cpu_us_per_task_p{padding}")?.Value, baseline), "x");
        // Informative: with a per-task count instead of the scan, 10,000 runs in flight elsewhere should cost a run
        // next to nothing (Beat's sweeps still read the whole hash every 3 s, a few µs per task here).
        result.Target("redis_cpu_ratio_10000_vs_0", "<= 1.2", v => v <= 1.2);
        // commandstats usec is time inside each command by the clock: a script preempted on a loaded machine counts the
        // wait, so execution µs can exceed the process's CPU µs. CPU is the figure to compare.
        result.Notes.Add("usec figures are commandstats (wall time inside commands, the scripts' including their calls'): on a loaded machine " +
                         "they can exceed Redis's CPU (TotalProcessorTime), which is the figure to compare");
        result.Notes.Add("included in every figure: Beat's watchdog and stranded-fetch sweeps each read the whole in-flight hash (HGETALL) every 3 s, " +
                         "its stuck-running check (HVALS) every 30 s, and the fake worker's heartbeat (one ZADD a second)");
    }

    private static async Task MeasureAsync(BenchContext ctx, ScenarioResult result, int tasks, int processes, int count, int run)
    {
        InFlightPadding? padding = null;
        var (encoding, age) = ("", TimeSpan.Zero);
        try
        {
            var variant = new EndToEndVariant
            {
                Schedule = ScheduleRecurringNowAsync,
                AfterWarmUp = async (redis, _) =>
                {
                    padding = await InFlightPadding.StartAsync(redis, count);
                    encoding = await padding.EncodingAsync();
                },
                AfterRun = async _ =>
                {
                    age = DateTimeOffset.UtcNow - padding!.PaddedAt;
                    await padding.VerifyAsync();
                    await padding.DisposeAsync();
                },
            };
            var measured = await EndToEndRun.MeasureAsync(ctx, processes, tasks, variant);
            Report(ctx, result, measured, count, run, encoding, age);
        }
        finally
        {
            if (padding is not null) await padding.DisposeAsync();
        }
    }

    private static void Report(BenchContext ctx, ScenarioResult result, ThroughputRun measured, int count, int run, string encoding, TimeSpan age)
    {
        var n = (double)measured.Tasks;
        var redisUs = measured.CpuMsPerTask["redis"] * 1000;
        var evalshaUs = measured.Micros.GetValueOrDefault("evalsha") / n;
        var hscanUs = measured.Micros.GetValueOrDefault("hscan") / n;
        var hscans = measured.Commands.GetValueOrDefault("hscan") / n;
        var (workers, beat) = (measured.CpuMsPerTask["workers"], measured.CpuMsPerTask["beat"]);
        var p = $"p{count}";
        result.Sample($"tasks_per_s_{p}", measured.PerSecond, "tasks/s");
        result.Sample($"redis_cpu_us_per_task_{p}", redisUs, "µs");
        result.Sample($"redis_calls_per_task_{p}", measured.CommandsPerTask, "calls");
        result.Sample($"evalsha_usec_per_task_{p}", evalshaUs, "µs");
        result.Sample($"hscan_calls_per_task_{p}", hscans, "calls");
        result.Sample($"hscan_usec_per_task_{p}", hscanUs, "µs");
        // The scan's part of the scripts' time (HSCAN runs only inside scripts; a script's usec includes its calls').
        result.Sample($"hscan_share_of_evalsha_{p}", Stats.Ratio(hscanUs, evalshaUs), "ratio");
        result.Sample($"workers_cpu_ms_per_task_{p}", workers, "ms");
        result.Sample($"beat_cpu_ms_per_task_{p}", beat, "ms");
        ctx.Log($"inflight-scale P={count} run {run + 1}: {measured.PerSecond:0} tasks/s ({measured.Seconds:0.0} s); per task: Redis {redisUs:0} µs CPU " +
                $"(evalsha {evalshaUs:0} µs of execution, hscan {hscans:0.0} calls / {hscanUs:0} µs), {measured.CommandsPerTask:0.0} calls; " +
                $"workers {workers:0.00} ms, beat {beat:0.00} ms CPU; in-flight hash {encoding}, padding intact after {age.TotalSeconds:0} s");
        if (run == 0) result.Notes.Add($"P={count}: Redis execution µs per task: {measured.TopMicros()}");
        if (count > 0 && age >= ReconcileAfter)
            result.Notes.Add($"P={count} run {run + 1}: the padding was {age.TotalSeconds:0} s old at the end; past {ReconcileAfter.TotalSeconds:0} s Beat's " +
                             "reconciler read each padded entry's job state (one HGET per entry every 3 s), counted in the figures");
    }

    /// <summary>A recurring task whose first run is due now; its next is an hour away, so it runs once in the window.</summary>
    private static Task<ScheduledTask> ScheduleRecurringNowAsync(SchedulerClient client, TaskDefinition task) =>
        client.ScheduleAsync(task, "every:1h", new ScheduleOptions { StartAt = DateTimeOffset.UtcNow });
}
