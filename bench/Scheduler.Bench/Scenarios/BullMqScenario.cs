using System.Diagnostics;
using System.Text.Json;
using Scheduler.Bench.Infrastructure;
using Scheduler.Bench.Results;

namespace Scheduler.Bench.Scenarios;

/// <summary>
/// Scenario 4: the same no-op jobs through BullMQ (one node process, concurrency = workers per process), installed by
/// the bench from the npm registry into bench/.node. Skipped, with the reason, when node or npm is missing.
/// </summary>
internal static class BullMqScenario
{
    public const string Version = "6.7.0";

    /// <summary>BullMQ 6 no longer brings a Redis client: ioredis is an optional peer (5.11.1 is what BullMQ is tested with).</summary>
    public const string IoRedisVersion = "5.11.1";

    public static async Task RunAsync(BenchContext ctx, ScenarioResult result)
    {
        var o = ctx.Options;
        if (await EnsureInstalledAsync(ctx, install: !o.Quick) is { } reason)
        {
            result.Skipped = reason;
            return;
        }
        result.Notes.Add($"bullmq {Version}, {o.Tasks} jobs, 1 node process with concurrency {o.WorkersPerProcess}, {o.Callers} parallel callers");
        for (var run = 0; run < o.Runs; run++)
        {
            var measured = await MeasureAsync(ctx, o.Tasks);
            result.Sample("jobs_per_s", measured.PerSecond, "jobs/s");
            result.Sample("enqueue_per_s_during", measured.EnqueuePerSecond, "jobs/s");
            result.Sample("redis_cmds_per_job", measured.CommandsPerTask, "cmds");
            ctx.Log($"bullmq run {run + 1}: {measured.PerSecond:0} jobs/s, {measured.CommandsPerTask:0.0} cmds/job");
            if (run == 0) result.Notes.Add($"Redis calls per job: {measured.TopCommands()}");
            result.Sample("cpu_ms_per_job_total", measured.CpuMsPerTask["total"], "ms");
            result.Notes.Add($"run {run + 1} CPU ms per job: {CpuMeter.Describe(measured.CpuMsPerTask)}");
        }
        result.Summarize();
        if (ctx.Metric("e2e", "tasks_per_s_1p") is { } ours)
        {
            result.Add("ours_1p_vs_bullmq", Stats.Ratio(ours, result.Find("jobs_per_s")?.Value), "x");
            result.Target("ours_1p_vs_bullmq", ">= 1.0x (aim)", v => v >= 1.0);
        }
    }

    /// <summary>Null when bullmq is usable, else why not.</summary>
    public static async Task<string?> EnsureInstalledAsync(BenchContext ctx, bool install)
    {
        if (File.Exists(Path.Combine(Components.NodeDir, "node_modules", "bullmq", "package.json"))
            && File.Exists(Path.Combine(Components.NodeDir, "node_modules", "ioredis", "package.json"))) return null;
        if (!OnPath("node") || !OnPath("npm")) return "node or npm is not installed";
        if (!install) return "quick mode does not install bullmq (run the full bench once to install it into bench/.node)";
        ctx.Log($"installing bullmq@{Version} and ioredis@{IoRedisVersion} into {Components.NodeDir}");
        var start = new ProcessStartInfo("npm") { ArgumentList = { "install", "--prefix", Components.NodeDir, $"bullmq@{Version}", $"ioredis@{IoRedisVersion}", "--no-audit", "--no-fund" } };
        var npm = ctx.Processes.Start("npm", start);
        await npm.Process.WaitForExitAsync(ctx.Cancellation);
        var code = npm.Process.ExitCode;
        await ctx.Processes.StopAsync(npm);
        return code == 0 ? null : $"npm install bullmq@{Version} failed ({code}): {npm.Output[^Math.Min(500, npm.Output.Length)..]}";
    }

    public static async Task<ThroughputRun> MeasureAsync(BenchContext ctx, int jobs)
    {
        await using var redis = await LocalRedis.StartAsync(ctx.Processes);
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { Components.NodeScript, Path.Combine(Components.NodeDir, "node_modules"), redis.Port.ToString(), jobs.ToString(),
                ctx.Options.WorkersPerProcess.ToString(), ctx.Options.Callers.ToString(), ctx.Options.WarmUp.ToString() },
        };
        var node = ctx.Processes.Start("bullmq", start);
        try
        {
            await WaitForLineAsync(node, l => l == "ready", TimeSpan.FromSeconds(60));
            var before = await redis.CommandCallsAsync();
            var cpu = new CpuMeter().Add("node", node.Process).Add("redis", redis.Process);
            await node.Process.StandardInput.WriteLineAsync("go");
            await node.Process.StandardInput.FlushAsync();
            var line = await WaitForLineAsync(node, l => l.StartsWith('{'), Load.TimeoutFor(jobs));
            var cpuPerTask = cpu.PerUnit(jobs);
            var commands = LocalRedis.Delta(before, await redis.CommandCallsAsync());
            var timing = JsonDocument.Parse(line).RootElement;
            return new ThroughputRun(jobs, timing.GetProperty("seconds").GetDouble(), timing.GetProperty("enqueueSeconds").GetDouble(), commands)
                { CpuMsPerTask = cpuPerTask };
        }
        finally
        {
            await ctx.Processes.StopAsync(node);
        }
    }

    private static async Task<string> WaitForLineAsync(ProcessRegistry.Tracked node, Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (node.Output.Split('\n').LastOrDefault(match) is { } line) return line;
            if (node.Process.HasExited) break;
            await Task.Delay(10);
        }
        throw new InvalidOperationException($"the BullMQ script did not answer in time:\n{node.Output}");
    }

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, name)));
}
