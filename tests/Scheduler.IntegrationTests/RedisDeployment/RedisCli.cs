using System.Diagnostics;

namespace Scheduler.IntegrationTests.RedisDeployment;

/// <summary>redis-cli, for the test's own probes of servers whose client-side handling is under test.</summary>
public static class RedisCli
{
    /// <summary>
    /// Runs one redis-cli command: the test's own view of a server (roles, ACL, sentinels) must not depend on the client library
    /// whose Sentinel support is under test.
    /// </summary>
    public static async Task<string[]> RunAsync(int port, params string[] command)
    {
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["-h", "127.0.0.1", "-p", port.ToString(), .. command]) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start redis-cli");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
    }
}
