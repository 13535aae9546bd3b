using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Scheduler.Bench.Infrastructure;

/// <summary>A private redis-server on a free loopback port with persistence off; one per measurement, stopped after it.</summary>
internal sealed class LocalRedis : IAsyncDisposable
{
    private readonly ProcessRegistry _registry;
    private readonly ProcessRegistry.Tracked _process;

    private LocalRedis(ProcessRegistry registry, ProcessRegistry.Tracked process, int port, ConnectionMultiplexer connection)
    {
        (_registry, _process, Port, Connection) = (registry, process, port, connection);
    }

    public int Port { get; }
    public System.Diagnostics.Process Process => _process.Process;
    public ConnectionMultiplexer Connection { get; }
    public string ConnectionString => $"127.0.0.1:{Port},allowAdmin=true,syncTimeout=30000,asyncTimeout=30000";
    public IDatabase Db => Connection.GetDatabase();

    public static async Task<LocalRedis> StartAsync(ProcessRegistry registry)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning" },
        };
        // Extra redis-server arguments for a measurement of the server's own settings, e.g.
        // SCHEDULER_BENCH_REDIS_ARGS="--hash-max-listpack-value 1024" (both systems' runs get them).
        foreach (var extra in (Environment.GetEnvironmentVariable("SCHEDULER_BENCH_REDIS_ARGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            start.ArgumentList.Add(extra);
        var process = registry.Start($"redis:{port}", start);
        for (var i = 0; i < 200; i++)
        {
            try
            {
                var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},allowAdmin=true,connectTimeout=500,syncTimeout=30000,asyncTimeout=30000");
                await connection.GetDatabase().PingAsync();
                return new LocalRedis(registry, process, port, connection);
            }
            catch (RedisConnectionException)
            {
                if (process.Process.HasExited) break;
                await Task.Delay(25);
            }
        }
        await registry.StopAsync(process);
        throw new InvalidOperationException($"redis-server on port {port} never answered:\n{process.Output}");
    }

    /// <summary>Calls per command since start (INFO commandstats), Lua-internal calls included; INFO itself left out.</summary>
    public Task<Dictionary<string, long>> CommandCallsAsync() => CommandStatAsync("calls");

    /// <summary>Microseconds Redis spent executing each command (commandstats <c>usec</c>: execution only, not reading
    /// the request or writing the reply; a script's time includes the calls it makes).</summary>
    public Task<Dictionary<string, long>> CommandMicrosAsync() => CommandStatAsync("usec");

    private async Task<Dictionary<string, long>> CommandStatAsync(string field)
    {
        var text = (string)(await Db.ExecuteAsync("INFO", "commandstats"))!;
        var values = new Dictionary<string, long>();
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith("cmdstat_")) continue;
            var name = line[8..line.IndexOf(':')];
            var value = line[(line.IndexOf(field + "=") + field.Length + 1)..];
            value = value[..value.IndexOf(',')];
            if (name != "info") values[name] = long.Parse(value);
        }
        return values;
    }

    public Task<long> UsedMemoryAsync() => InfoFieldAsync("memory", "used_memory");

    /// <summary>
    /// How many times Redis has read from a client's socket (INFO stats <c>total_reads_processed</c>): one per round trip,
    /// however many pipelined commands it brought. Each costs Redis a read and a reply write of its own.
    /// </summary>
    public Task<long> ReadsProcessedAsync() => InfoFieldAsync("stats", "total_reads_processed");

    private async Task<long> InfoFieldAsync(string section, string field)
    {
        var text = (string)(await Db.ExecuteAsync("INFO", section))!;
        var line = text.Split('\n').First(l => l.StartsWith(field + ":"));
        return long.Parse(line[(field.Length + 1)..].Trim());
    }

    /// <summary>Per-command call deltas between two snapshots.</summary>
    public static Dictionary<string, long> Delta(Dictionary<string, long> before, Dictionary<string, long> after) =>
        after.Select(kv => (kv.Key, Value: kv.Value - before.GetValueOrDefault(kv.Key)))
            .Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => kv.Value);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await _registry.StopAsync(_process);
    }
}
