using System.Diagnostics;
using Scheduler.Bench.Results;
using StackExchange.Redis;

namespace Scheduler.Bench.Infrastructure;

/// <summary>What every scenario shares: the settings, the process registry, the results so far and the log.</summary>
internal sealed class BenchContext(BenchOptions options, ProcessRegistry processes, CancellationToken cancellation)
{
    public BenchOptions Options { get; } = options;
    public ProcessRegistry Processes { get; } = processes;
    public CancellationToken Cancellation { get; } = cancellation;
    public Dictionary<string, ScenarioResult> Results { get; } = [];

    public void Log(string message) => Console.WriteLine($"  [{DateTime.Now:HH:mm:ss}] {message}");

    /// <summary>A metric of an earlier scenario, if it ran.</summary>
    public double? Metric(string scenario, string metric) =>
        Results.TryGetValue(scenario, out var result) && result.Find(metric) is { } m ? m.Value : null;
}

/// <summary>
/// Finds the repository and the built Beat and Worker dlls (built with the bench, same configuration); builds them
/// with <c>dotnet build</c> when they are missing (e.g. the bench dll was copied elsewhere).
/// </summary>
internal static class Components
{
    public static string Root { get; } = FindRoot();

    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";

    /// <summary>The bench's own dll, started as a raw Hangfire server for the baseline.</summary>
    public static string BenchDll => Path.Combine(AppContext.BaseDirectory, "Scheduler.Bench.dll");

    public static string NodeDir => Path.Combine(Root, "bench", ".node");
    public static string NodeScript => Path.Combine(Root, "bench", "node", "bullmq-bench.cjs");

    public static string Dll(string project)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", project + ".dll");
        if (File.Exists(path)) return path;
        Console.WriteLine($"  {project} is not built at {path}; building it ({Configuration})...");
        var build = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "build", "-c", Configuration, "-v", "q", Path.Combine(Root, "src", project, project + ".csproj") },
            UseShellExecute = false,
        })!;
        build.WaitForExit();
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} did not build to {path}", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Distributed.sln"))) return dir.FullName;
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Distributed.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Distributed.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Drives a number of operations from a number of parallel callers, and waits for counters cheaply.</summary>
internal static class Load
{
    /// <summary>Runs <paramref name="operation"/> for indexes 0..count-1 from <paramref name="callers"/> concurrent loops.</summary>
    public static Task RunAsync(int count, int callers, Func<int, Task> operation, CancellationToken cancellation)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                cancellation.ThrowIfCancellationRequested();
                await operation(i);
            }
        }, cancellation)));
    }

    /// <summary>
    /// Polls an integer key (one GET every <paramref name="interval"/>) until it reaches <paramref name="target"/>.
    /// Returns the number of GETs issued, so they can be left out of the command count.
    /// </summary>
    public static async Task<long> WaitForCounterAsync(IDatabase db, string key, long target, TimeSpan timeout,
        Func<string> diagnostics, CancellationToken cancellation, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        long polls = 0;
        while (true)
        {
            polls++;
            var value = (long?)await db.StringGetAsync(key) ?? 0;
            if (value >= target) return polls;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{key} reached {value} of {target} within {timeout.TotalSeconds:0} s\n{diagnostics()}");
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(10), cancellation);
        }
    }

    /// <summary>Generous completion timeout: a minute plus 20 ms a task (50 tasks/s).</summary>
    public static TimeSpan TimeoutFor(int tasks) => TimeSpan.FromSeconds(60 + tasks / 50.0);
}
