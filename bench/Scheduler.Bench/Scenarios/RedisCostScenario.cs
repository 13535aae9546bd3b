using Scheduler.Bench.Infrastructure;
using Scheduler.Bench.Results;

namespace Scheduler.Bench.Scenarios;

/// <summary>
/// Scenario 7: Redis commands per task end to end (sum of INFO commandstats call deltas, calls made inside Lua
/// scripts included), ours next to raw Hangfire's and BullMQ's. Reuses the throughput scenarios' figures when they
/// ran; otherwise measures one smaller run of each.
/// </summary>
internal static class RedisCostScenario
{
    public static async Task RunAsync(BenchContext ctx, ScenarioResult result)
    {
        var o = ctx.Options;
        var tasks = Math.Min(o.Tasks, 5_000);
        var ours = ctx.Metric("e2e", "redis_cmds_per_task_1p");
        if (ours is null)
        {
            var run = await EndToEndRun.MeasureAsync(ctx, 1, tasks);
            ours = run.CommandsPerTask;
            result.Notes.Add($"ours ({tasks} tasks, 1p): {run.TopCommands()}");
        }
        result.Add("ours_cmds_per_task", ours.Value, "cmds");
        result.Target("ours_cmds_per_task", "<= 80", v => v <= 80);
        if (ctx.Metric("enqueue", "redis_cmds_per_enqueue") is { } enqueue) result.Add("ours_cmds_per_enqueue_only", enqueue, "cmds");

        var hangfire = ctx.Metric("hangfire", "redis_cmds_per_job");
        if (hangfire is null && o.Baselines) hangfire = (await HangfireScenario.MeasureAsync(ctx, tasks)).CommandsPerTask;
        if (hangfire is not null)
        {
            result.Add("hangfire_cmds_per_job", hangfire.Value, "cmds");
            result.Add("ours_vs_hangfire_cmds", Stats.Ratio(ours, hangfire), "x");
        }

        var bullmq = ctx.Metric("bullmq", "redis_cmds_per_job");
        if (bullmq is null && o.Baselines && await BullMqScenario.EnsureInstalledAsync(ctx, install: true) is null)
            bullmq = (await BullMqScenario.MeasureAsync(ctx, tasks)).CommandsPerTask;
        if (bullmq is not null)
        {
            result.Add("bullmq_cmds_per_job", bullmq.Value, "cmds");
            result.Add("ours_vs_bullmq_cmds", Stats.Ratio(ours, bullmq), "x");
        }
        if (hangfire is null && bullmq is null) result.Notes.Add("baselines off: only our own cost is reported");
        // What the figures include, so they are not read as round trips: a MULTI/EXEC transaction counts each of its
        // commands (and StackExchange.Redis's SELECT), a Lua script counts its EVALSHA plus every call inside it.
        result.Notes.Add("calls = INFO commandstats deltas per task: script-internal calls and MULTI/EXEC/SELECT included; " +
                         "use --monitor and tools/monitor_summary.py to split them by process and into round trips");
    }
}
