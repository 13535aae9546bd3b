using System.Diagnostics;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>A redis-server of one test's own, with AOF on in a temporary directory, that the test may stop and restart.</summary>
public sealed class PrivateRedis : IAsyncDisposable
{
    private readonly TestPaths.TempDirectory _data = TestPaths.CreateTempDirectory("redis-aof");
    private readonly string[] _extraArguments;
    private Process? _process;

    private PrivateRedis(string[] extraArguments) => _extraArguments = extraArguments;

    public int Port { get; } = RedisServer.FreePort();
    public string ConnectionString => $"127.0.0.1:{Port},allowAdmin=true";

    /// <param name="extraArguments">More redis-server settings, e.g. <c>--rename-command GETDEL ""</c>.</param>
    public static async Task<PrivateRedis> StartAsync(params string[] extraArguments)
    {
        var redis = new PrivateRedis(extraArguments);
        await redis.StartAgainAsync();
        return redis;
    }

    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", _data.Path, "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--loglevel", "warning" },
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in _extraArguments) start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start redis-server");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var process = _process;
        await Eventually.WaitAsync(async () =>
        {
            // The port was free when picked, and is free again while this server is stopped: another test's server may
            // have taken it since. Only this process's answer counts, and its exit is a failure, not a wait.
            if (process.HasExited)
                throw new InvalidOperationException($"redis-server on port {Port} exited with {process.ExitCode} as it started (port taken by another process?)");
            try
            {
                await using var probe = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",connectTimeout=300");
                var info = await probe.GetServer("127.0.0.1", Port).InfoAsync("server");
                if (!info.SelectMany(g => g).Any(p => p.Key == "process_id" && p.Value == process.Id.ToString())) return false;
                await probe.GetDatabase().PingAsync();
                return true;
            }
            catch (RedisConnectionException) { return false; }
            // Still replaying its append-only file.
            catch (RedisServerException e) when (e.Message.StartsWith("LOADING", StringComparison.Ordinal)) { return false; }
        }, TimeSpan.FromSeconds(20), $"redis-server on port {Port}");
    }

    /// <summary>SIGTERM: Redis flushes its append-only file and exits, like a restart by the operator.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited) return;
        Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();
        await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
    }

    /// <summary>SIGSTOP: Redis stops answering but keeps its connections open, like a frozen host; <see cref="Resume"/> ends it.</summary>
    public void Stall() => Signal("STOP");

    /// <summary>SIGCONT after <see cref="Stall"/>: Redis then executes what the clients sent meanwhile.</summary>
    public void Resume() => Signal("CONT");

    private void Signal(string signal)
    {
        if (_process is null || _process.HasExited) throw new InvalidOperationException("redis-server is not running");
        Process.Start("kill", [$"-{signal}", _process.Id.ToString()])!.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        try { if (_process is { HasExited: false }) _process.Kill(); }
        catch (InvalidOperationException) { }
        if (_process is not null) await _process.WaitForExitAsync();
        _data.Dispose();
    }

    /// <summary>kill -9: no flush; what the last second of <c>appendfsync everysec</c> held may be gone after a restart.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill();
        await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
    }

    /// <summary>Refuses every write with an OOM error (maxmemory below what is used, no eviction), or accepts them again.</summary>
    public async Task RefuseWritesAsync(bool refuse)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",connectTimeout=2000");
        var server = admin.GetServers().First();
        await server.ConfigSetAsync("maxmemory-policy", "noeviction");
        await server.ConfigSetAsync("maxmemory", refuse ? "1" : "0");
    }
}
