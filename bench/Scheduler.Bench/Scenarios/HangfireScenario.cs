using System.Diagnostics;
using Hangfire;
using Hangfire.Common;
using Hangfire.Redis.StackExchange;
using Hangfire.States;
using Scheduler.Bench.Infrastructure;
using Scheduler.Bench.Results;
using StackExchange.Redis;

namespace Scheduler.Bench.Scenarios;

/// <summary>
/// Scenario 3: the same number of no-op jobs through plain BackgroundJobClient + BackgroundJobServer (one server
/// process with the same worker count as one of our worker processes), fed by the same number of callers.
/// </summary>
internal static class HangfireScenario
{
    public static async Task RunAsync(BenchContext ctx, ScenarioResult result)
    {
        var o = ctx.Options;
        result.Notes.Add($"{o.Tasks} jobs, 1 BackgroundJobServer process with {o.WorkersPerProcess} workers, {o.Callers} parallel callers");
        for (var run = 0; run < o.Runs; run++)
        {
            var measured = await MeasureAsync(ctx, o.Tasks);
            result.Sample("jobs_per_s", measured.PerSecond, "jobs/s");
            result.Sample("enqueue_per_s_during", measured.EnqueuePerSecond, "jobs/s");
            result.Sample("redis_cmds_per_job", measured.CommandsPerTask, "cmds");
            result.Sample("redis_bytes_per_job", measured.MemoryBytesPerTask, "B");
            result.Sample("redis_reads_per_job", measured.ReadsPerTask, "reads");
            ctx.Log($"hangfire run {run + 1}: {measured.PerSecond:0} jobs/s, {measured.CommandsPerTask:0.0} cmds/job");
            if (run == 0) result.Notes.Add($"Redis calls per job: {measured.TopCommands()}");
            if (run == 0) result.Notes.Add($"Redis execution µs per job: {measured.TopMicros()}");
            if (run == 0) result.Notes.Add($"Redis memory by key family after {measured.Retained} jobs: {RedisFootprint.Describe(measured.Footprint, measured.Retained)}");
            foreach (var (process, ms) in measured.CpuMsPerTask) result.Sample($"cpu_ms_per_job_{process}", ms, "ms");
            result.Notes.Add($"run {run + 1} CPU ms per job: {CpuMeter.Describe(measured.CpuMsPerTask)}");
        }
        result.Summarize();
        var ours = ctx.Metric("e2e", "tasks_per_s_1p");
        if (ours is not null)
        {
            // Issue 16's targets: at least Hangfire's throughput with the same workers, at no more CPU per task in all
            // and no more Redis CPU per task.
            result.Add("ours_1p_vs_hangfire", Stats.Ratio(ours, result.Find("jobs_per_s")?.Value), "x");
            result.Target("ours_1p_vs_hangfire", ">= 1.0x", v => v >= 1.0);
            result.Add("ours_cpu_vs_hangfire", Stats.Ratio(ctx.Metric("e2e", "cpu_ms_per_task_total_1p"), result.Find("cpu_ms_per_job_total")?.Value), "x");
            result.Target("ours_cpu_vs_hangfire", "<= 1.0x", v => v <= 1.0);
            result.Add("ours_redis_cpu_vs_hangfire", Stats.Ratio(ctx.Metric("e2e", "cpu_ms_per_task_redis_1p"), result.Find("cpu_ms_per_job_redis")?.Value), "x");
            result.Target("ours_redis_cpu_vs_hangfire", "<= 1.0x", v => v <= 1.0);
            // Not a target: Redis's round trips per task against per job; each costs it a socket read and a reply write.
            result.Add("ours_redis_reads_vs_hangfire", Stats.Ratio(ctx.Metric("e2e", "redis_reads_per_task_1p"), result.Find("redis_reads_per_job")?.Value), "x");
            // Not a target: what a finished task keeps in Redis until it expires, against a finished job.
            result.Add("ours_redis_bytes_vs_hangfire", Stats.Ratio(ctx.Metric("e2e", "redis_bytes_per_task_1p"), result.Find("redis_bytes_per_job")?.Value), "x");
        }
    }

