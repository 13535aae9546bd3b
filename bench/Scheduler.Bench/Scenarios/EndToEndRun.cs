using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Scheduler.Bench.Infrastructure;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Bench.Scenarios;

/// <summary>
/// Our system end to end: fresh Redis, one Beat and N worker processes, tasks scheduled due now through the client
/// from parallel callers, done when Hangfire's succeeded counter (incremented after the worker recorded the run's
/// history) reaches the count. One GET per 10 ms is the only measurement traffic, and it is subtracted.
/// </summary>
internal static class EndToEndRun
{
    public const string SucceededCounter = SchedulerCluster.HangfirePrefix + "stats:succeeded";
    private const int WarmUp = 20;

    private static readonly ScheduleOptions RunNow = new() { RunIfPast = true };

    /// <summary>Schedules <paramref name="task"/> due now ("in" needs at least a second, so "at:" now, allowed to be past on arrival).</summary>
    public static Task<ScheduledTask> ScheduleNowAsync(SchedulerClient client, TaskDefinition task) =>
        client.ScheduleAsync(task, "at:" + DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), RunNow);

    public static async Task<ThroughputRun> MeasureAsync(BenchContext ctx, int processes, int tasks)
    {
        var ct = ctx.Cancellation;
        await using var redis = await LocalRedis.StartAsync(ctx.Processes);
        await using var cluster = await SchedulerCluster.StartAsync(ctx.Processes, redis, beat: true, processes, ctx.Options.WorkersPerProcess);
        await using var client = await SchedulerClient.ConnectAsync(redis.ConnectionString, new SchedulerClientOptions { KeyPrefix = SchedulerCluster.KeyPrefix });
        var task = new NotificationTask("bench");

        await Load.RunAsync(WarmUp, 4, _ => ScheduleNowAsync(client, task), ct);
        await Load.WaitForCounterAsync(redis.Db, SucceededCounter, WarmUp, TimeSpan.FromSeconds(60), cluster.Logs, ct);

        var monitor = ctx.Options.MonitorPath is { } trace ? RedisTrace.Start(ctx.Processes, redis, trace) : null;
        var ids = new ConcurrentBag<string>();
        var before = await redis.CommandCallsAsync();
        var cpu = new CpuMeter().Add("client", Process.GetCurrentProcess()).Add("beat", cluster.Beat!.Process)
            .Add("workers", cluster.Workers).Add("redis", redis.Process);
        var watch = Stopwatch.StartNew();
        var completion = Load.WaitForCounterAsync(redis.Db, SucceededCounter, WarmUp + tasks, Load.TimeoutFor(tasks), cluster.Logs, ct);
        await Load.RunAsync(tasks, ctx.Options.Callers, async _ => ids.Add((await ScheduleNowAsync(client, task)).Id), ct);
        var enqueueSeconds = watch.Elapsed.TotalSeconds;
        var polls = await completion;
        var seconds = watch.Elapsed.TotalSeconds;
        var cpuPerTask = cpu.PerUnit(tasks);
        var commands = LocalRedis.Delta(before, await redis.CommandCallsAsync());
        commands["get"] = commands.GetValueOrDefault("get") - polls;
        if (monitor is not null) await RedisTrace.StopAsync(ctx.Processes, redis, monitor, ctx.Options.MonitorPath!);

        var recorded = await CountWithHistoryAsync(redis, ids);
        if (recorded != tasks) throw new InvalidOperationException($"{tasks} tasks succeeded in Hangfire but {recorded} have a recorded run\n{cluster.Logs()}");
        return new ThroughputRun(tasks, seconds, enqueueSeconds, commands) { CpuMsPerTask = cpuPerTask };
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
