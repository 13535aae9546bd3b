using System.Diagnostics;
using Hangfire;
using Hangfire.Redis.StackExchange;
using Hangfire.Storage;
using Scheduler.Bench.Infrastructure;
using Scheduler.Bench.Results;
using Scheduler.Runtime.Redis;

namespace Scheduler.Bench.Scenarios;

/// <summary>
/// Opt-in scenario "pickup": how soon idle Hangfire workers take jobs queued one at a time (each announced on the fetch
/// channel, as Hangfire's client, a backfill or a retry queues them) when every job then holds its worker (a long
/// task). Rounds of ten jobs to ten idle workers, on Scheduler's storage and on Hangfire.Redis.StackExchange's own,
/// side by side on one Redis with the same fetch timeout (5 s): a wake-up the fetch loses shows as a job picked up
/// only at the timeout.
/// </summary>
internal static class PickupScenario
{
    private const int Workers = 10;
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(BenchContext ctx, ScenarioResult result)
    {
        var rounds = ctx.Options.Quick ? 5 : 20;
        await using var redis = await LocalRedis.StartAsync(ctx.Processes);
        var ours = RedisServiceCollectionExtensions.CreateHangfireStorage(redis.Connection, new SchedulerRedisOptions
        {
            ConnectionString = redis.ConnectionString, HangfirePrefix = "{pickup-ours}:", FetchTimeout = FetchTimeout,
        });
        var library = new RedisStorage(redis.Connection, new RedisStorageOptions
        {
            Prefix = "{pickup-library}:", FetchTimeout = FetchTimeout, InvisibilityTimeout = TimeSpan.FromMinutes(30),
        });
        for (var run = 1; run <= ctx.Options.Runs; run++)
        {
            foreach (var (name, storage) in new (string, JobStorage)[] { ("ours", ours), ("hangfire_redis", library) })
            {
                var pickups = await MeasureAsync(storage, rounds, ctx.Cancellation);
                var stalled = pickups.Count(ms => ms > 1000);
                result.Sample($"{name}_pickup_p50_ms", Stats.Percentile(pickups, 50), "ms");
                result.Sample($"{name}_pickup_p99_ms", Stats.Percentile(pickups, 99), "ms");
                result.Sample($"{name}_pickup_max_ms", pickups.Max(), "ms");
                result.Sample($"{name}_jobs_waiting_over_1s", stalled, "jobs");
                ctx.Log($"pickup run {run} {name}: {pickups.Count} jobs, p50 {Stats.Percentile(pickups, 50):0.0} p99 {Stats.Percentile(pickups, 99):0} " +
                        $"max {pickups.Max():0} ms, {stalled} waited over 1 s");
            }
        }
        result.Notes.Add($"{rounds} rounds per run of {Workers} jobs queued one at a time to {Workers} idle workers that hold them; " +
                         $"fetch timeout {FetchTimeout.TotalSeconds:0} s; pickup = fetch returned − job queued");
    }

    private static async Task<List<double>> MeasureAsync(JobStorage storage, int rounds, CancellationToken cancellation)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        // The library's connections wait on its subscription component, which a Hangfire server would run.
#pragma warning disable CS0618 // IServerComponent: how a Hangfire storage adds its processes
        var subscriptions = storage.GetComponents().Where(c => c.GetType().Name == "RedisSubscription")
            .Select(c => Task.Factory.StartNew(() => c.Execute(stop.Token), TaskCreationOptions.LongRunning)).ToList();
#pragma warning restore CS0618
        var connections = Enumerable.Range(0, Workers).Select(_ => storage.GetConnection()).ToList();
        using var enqueuer = storage.GetConnection();
        var pickups = new List<double>();
        try
        {
            await WarmUpAsync(connections, enqueuer, stop.Token);
            for (var round = 0; round < rounds; round++)
            {
                var queuedAt = new long[Workers];
                var fetches = connections.Select(c => Task.Factory.StartNew(() =>
                {
                    var job = c.FetchNextJob(["default"], stop.Token);
                    return (Job: job, At: Stopwatch.GetTimestamp());
                }, TaskCreationOptions.LongRunning)).ToList();
                await Task.Delay(50, cancellation); // every worker is waiting
                for (var i = 0; i < Workers; i++)
                {
                    queuedAt[i] = Stopwatch.GetTimestamp();
                    using var transaction = enqueuer.CreateWriteTransaction();
                    transaction.AddToQueue("default", $"{round}-{i}");
                    transaction.Commit();
                }
                foreach (var (job, at) in await Task.WhenAll(fetches).WaitAsync(FetchTimeout * 3, cancellation))
                {
                    var index = int.Parse(job.JobId[(job.JobId.IndexOf('-') + 1)..]);
                    pickups.Add(Stopwatch.GetElapsedTime(queuedAt[index], at).TotalMilliseconds);
                    job.RemoveFromQueue();
                    job.Dispose();
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var connection in connections) connection.Dispose();
            await Task.WhenAll(subscriptions).WaitAsync(TimeSpan.FromSeconds(10));
        }
        return pickups;
    }

    // One job through each connection first: the first fetch subscribes and compiles; not part of the figure.
    private static async Task WarmUpAsync(List<IStorageConnection> connections, IStorageConnection enqueuer, CancellationToken stop)
    {
        await Task.Delay(300, stop);
        foreach (var connection in connections)
        {
            using (var transaction = enqueuer.CreateWriteTransaction())
            {
                transaction.AddToQueue("default", "warm-0");
                transaction.Commit();
            }
            using var job = connection.FetchNextJob(["default"], stop);
            job.RemoveFromQueue();
        }
    }
}