    public static async Task<ThroughputRun> MeasureAsync(BenchContext ctx, int jobs)
    {
        var ct = ctx.Cancellation;
        await using var redis = await LocalRedis.StartAsync(ctx.Processes);
        var start = SchedulerCluster.DotnetStart(Components.BenchDll, redis, HangfireServerHost.Command, redis.ConnectionString, ctx.Options.WorkersPerProcess.ToString());
        var server = ctx.Processes.Start("hangfire-server", start);
        try
        {
            await SchedulerCluster.WaitForServersAsync(redis, [server], 1);
            var client = new BackgroundJobClient(HangfireServerHost.Storage(redis.Connection));
            var job = Job.FromExpression(() => NoopJob.Run());
            Task Enqueue(int _) { client.Create(job, new EnqueuedState()); return Task.CompletedTask; }

            var warmUp = ctx.Options.WarmUp;
            await Load.RunAsync(warmUp, ctx.Options.Callers, Enqueue, ct);
            await Load.WaitForCounterAsync(redis.Db, EndToEndRun.SucceededCounter, warmUp, Load.TimeoutFor(warmUp), () => server.Output, ct);
            var monitor = ctx.Options.MonitorPath is { } trace ? RedisTrace.Start(ctx.Processes, redis, trace + ".hangfire") : null;
            var before = await redis.CommandCallsAsync();
            var microsBefore = await redis.CommandMicrosAsync();
            var memoryBefore = await redis.UsedMemoryAsync();
            var readsBefore = await redis.ReadsProcessedAsync();
            var cpu = new CpuMeter().Add("client", Process.GetCurrentProcess()).Add("server", server.Process).Add("redis", redis.Process);
            var watch = Stopwatch.StartNew();
            var completion = Load.WaitForCounterAsync(redis.Db, EndToEndRun.SucceededCounter, warmUp + jobs, Load.TimeoutFor(jobs), () => server.Output, ct);
            await Load.RunAsync(jobs, ctx.Options.Callers, Enqueue, ct);
            var enqueueSeconds = watch.Elapsed.TotalSeconds;
            var polls = await completion;
            var seconds = watch.Elapsed.TotalSeconds;
            var cpuPerTask = cpu.PerUnit(jobs);
            var commands = LocalRedis.Delta(before, await redis.CommandCallsAsync());
            commands["get"] = commands.GetValueOrDefault("get") - polls;
            var micros = LocalRedis.Delta(microsBefore, await redis.CommandMicrosAsync());
            var memoryBytes = await redis.UsedMemoryAsync() - memoryBefore;
            var reads = await redis.ReadsProcessedAsync() - readsBefore - polls;
            if (monitor is not null) await RedisTrace.StopAsync(ctx.Processes, redis, monitor, ctx.Options.MonitorPath + ".hangfire");
            return new ThroughputRun(jobs, seconds, enqueueSeconds, commands)
            {
                CpuMsPerTask = cpuPerTask, Micros = micros, MemoryBytesPerTask = memoryBytes / (double)jobs,
                ReadsPerTask = reads / (double)jobs, Footprint = await RedisFootprint.MeasureAsync(redis), Retained = warmUp + jobs,
            };
        }
        finally
        {
            await ctx.Processes.StopAsync(server);
        }
    }
}

/// <summary>The job the raw Hangfire baseline runs: nothing at all.</summary>
public static class NoopJob
{
    public static void Run() { }
}

/// <summary>
/// <c>Scheduler.Bench.dll hangfire-server &lt;redis&gt; &lt;workers&gt;</c>: a plain <see cref="BackgroundJobServer"/> with
/// default processes, the same storage options as Scheduler's workers. Exits when its stdin closes (the bench ended).
/// </summary>
internal static class HangfireServerHost
{
    public const string Command = "hangfire-server";

    /// <summary>
    /// The Hangfire storage options and job type names Scheduler's processes use (Runtime's
    /// RedisServiceCollectionExtensions): the short type names Hangfire recommends, for the baseline's jobs too.
    /// </summary>
    public static RedisStorage Storage(IConnectionMultiplexer redis)
    {
        TypeHelper.CurrentTypeSerializer = TypeHelper.SimpleAssemblyTypeSerializer;
        return new(redis, new RedisStorageOptions
        {
            Prefix = Infrastructure.SchedulerCluster.HangfirePrefix,
            InvisibilityTimeout = TimeSpan.FromMinutes(30),
            FetchTimeout = TimeSpan.FromSeconds(5),
        });
    }

    /// <summary>The server process's connection, for jobs that write to Redis themselves (<see cref="StampedJob"/>).</summary>
    public static IConnectionMultiplexer? Redis { get; private set; }

    public static async Task<int> RunAsync(string[] args)
    {
        ThreadPool.SetMinThreads(128, 128);
        var redis = await ConnectionMultiplexer.ConnectAsync(args[1]);
        Redis = redis;
        var storage = Storage(redis);
        using var server = new BackgroundJobServer(new BackgroundJobServerOptions
        {
            WorkerCount = int.Parse(args[2]),
            ServerName = $"hangfire-baseline:{Environment.ProcessId}",
        }, storage);
        await Console.In.ReadToEndAsync();
        server.SendStop();
        return 0;
    }
}
