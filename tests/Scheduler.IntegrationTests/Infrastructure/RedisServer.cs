using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;
using Testcontainers.Redis;

namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>
/// The one real Redis the test run uses: SCHEDULER_TEST_REDIS if set, else a private redis-server on a free loopback
/// port (stopped when the run ends), else a Testcontainers Redis. Tests isolate themselves by key prefix.
/// </summary>
public static class RedisServer
{
    private static readonly Lazy<Task<string>> Instance = new(StartAsync);
    private static Process? _process;
    private static RedisContainer? _container;

    public static Task<string> GetConnectionStringAsync() => Instance.Value;

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("SCHEDULER_TEST_REDIS") is { Length: > 0 } configured) return configured;
        if (FindOnPath("redis-server") is { } binary) return await StartLocalAsync(binary);
        try
        {
            _container = new RedisBuilder("redis:7-alpine").Build();
            await _container.StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => _container.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
            return _container.GetConnectionString() + ",allowAdmin=true";
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                "No Redis for the integration tests: set SCHEDULER_TEST_REDIS=host:port, or install redis-server " +
                "(apt-get install -y redis-server), or run a Docker engine for Testcontainers. " + e.Message, e);
        }
    }

    private static async Task<string> StartLocalAsync(string binary)
    {
        var port = FreePort();
        // Through a shell that stops the server when its stdin closes: the test host can be ended without running its
        // ProcessExit handlers (the runner kills it), and a server started here must not outlive the run.
        var start = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList =
            {
                "-c", "\"$0\" \"$@\" & server=$!; read -r _; kill $server; wait $server", binary,
                "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning",
            },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        var connection = $"127.0.0.1:{port},allowAdmin=true";
        for (var i = 0; i < 100; i++)
        {
            try
            {
                await using var probe = await ConnectionMultiplexer.ConnectAsync(connection + ",connectTimeout=500");
                await probe.GetDatabase().PingAsync();
                return connection;
            }
            catch (RedisConnectionException)
            {
                await Task.Delay(50);
            }
        }
        Stop();
        throw new InvalidOperationException($"redis-server started on port {port} but never answered");
    }

    private static void Stop()
    {
        try
        {
            if (_process is not { HasExited: false }) return;
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(5))) _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException) { }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
