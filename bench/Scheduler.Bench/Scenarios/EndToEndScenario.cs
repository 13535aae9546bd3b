using Scheduler.Bench.Infrastructure;
using Scheduler.Bench.Results;

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
                ctx.Log($"e2e {processes}p run {run + 1}: {measured.PerSecond:0} tasks/s ({measured.Seconds:0.0} s, enqueue done at {measured.EnqueueSeconds:0.0} s), {measured.CommandsPerTask:0.0} cmds/task");
                result.Sample($"cpu_ms_per_task_total_{processes}p", measured.CpuMsPerTask["total"], "ms");
                result.Notes.Add($"{processes}p run {run + 1} CPU ms per task: {CpuMeter.Describe(measured.CpuMsPerTask)}");
                if (run == 0 && processes == o.ProcessCounts[0])
                    result.Notes.Add($"Redis calls per task ({processes}p): {measured.TopCommands()}");
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
