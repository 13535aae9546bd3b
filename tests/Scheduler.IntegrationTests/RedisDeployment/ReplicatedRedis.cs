using Scheduler.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.RedisDeployment;

/// <summary>
/// A primary and one replica (<c>--replicaof</c>) of the test's own on loopback, without sentinels: the test stops the
/// replica (SIGSTOP) to keep writes from reaching it, and resumes it. Both are killed on dispose.
/// </summary>
public sealed class ReplicatedRedis : IAsyncDisposable
{
    private ReplicatedRedis(PrivateRedis primary, PrivateRedis replica) => (Primary, Replica) = (primary, replica);

    public PrivateRedis Primary { get; }
    public PrivateRedis Replica { get; }

    /// <summary>What every component is given: the primary itself.</summary>
    public string ConnectionString => Primary.ConnectionString;

    /// <summary>
    /// A primary waits 5 s (<c>repl-diskless-sync-delay</c>) before a full sync, for more replicas to share it; each pair
    /// here (and in a <see cref="SentinelCluster"/>) has one replica, so the wait would only delay each test.
    /// </summary>
    internal static readonly string[] NoSyncDelay = ["--repl-diskless-sync-delay", "0"];

    /// <param name="primaryArguments">More settings of the primary, e.g. <c>--min-replicas-to-write 1</c>.</param>
    public static async Task<ReplicatedRedis> StartAsync(params string[] primaryArguments)
    {
        var primary = await PrivateRedis.StartAsync([.. NoSyncDelay, .. primaryArguments]);
        PrivateRedis? replica = null;
        try
        {
            replica = await PrivateRedis.StartAsync([.. NoSyncDelay, "--replicaof", "127.0.0.1", primary.Port.ToString()]);
            var pair = new ReplicatedRedis(primary, replica);
            await pair.WaitInSyncAsync();
            return pair;
        }
        catch
        {
            // Both servers are this test's: neither may outlive a failed start.
            if (replica is not null) await replica.DisposeAsync();
            await primary.DisposeAsync();
            throw;
        }
    }

    /// <summary>Until the replica has loaded the primary's data and acknowledges a write.</summary>
    public async Task WaitInSyncAsync()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(Primary.ConnectionString + ",connectTimeout=1000");
        await Eventually.WaitAsync(async () =>
        {
            try { await admin.GetDatabase().StringSetAsync("replication-probe", Guid.NewGuid().ToString("N")); }
            // A primary under min-replicas-to-write refuses writes until the replica has synced.
            catch (RedisServerException e) when (e.Message.StartsWith("NOREPLICAS", StringComparison.Ordinal)) { return false; }
            return (long)await admin.GetDatabase().ExecuteAsync("WAIT", 1, 200) == 1;
        }, TimeSpan.FromSeconds(20), "the replica in sync");
    }

    public async ValueTask DisposeAsync()
    {
        await Replica.DisposeAsync();
        await Primary.DisposeAsync();
    }
}
