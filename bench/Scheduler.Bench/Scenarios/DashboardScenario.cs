using System.Diagnostics;
using System.Net.Http;
using System.Text.Json;
using Scheduler.Bench.Infrastructure;
using Scheduler.Bench.Results;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using StackExchange.Redis;

namespace Scheduler.Bench.Scenarios;

/// <summary>
/// The operator console with many schedules in Redis (100,000; 20,000 in quick mode): how long the schedule list page
/// takes to render and the list API to answer, unfiltered, searched (a rare match, no match), filtered by status and
/// tag, and deep in the pages. Each figure is the median of several requests to a dashboard process (after one warm-up).
/// Every tenth schedule has a run history of ten attempts and one failed run in the failed-runs index (10,000 there, its
/// cap), every hundredth has failed and every fiftieth is paused.
/// </summary>
internal static class DashboardScenario
{
    private static readonly string[] Specs = ["every 5 minutes", "cron:0 6 * * *", "every day at 9am", "in 2 hours", "every monday at 10:30"];

    public static async Task RunAsync(BenchContext ctx, ScenarioResult result)
    {
        var n = ctx.Options.Quick ? 20_000 : 100_000;
        var ct = ctx.Cancellation;
        await using var redis = await LocalRedis.StartAsync(ctx.Processes);
        await using var client = await SchedulerClient.ConnectAsync(redis.ConnectionString,
            new SchedulerClientOptions { KeyPrefix = SchedulerCluster.KeyPrefix, VerifyWorkers = false });
        var watch = Stopwatch.StartNew();
        await SeedAsync(client, redis.Db, n, ct);
        ctx.Log($"seeded {n} schedules in {watch.Elapsed.TotalSeconds:0.0} s; Redis {await redis.UsedMemoryAsync() / 1048576.0:0} MB");
        result.Notes.Add($"{n} schedules; wall: medians of 5 requests after one warm-up; CPU: per request, averaged over all 6");

        var port = LocalRedis.FreePort();
        var start = SchedulerCluster.DotnetStart(Components.Dll("Scheduler.Dashboard"), redis, $"--urls=http://127.0.0.1:{port}");
        var dashboard = ctx.Processes.Start("dashboard", start);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
            await WaitReadyAsync(http, dashboard, ct);
            // The failing-now count reads every record; it is cached for a few seconds, so its first request is timed alone.
            var first = Stopwatch.StartNew();
            using (var glance = await http.GetAsync("/api/schedules/glance", ct))
            {
                // A build from before the console (for before/after figures) has no such endpoint.
                if (glance.StatusCode != System.Net.HttpStatusCode.NotFound)
                {
                    glance.EnsureSuccessStatusCode();
                    result.Sample("api_glance_uncached_ms", first.Elapsed.TotalMilliseconds, "ms");
                    ctx.Log($"{"api_glance_uncached_ms",-24} {first.Elapsed.TotalMilliseconds,9:0.0} ms  GET /api/schedules/glance (first)");
                }
            }
            var rare = $"bench-{n / 2:D6}";
            foreach (var (metric, path) in new[]
            {
                ("page_ms", "/scheduler/schedules"),
                ("page_search_rare_ms", $"/scheduler/schedules?q={rare}"),
                ("page_search_none_ms", "/scheduler/schedules?q=no-such-schedule"),
                ("page_status_paused_ms", "/scheduler/schedules?status=paused"),
                ("page_outcome_failed_ms", "/scheduler/schedules?outcome=failed"),
                ("api_list_ms", "/api/schedules?limit=50"),
                ("api_search_rare_ms", $"/api/schedules?limit=50&q={rare}"),
                ("api_search_none_ms", "/api/schedules?limit=50&q=no-such-schedule"),
                ("api_search_tag_ms", "/api/schedules?limit=50&q=tag-7"),
                ("api_status_failed_ms", "/api/schedules?limit=50&status=failed"),
                ("api_tag_ms", "/api/schedules?limit=50&tag=tag-7"),
                ("api_deep_page_ms", $"/api/schedules?limit=50&offset={n / 2}"),
                ("api_search_deep_page_ms", $"/api/schedules?limit=50&offset=5000&q=bench"),
                ("page_failed_runs_ms", "/scheduler/failed"),
                ("api_failed_runs_ms", "/api/runs/failed?limit=50"),
                ("api_failed_runs_deep_ms", $"/api/runs/failed?limit=50&offset={n / 20}"),
                ("api_failed_runs_task_ms", $"/api/runs/failed?limit=50&task=bench-{n / 2:D6}"),
                ("api_failed_runs_type_ms", "/api/runs/failed?limit=50&type=notification"),
            })
            {
                // Wall time swings with whatever else runs on the machine; CPU time spent per request by the dashboard
                // process and by Redis is the steadier figure for comparing two builds.
                var (dashboardCpu, redisCpu) = (Cpu(dashboard.Process), await RedisCpuAsync(redis));
                var ms = await MeasureAsync(http, path, ct);
                var dashboardMs = (Cpu(dashboard.Process) - dashboardCpu) / Requests;
                var redisMs = (await RedisCpuAsync(redis) - redisCpu) / Requests;
                result.Sample(metric, ms, "ms");
                result.Sample(metric.Replace("_ms", "_cpu_dashboard_ms"), dashboardMs, "ms");
                result.Sample(metric.Replace("_ms", "_cpu_redis_ms"), redisMs, "ms");
                ctx.Log($"{metric,-24} {ms,9:0.0} ms  (CPU: dashboard {dashboardMs,7:0.0} ms, Redis {redisMs,7:0.0} ms)  GET {path}");
            }
        }
        finally
        {
            await ctx.Processes.StopAsync(dashboard);
        }
    }

    private static async Task SeedAsync(SchedulerClient client, IDatabase db, int n, CancellationToken ct)
    {
        var task = new NotificationTask("bench");
        for (var start = 0; start < n; start += SchedulerClient.MaxBatchSize)
        {
            ct.ThrowIfCancellationRequested();
            var items = Enumerable.Range(start, Math.Min(SchedulerClient.MaxBatchSize, n - start)).Select(i => ((TaskDefinition)task, Specs[i % Specs.Length],
                (ScheduleOptions?)new ScheduleOptions { Id = $"bench-{i:D6}", Name = $"Bench schedule {i:D6}", Tags = [$"tag-{i % 100}", "bench"] })).ToList();
            await client.ScheduleManyAsync(items, ct);
        }
        var batch = db.CreateBatch();
        var writes = new List<Task>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < n; i++)
        {
            var key = $"{SchedulerCluster.KeyPrefix}task:bench-{i:D6}";
            if (i % 50 == 7) writes.Add(batch.HashSetAsync(key, "status", "paused"));
            if (i % 100 == 3) writes.Add(batch.HashSetAsync(key, [new("status", "failed"), new("lastOutcome", "Failed")]));
            if (i % 10 != 0) continue;
            var runs = Enumerable.Range(0, 10).Select(r => (RedisValue)JsonSerializer.Serialize(new TaskRun
            {
                RunId = $"bench-{i:D6}:{r}", TaskId = $"bench-{i:D6}", Attempt = 1, WorkerId = "bench",
                StartedAt = now.AddMinutes(-r * 5), FinishedAt = now.AddMinutes(-r * 5).AddMilliseconds(20 + r * 7),
                Outcome = r % 4 == 3 ? RunOutcome.Failed : RunOutcome.Succeeded, IsFinal = true,
            }, TaskTypes.JsonOptions)).ToArray();
            writes.Add(batch.ListRightPushAsync($"{SchedulerCluster.KeyPrefix}runs:bench-{i:D6}", runs));
            var failed = $"bench-{i:D6}:3";
            writes.Add(batch.SortedSetAddAsync($"{SchedulerCluster.KeyPrefix}failed-runs", failed, now.AddMinutes(-15).ToUnixTimeMilliseconds() - i));
            writes.Add(batch.HashSetAsync($"{SchedulerCluster.KeyPrefix}failed-runs:data", failed, runs[3]));
        }
        batch.Execute();
        await Task.WhenAll(writes);
    }

    private static async Task WaitReadyAsync(HttpClient http, ProcessRegistry.Tracked dashboard, CancellationToken ct)
    {
        for (var i = 0; i < 600; i++)
        {
            if (dashboard.Process.HasExited) throw new InvalidOperationException($"the dashboard exited:\n{dashboard.Output}");
            try
            {
                using var response = await http.GetAsync("/health", ct);
                return;
            }
            catch (HttpRequestException) { await Task.Delay(100, ct); }
        }
        throw new TimeoutException($"the dashboard never answered:\n{dashboard.Output}");
    }

    private const int Requests = 6;

    private static double Cpu(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime.TotalMilliseconds;
    }

    // INFO cpu: seconds of CPU the Redis server used, user and system.
    private static async Task<double> RedisCpuAsync(LocalRedis redis)
    {
        var info = (string)(await redis.Db.ExecuteAsync("INFO", "cpu"))!;
        return info.Split('\n').Where(l => l.StartsWith("used_cpu_sys:") || l.StartsWith("used_cpu_user:"))
            .Sum(l => double.Parse(l[(l.IndexOf(':') + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture)) * 1000;
    }

    private static async Task<double> MeasureAsync(HttpClient http, string path, CancellationToken ct)
    {
        var samples = new List<double>();
        for (var i = 0; i < Requests; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync(path, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            watch.Stop();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
            if (i > 0) samples.Add(watch.Elapsed.TotalMilliseconds);
        }
        return Stats.Median(samples);
    }
}
