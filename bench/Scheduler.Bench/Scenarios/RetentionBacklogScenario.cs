using System.Diagnostics;
using Scheduler.Bench.Infrastructure;
using Scheduler.Bench.Results;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Bench.Scenarios;

/// <summary>
/// Beat's retention sweep deleting tasks past the retention while a backlog of other tasks' fired runs waits (10,000
/// occurrences fired and not yet run: workers down or behind) and the failed-runs index is full (10,000 runs, its cap):
/// what each delete costs Redis and Beat then. One Beat
/// process sweeps every 5 s; its CPU, Redis's and Redis's calls are taken over a window in which the sweep deletes the
/// expired tasks, less the same window before they were written (the backlog in Redis in both). Then as many finished
/// tasks due in an hour deleted by hand (the client's DeleteAsync, one after another), which must leave no entry of the task anywhere.
/// </summary>
internal static class RetentionBacklogScenario
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(BenchContext ctx, ScenarioResult result)
    {
        var (backlog, expired) = ctx.Options.Quick ? (2_000, 200) : (10_000, 500);
        var window = TimeSpan.FromSeconds(ctx.Options.Quick ? 15 : 30);
        await using var redis = await LocalRedis.StartAsync(ctx.Processes);
        var start = SchedulerCluster.DotnetStart(Components.Dll("Scheduler.Beat"), redis);
        start.Environment["Scheduler__Beat__RetentionSweepInterval"] = Interval.ToString();
        start.Environment["Scheduler__Beat__FinishedTaskRetention"] = TimeSpan.FromDays(1).ToString();
        var beat = ctx.Processes.Start("beat", start);
        try
        {
            await SchedulerCluster.WaitForServersAsync(redis, [beat], 1);
            await SeedBacklogAsync(redis, backlog);
            await Task.Delay(TimeSpan.FromSeconds(30), ctx.Cancellation);
            var idle = await RetentionScenario.MeasureAsync(redis, beat, window, ctx.Cancellation);
            // Completed, found finished two days ago (the retention is a day): the next sweep deletes every one.
            var busy = await RetentionScenario.MeasureAsync(redis, beat, window, ctx.Cancellation,
                () => RetentionScenario.SeedFinishedAsync(redis, expired, "expired-", DateTimeOffset.UtcNow.AddDays(-2), indexed: true));
            var left = (long)(await redis.Db.ExecuteAsync("ZCARD", SchedulerCluster.KeyPrefix + "retained"))!;
            var (beatMs, redisMs, calls) = ((busy.Beat - idle.Beat) / expired, (busy.Redis - idle.Redis) / expired, (busy.Calls - idle.Calls) / expired);
            result.Notes.Add($"{expired} tasks past the retention deleted by the sweep beside {backlog} fired and {backlog} failed runs of other tasks; " +
                             $"a sweep every {Interval.TotalSeconds:0} s over {window.TotalSeconds:0} s, less the same window before them");
            result.Add("delete_redis_cpu_ms", redisMs, "ms");
            result.Add("delete_beat_cpu_ms", beatMs, "ms");
            result.Add("delete_redis_calls", calls, "calls");
            result.Add("delete_expired_left", left, "tasks");
            ctx.Log($"per task deleted beside {backlog} fired and {backlog} failed runs: Redis {redisMs:0.000} ms, Beat {beatMs:0.000} ms of CPU, {calls:0.0} Redis calls " +
                    $"({left} of {expired} left undeleted); the windows without / with them: Beat {idle.Beat:0} / {busy.Beat:0} ms, Redis {idle.Redis:0} / {busy.Redis:0} ms");

            var (handRedisMs, handCalls, walls) = await DeleteByHandAsync(redis, expired, ctx.Cancellation);
            result.Add("delete_by_hand_redis_cpu_ms", handRedisMs, "ms");
            result.Add("delete_by_hand_redis_calls", handCalls, "calls");
            result.Add("delete_by_hand_p50_ms", Stats.Median(walls), "ms");
            result.Add("delete_by_hand_max_ms", walls.Max(), "ms");
            ctx.Log($"per task deleted by hand beside the same backlog: Redis {handRedisMs:0.000} ms of CPU, {handCalls:0.0} Redis calls; " +
                    $"wall p50 {Stats.Median(walls):0.0} ms, max {walls.Max():0.0} ms (Beat's idle work included)");
        }
        finally
        {
            await ctx.Processes.StopAsync(beat);
        }
    }

    private static async Task<(double RedisMs, double Calls, List<double> Walls)> DeleteByHandAsync(LocalRedis redis, int n, CancellationToken ct)
    {
        await using var client = await SchedulerClient.ConnectAsync(redis.ConnectionString,
            new SchedulerClientOptions { KeyPrefix = SchedulerCluster.KeyPrefix, VerifyWorkers = false });
        await client.ScheduleManyAsync([.. Enumerable.Range(1, n).Select(i => ((TaskDefinition)new NotificationTask("bench"), "in:1h",
            (ScheduleOptions?)new ScheduleOptions { Id = $"by-hand-{i}" }))], ct);
        var (cpu, calls0) = (new CpuMeter().Add("redis", redis.Process), (await redis.CommandCallsAsync()).Values.Sum());
        var walls = new List<double>(n);
        for (var i = 1; i <= n; i++)
        {
            var watch = Stopwatch.StartNew();
            if (!await client.DeleteAsync($"by-hand-{i}", ct)) throw new InvalidOperationException($"by-hand-{i} was not deleted");
            walls.Add(watch.Elapsed.TotalMilliseconds);
        }
        return (cpu.PerUnit(n)["redis"], ((await redis.CommandCallsAsync()).Values.Sum() - calls0) / n, walls);
    }

    // Fired, not yet run: scored an hour ahead, so Beat's reconciler leaves them alone over the windows. And as many
    // failed runs of other tasks.
    private static Task SeedBacklogAsync(LocalRedis redis, int n) => redis.Db.ScriptEvaluateAsync("""
        local at = tonumber(ARGV[3]) + 3600000
        for i = 1, tonumber(ARGV[1]) do
          redis.call('ZADD', ARGV[2] .. 'fired', at, 'backlog-' .. i .. ':' .. at)
          redis.call('ZADD', ARGV[2] .. 'failed-runs', ARGV[3], 'failing-' .. i .. ':' .. ARGV[3])
        end
        return 0
        """, [], [n, SchedulerCluster.KeyPrefix, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()]);
}
