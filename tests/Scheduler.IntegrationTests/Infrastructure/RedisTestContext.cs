using Scheduler.Contracts.Client;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>A test's own slice of the shared Redis: a unique key prefix for Scheduler and for Hangfire.</summary>
public sealed class RedisTestContext : IAsyncDisposable
{
    private RedisTestContext(string connectionString, IConnectionMultiplexer redis, string name)
    {
        ConnectionString = connectionString;
        Redis = redis;
        var unique = $"{name}-{Guid.NewGuid().ToString("N")[..8]}";
        KeyPrefix = $"t:{unique}:";
        HangfirePrefix = $"{{hf-{unique}}}:";
    }

    public string ConnectionString { get; }
    public IConnectionMultiplexer Redis { get; }
    public string KeyPrefix { get; }
    public string HangfirePrefix { get; }

    public static async Task<RedisTestContext> CreateAsync(string name) =>
        await CreateAsync(name, await RedisServer.GetConnectionStringAsync());

    /// <summary>A slice of a specific Redis (e.g. a <see cref="PrivateRedis"/> a test restarts).</summary>
    public static async Task<RedisTestContext> CreateAsync(string name, string connection) =>
        new(connection, await ConnectionMultiplexer.ConnectAsync(RedisConnection.Parse(connection)), name);

    /// <summary>
    /// A client of this slice. Most tests schedule before (or without) starting a worker, so the live-worker check is
    /// off unless <paramref name="verifyWorkers"/> asks for it.
    /// </summary>
    public SchedulerClient CreateClient(TimeProvider? time = null, bool verifyWorkers = false) =>
        new(Redis, new SchedulerClientOptions { KeyPrefix = KeyPrefix, VerifyWorkers = verifyWorkers }, time);

    /// <summary>Configuration every in-process or child component of this test gets.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Scheduler:Redis:ConnectionString"] = ConnectionString,
        // SCHEDULER_REDIS from the developer's shell must not point a test at another Redis.
        ["SCHEDULER_REDIS"] = ConnectionString,
        ["Scheduler:Redis:KeyPrefix"] = KeyPrefix,
        ["Scheduler:Redis:HangfirePrefix"] = HangfirePrefix,
        // Most tests schedule before their worker starts; the capability tests turn the check back on.
        ["Scheduler:VerifyWorkers"] = "false",
        ["SCHEDULER_VERIFY"] = "false",
    };

    public async ValueTask DisposeAsync()
    {
        await EmptyAsync();
        await Redis.DisposeAsync();
    }

    /// <summary>Deletes every key of this test's system (Scheduler's and Hangfire's): what a Redis that lost its data holds.</summary>
    public async Task EmptyAsync()
    {
        // Behind Sentinel the first listed node may be a killed primary: clean up on the one that answers as primary.
        var server = Redis.GetServers().FirstOrDefault(s => s.IsConnected && !s.IsReplica) ?? Redis.GetServers().First();
        var db = Redis.GetDatabase();
        foreach (var pattern in new[] { KeyPrefix + "*", HangfirePrefix.Replace("{", "\\{").Replace("}", "\\}") + "*" })
            await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: 1000))
                await db.KeyDeleteAsync(key);
    }
}
