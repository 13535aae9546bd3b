using Hangfire;
using Hangfire.Redis.StackExchange;
using StackExchange.Redis;

namespace Scheduler.Bench.Baselines;

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

    /// <summary>The Hangfire storage options Scheduler's processes use (Runtime's RedisServiceCollectionExtensions).</summary>
    public static RedisStorage Storage(IConnectionMultiplexer redis) => new(redis, new RedisStorageOptions
    {
        Prefix = Infrastructure.SchedulerCluster.HangfirePrefix,
        InvisibilityTimeout = TimeSpan.FromMinutes(30),
        FetchTimeout = TimeSpan.FromSeconds(5),
    });

    public static async Task<int> RunAsync(string[] args)
    {
        ThreadPool.SetMinThreads(128, 128);
        var redis = await ConnectionMultiplexer.ConnectAsync(args[1]);
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
