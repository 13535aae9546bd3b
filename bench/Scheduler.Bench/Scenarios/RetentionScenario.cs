using Scheduler.Bench.Infrastructure;
using Scheduler.Bench.Results;

namespace Scheduler.Bench.Scenarios;

/// <summary>
/// Beat's retention sweep with many finished tasks kept (100,000; 20,000 in quick mode), none of them due for deletion
/// yet, as in a deployment's steady state under the default week's retention: what each sweep costs Beat and Redis.
/// One Beat process sweeps every 5 s; its CPU, Redis's and Redis's calls are taken over a window with no task at all,
/// then over the same window with the finished tasks in Redis, and the difference is divided by the sweeps in it.
/// </summary>
internal static class RetentionScenario
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(BenchContext ctx, ScenarioResult result)
    {
        var n = ctx.Options.Quick ? 20_000 : 100_000;
        var window = ctx.Options.Quick ? TimeSpan.FromSeconds(20) : TimeSpan.FromSeconds(60);
        await using var redis = await LocalRedis.StartAsync(ctx.Processes);
        var start = SchedulerCluster.DotnetStart(Components.Dll("Scheduler.Beat"), redis);
        start.Environment["Scheduler__Beat__RetentionSweepInterval"] = Interval.ToString();
        var beat = ctx.Processes.Start("beat", start);
        try
        {
            await SchedulerCluster.WaitForServersAsync(redis, [beat], 1);
            // Past the start's JIT work, which would otherwise weigh on the idle window more than on the later one.
            await Task.Delay(TimeSpan.FromSeconds(30), ctx.Cancellation);
            var idle = await MeasureAsync(redis, beat, window, ctx.Cancellation);
            await SeedFinishedAsync(redis, n, "done-", DateTimeOffset.UtcNow, indexed: false);
            await Task.Delay(Interval, ctx.Cancellation);
            var kept = await MeasureAsync(redis, beat, window, ctx.Cancellation);
            var sweeps = window / Interval;
            var (beatMs, redisMs, calls) = ((kept.Beat - idle.Beat) / sweeps, (kept.Redis - idle.Redis) / sweeps, (kept.Calls - idle.Calls) / sweeps);
            result.Notes.Add($"{n} finished tasks kept, none due; a sweep every {Interval.TotalSeconds:0} s over {window.TotalSeconds:0} s, less the same window with no task");
            result.Add("sweep_beat_cpu_ms", beatMs, "ms");
            result.Add("sweep_redis_cpu_ms", redisMs, "ms");
            result.Add("sweep_redis_calls", calls, "calls");
            // The default sweep interval (10 minutes) over a week's retention: how often each kept task is swept.
            var sweepsPerRetention = TimeSpan.FromDays(7) / TimeSpan.FromMinutes(10);
            result.Add("sweep_redis_calls_per_kept_task", calls / n, "calls");
            ctx.Log($"per sweep over {n} kept tasks: Beat {beatMs:0.0} ms, Redis {redisMs:0.0} ms of CPU, {calls:0} Redis calls " +
                    $"({calls / n:0.000} per kept task; a week's retention at the default 10-minute interval is {sweepsPerRetention:0} sweeps); " +
                    $"the windows without / with the tasks: Beat {idle.Beat:0} / {kept.Beat:0} ms, Redis {idle.Redis:0} / {kept.Redis:0} ms");
        }
        finally
        {
            await ctx.Processes.StopAsync(beat);
        }
    }

    /// <summary>Beat's and Redis's CPU and Redis's calls over <paramref name="window"/>, after <paramref name="first"/> when given.</summary>
    internal static async Task<(double Beat, double Redis, double Calls)> MeasureAsync(LocalRedis redis, ProcessRegistry.Tracked beat, TimeSpan window,
        CancellationToken ct, Func<Task>? first = null)
    {
        var (cpu, calls0) = (new CpuMeter().Add("beat", beat.Process).Add("redis", redis.Process), (await redis.CommandCallsAsync()).Values.Sum());
        if (first is not null) await first();
        await Task.Delay(window, ct);
        var used = cpu.PerUnit(1);
        return (used["beat"], used["redis"], (await redis.CommandCallsAsync()).Values.Sum() - calls0);
    }

    // Finished task records of about the real size (~25 fields), marked found finished at retainedFrom, in the tasks
    // index; in the retention index too when indexed (the next sweep then deletes those past the retention).
    internal static Task SeedFinishedAsync(LocalRedis redis, int n, string idPrefix, DateTimeOffset retainedFrom, bool indexed) =>
        redis.Db.ScriptEvaluateAsync("""
        local filler = string.rep('x', 40)
        for i = 1, tonumber(ARGV[1]) do
          local id = ARGV[4] .. i
          redis.call('HSET', ARGV[2] .. 'task:' .. id, 'status', 'completed', 'retainedFrom', ARGV[3], 'id', id, 'name', 'finished ' .. i,
            'a1', filler, 'a2', filler, 'a3', filler, 'a4', filler, 'a5', filler, 'a6', filler, 'a7', filler, 'a8', filler,
            'a9', filler, 'a10', filler, 'a11', filler, 'a12', filler, 'a13', filler, 'a14', filler, 'a15', filler, 'a16', filler)
          redis.call('ZADD', ARGV[2] .. 'tasks', i, id)
          if ARGV[5] == '1' then redis.call('ZADD', ARGV[2] .. 'retained', ARGV[3], id) end
        end
        return 0
        """, [], [n, SchedulerCluster.KeyPrefix, retainedFrom.ToUnixTimeMilliseconds(), idPrefix, indexed ? "1" : "0"]);
}
