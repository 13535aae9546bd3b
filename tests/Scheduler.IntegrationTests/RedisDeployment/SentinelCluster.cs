using System.Diagnostics;
using Scheduler.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.RedisDeployment;

/// <summary>
/// A primary, a replica and three sentinels (quorum 2, down after 1 s) on free loopback ports, all of the test's own:
/// the test may kill the primary; every process is killed and its directory deleted on dispose.
/// </summary>
public sealed class SentinelCluster : IAsyncDisposable
{
    public const string ServiceName = "mymaster";

    private readonly TestPaths.TempDirectory _dir = TestPaths.CreateTempDirectory("sentinel");
    private readonly List<Process> _processes = [];

    private SentinelCluster() { }

    public int PrimaryPort { get; } = RedisServer.FreePort();
    public int ReplicaPort { get; } = RedisServer.FreePort();
    public int[] SentinelPorts { get; } = [RedisServer.FreePort(), RedisServer.FreePort(), RedisServer.FreePort()];

    /// <summary>What every component is given: the sentinels and the service name, never a data node.</summary>
    public string ConnectionString => string.Join(",", SentinelPorts.Select(p => $"127.0.0.1:{p}")) + $",serviceName={ServiceName},allowAdmin=true";

    public Process Primary => _processes[0];

    public static async Task<SentinelCluster> StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var cluster = new SentinelCluster();
            try
            {
                cluster.StartRedis("primary", cluster.PrimaryPort);
                cluster.StartRedis("replica", cluster.ReplicaPort, "--replicaof", "127.0.0.1", cluster.PrimaryPort.ToString());
                foreach (var port in cluster.SentinelPorts) cluster.StartSentinel(port);
                await cluster.WaitReadyAsync();
                return cluster;
            }
            catch (NodeExitedException) when (attempt < 3)
            {
                // A port found free was taken by another test's server before this node bound it (the node exits at
                // once): started again on other ports.
                await cluster.DisposeAsync();
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        }
    }

    private sealed class NodeExitedException(string message) : Exception(message);

    // A node that exited (its port taken since FreePort found it free) never syncs: said at once, not after the wait.
    private void ThrowIfANodeExited()
    {
        if (_processes.FirstOrDefault(p => p.HasExited) is { } exited)
            throw new NodeExitedException($"{exited.StartInfo.FileName} {string.Join(' ', exited.StartInfo.ArgumentList)} exited with {exited.ExitCode}");
    }

    /// <summary>kill -9 of the primary: no shutdown, nothing flushed; the sentinels must promote the replica.</summary>
    public void KillPrimary() => Primary.Kill();

    /// <summary>The port of the node the sentinels currently name as primary (asked of the first sentinel that answers).</summary>
    public async Task<int?> CurrentPrimaryPortAsync()
    {
        foreach (var port in SentinelPorts)
        {
            var reply = await RedisCli.RunAsync(port, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", ServiceName);
            if (reply.Length == 2 && int.TryParse(reply[1], out var primary)) return primary;
        }
        return null;
    }

    /// <summary>A direct connection to one data node (e.g. to measure replication), not through the sentinels.</summary>
    public static Task<ConnectionMultiplexer> ConnectNodeAsync(int port) =>
        ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},allowAdmin=true,connectTimeout=1000");

    private void StartRedis(string name, int port, params string[] extra)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir.Path, name)).FullName;
        Start("redis-server", ["--port", port.ToString(), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", "--loglevel", "warning", .. ReplicatedRedis.NoSyncDelay, .. extra]);
    }

    private void StartSentinel(int port)
    {
        // Sentinels rewrite their config file as they learn the topology, so each gets its own.
        var config = Path.Combine(_dir.Path, $"sentinel-{port}.conf");
        File.WriteAllLines(config,
        [
            $"port {port}",
            "bind 127.0.0.1",
            $"dir {_dir.Path}",
            "loglevel warning",
            $"sentinel monitor {ServiceName} 127.0.0.1 {PrimaryPort} 2",
            $"sentinel down-after-milliseconds {ServiceName} 1000",
            $"sentinel failover-timeout {ServiceName} 3000",
            $"sentinel parallel-syncs {ServiceName} 1",
        ]);
        Start("redis-sentinel", [config]);
    }

    private void Start(string binary, string[] args)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    /// <summary>Ready means a failover could happen: the replica is in sync and every sentinel knows the replica and the other two sentinels.</summary>
    private async Task WaitReadyAsync()
    {
        await Eventually.WaitAsync(async () =>
        {
            ThrowIfANodeExited();
            try
            {
                await using var primary = await ConnectNodeAsync(PrimaryPort);
                var info = await primary.GetServer("127.0.0.1", PrimaryPort).InfoRawAsync("replication");
                return info is not null && info.Contains("connected_slaves:1") && info.Contains("state=online");
            }
            catch (RedisException) { return false; }
        }, TimeSpan.FromSeconds(30), "the replica to sync with the primary");
        foreach (var port in SentinelPorts)
        {
            // Each entry of SENTINEL REPLICAS / SENTINELS is a flat list starting with "name".
            await Eventually.WaitAsync(async () =>
                {
                    ThrowIfANodeExited();
                    return (await RedisCli.RunAsync(port, "SENTINEL", "REPLICAS", ServiceName)).Count(line => line == "name") == 1
                        && (await RedisCli.RunAsync(port, "SENTINEL", "SENTINELS", ServiceName)).Count(line => line == "name") == 2;
                },
                TimeSpan.FromSeconds(30), $"sentinel {port} to know the replica and the other sentinels");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            try { if (!process.HasExited) process.Kill(); }
            catch (InvalidOperationException) { }
            await process.WaitForExitAsync();
            process.Dispose();
        }
        _dir.Dispose();
    }
}
