using System.Diagnostics;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.RedisDeployment;

/// <summary>
/// A private redis-server that speaks only TLS, with a certificate (for localhost and 127.0.0.1) signed by a CA made
/// for the test with openssl: clients must be told to trust that CA. Killed and its files deleted on dispose.
/// </summary>
public sealed class TlsRedis : IAsyncDisposable
{
    private readonly TestPaths.TempDirectory _dir;
    private readonly Process _process;

    private TlsRedis(TestPaths.TempDirectory dir, int port, Process process)
    {
        _dir = dir;
        Port = port;
        _process = process;
    }

    public int Port { get; }
    public string CaCertificate => Path.Combine(_dir.Path, "ca.crt");

    /// <summary>Starts the server; with <paramref name="password"/> it requires that password (<c>requirepass</c>).</summary>
    public static async Task<TlsRedis> StartAsync(string? password = null)
    {
        var dir = TestPaths.CreateTempDirectory("redis-tls");
        string File(string name) => Path.Combine(dir.Path, name);
        await OpenSslAsync(dir.Path, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=Scheduler test CA",
            "-keyout", File("ca.key"), "-out", File("ca.crt"));
        await OpenSslAsync(dir.Path, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", File("redis.key"), "-out", File("redis.csr"));
        System.IO.File.WriteAllText(File("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        await OpenSslAsync(dir.Path, "x509", "-req", "-in", File("redis.csr"), "-CA", File("ca.crt"), "-CAkey", File("ca.key"), "-CAcreateserial",
            "-days", "1", "-extfile", File("san.ext"), "-out", File("redis.crt"));
        var port = RedisServer.FreePort();
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["--port", "0", "--tls-port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                     "--tls-cert-file", File("redis.crt"), "--tls-key-file", File("redis.key"), "--tls-ca-cert-file", File("ca.crt"),
                     "--tls-auth-clients", "no", "--loglevel", "warning", .. (password is null ? (string[])[] : ["--requirepass", password])])
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start redis-server");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var redis = new TlsRedis(dir, port, process);
        try
        {
            await Eventually.WaitAsync(async () =>
                (await RedisCli.RunAsync(port, [.. (string[])["--tls", "--cacert", File("ca.crt")], .. (password is null ? (string[])[] : ["--no-auth-warning", "-a", password]), "PING"])).SequenceEqual(["PONG"]),
                TimeSpan.FromSeconds(20), $"redis-server with TLS on port {port}");
            return redis;
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    internal static async Task OpenSslAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start openssl");
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"openssl {args[0]} failed: {await error}");
    }

    public async ValueTask DisposeAsync()
    {
        try { if (!_process.HasExited) _process.Kill(); }
        catch (InvalidOperationException) { }
        await _process.WaitForExitAsync();
        _process.Dispose();
        _dir.Dispose();
    }
}
