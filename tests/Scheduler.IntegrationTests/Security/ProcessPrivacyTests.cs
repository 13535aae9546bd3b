using System.Diagnostics;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Hosting;
using Scheduler.Worker.Shell;

namespace Scheduler.IntegrationTests.Security;

/// <summary>
/// A shell task runs as the worker's user; the worker's environment (the Redis password) must not be readable to it
/// through /proc, nor Beat's or the dashboard's.
/// </summary>
public sealed class ProcessPrivacyTests
{
    private const string Unprivileged = "65534";

    [SkippableFact]
    public async Task Another_process_of_the_workers_own_user_cannot_read_its_environment_unless_dumps_are_allowed()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && FileOwner.EffectiveUser == 0 && File.Exists("/usr/bin/setpriv"),
            "runs the worker as another user: needs Linux, root and setpriv");
        var secret = $"secret-{Guid.NewGuid():N}";

        var hidden = await ReadEnvironmentAsync(secret, dumpable: false);
        var shown = await ReadEnvironmentAsync(secret, dumpable: true);

        Assert.False(hidden.ExitCode == 0, $"the worker's environment was read by its own user: {hidden.Output}");
        Assert.DoesNotContain(secret, hidden.Output);
        Assert.Equal(0, shown.ExitCode);
        Assert.Contains(secret, shown.Output);
    }

    // Starts a worker as an unprivileged user, waits until it advertises itself (well past the start of its Main), and
    // reads its /proc/<pid>/environ as the same user, as a shell task of that worker could.
    private static async Task<(int ExitCode, string Output)> ReadEnvironmentAsync(string secret, bool dumpable)
    {
        // A prefix of its own: the advertisement waited for is this worker's, not one an earlier worker left.
        await using var redis = await RedisTestContext.CreateAsync("process-privacy");
        var start = new ProcessStartInfo("/usr/bin/setpriv") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in AsUnprivileged) start.ArgumentList.Add(arg);
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(TestPaths.ComponentDll("Scheduler.Worker"));
        foreach (var (key, value) in redis.Settings()) start.Environment[key.Replace(":", "__")] = value;
        start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        start.Environment["HOME"] = Path.GetTempPath();
        start.Environment["APP_SECRET"] = secret;
        start.Environment[ProcessPrivacy.AllowVariable] = dumpable ? "1" : null;
        using var worker = Process.Start(start)!;
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        worker.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        worker.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        worker.BeginOutputReadLine();
        worker.BeginErrorReadLine();
        try
        {
            var server = redis.Redis.GetServer(redis.Redis.GetEndPoints()[0]);
            await Eventually.WaitAsync(() => Task.FromResult(worker.HasExited || server.Keys(pattern: redis.KeyPrefix + "caps:*").Any()),
                up => up, TimeSpan.FromSeconds(60), "the worker to advertise itself");
            if (worker.HasExited) Assert.Fail($"the worker exited ({worker.ExitCode}) as user {Unprivileged}: {string.Join('\n', log)}");
            var read = new ProcessStartInfo("/usr/bin/setpriv") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in AsUnprivileged) read.ArgumentList.Add(arg);
            read.ArgumentList.Add("cat");
            read.ArgumentList.Add($"/proc/{worker.Id}/environ");
            using var cat = Process.Start(read)!;
            var output = await cat.StandardOutput.ReadToEndAsync() + await cat.StandardError.ReadToEndAsync();
            await cat.WaitForExitAsync();
            return (cat.ExitCode, output.Replace('\0', '\n'));
        }
        finally
        {
            if (!worker.HasExited) worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
        }
    }

    private static readonly string[] AsUnprivileged = ["--reuid", Unprivileged, "--regid", Unprivileged, "--clear-groups"];
}
