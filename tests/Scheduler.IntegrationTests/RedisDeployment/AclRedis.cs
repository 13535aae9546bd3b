using System.Diagnostics;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.RedisDeployment;

/// <summary>
/// A private redis-server that only an ACL user may use: <c>app</c> with a password, the <c>default</c> user off (so a
/// wrong password is refused instead of silently connecting as <c>default</c>). Killed on dispose.
/// </summary>
public sealed class AclRedis : IAsyncDisposable
{
    public const string User = "app";
    public const string Password = "s3cret-Pw-77";

    private readonly Process _process;

    private AclRedis(int port, Process process)
    {
        Port = port;
        _process = process;
    }

    public int Port { get; }

    /// <summary>StackExchange.Redis syntax with the ACL user's credentials.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},user={User},password={Password},allowAdmin=true";

    public static async Task<AclRedis> StartAsync()
    {
        var port = RedisServer.FreePort();
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning",
                     "--user", User, "on", $">{Password}", "~*", "&*", "+@all", "--user", "default", "off"])
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start redis-server");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var redis = new AclRedis(port, process);
        try
        {
            await Eventually.WaitAsync(async () =>
                (await RedisCli.RunAsync(port, "--user", User, "--pass", Password, "--no-auth-warning", "PING")).SequenceEqual(["PONG"]),
                TimeSpan.FromSeconds(20), $"redis-server with ACL on port {port}");
            return redis;
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { if (!_process.HasExited) _process.Kill(); }
        catch (InvalidOperationException) { }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
