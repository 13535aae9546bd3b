using System.Diagnostics;

namespace Scheduler.Bench.Infrastructure;

/// <summary>
/// Beat and worker processes started from their built dlls against one <see cref="LocalRedis"/>; ready when every
/// Hangfire server has announced itself. Logging is at Warning so console output does not dominate a no-op task.
/// </summary>
internal sealed class SchedulerCluster : IAsyncDisposable
{
    public const string HangfirePrefix = "{hangfire}:";
    public const string KeyPrefix = "scheduler:";
    private readonly ProcessRegistry _registry;
    private readonly List<ProcessRegistry.Tracked> _processes = [];

    private SchedulerCluster(ProcessRegistry registry) => _registry = registry;

    public ProcessRegistry.Tracked? Beat { get; private set; }

    public IEnumerable<ProcessRegistry.Tracked> Workers => _processes.Where(p => p != Beat);

    public static async Task<SchedulerCluster> StartAsync(ProcessRegistry registry, LocalRedis redis, bool beat, int workerProcesses, int workersPerProcess)
    {
        var cluster = new SchedulerCluster(registry);
        try
        {
            if (beat) cluster.Beat = cluster.Start("beat", Components.Dll("Scheduler.Beat"), redis);
            for (var i = 0; i < workerProcesses; i++)
                cluster.Start($"worker{i + 1}", Components.Dll("Scheduler.Worker"), redis, $"--Scheduler:Worker:WorkerCount={workersPerProcess}");
            await WaitForServersAsync(redis, cluster._processes, (beat ? 1 : 0) + workerProcesses);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a dotnet dll as a child process with the bench's Redis settings.</summary>
    public static ProcessStartInfo DotnetStart(string dll, LocalRedis redis, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["SCHEDULER_REDIS"] = redis.ConnectionString;
        start.Environment["Scheduler__Redis__KeyPrefix"] = KeyPrefix;
        start.Environment["Scheduler__Redis__HangfirePrefix"] = HangfirePrefix;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        return start;
    }

    private ProcessRegistry.Tracked Start(string name, string dll, LocalRedis redis, params string[] args)
    {
        var start = DotnetStart(dll, redis, args);
        // Named connections let a MONITOR trace (--monitor) attribute every command to its process via CLIENT LIST.
        start.Environment["SCHEDULER_REDIS"] = $"{redis.ConnectionString},name={name}";
        if (Environment.GetEnvironmentVariable("SCHEDULER_BENCH_JIT_LOG") is { Length: > 0 } jitLog)
        {
            start.Environment["DOTNET_JitDisasmSummary"] = "1";
            start.Environment["DOTNET_JitStdOutFile"] = $"{jitLog}-{name}.txt";
        }
        var tracked = _registry.Start(name, start);
        _processes.Add(tracked);
        return tracked;
    }

    /// <summary>Waits until <paramref name="expected"/> Hangfire servers are registered, then a moment for their workers to subscribe.</summary>
    public static async Task WaitForServersAsync(LocalRedis redis, IReadOnlyList<ProcessRegistry.Tracked> processes, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (await redis.Db.SetLengthAsync(HangfirePrefix + "servers") < expected)
        {
            if (processes.FirstOrDefault(p => p.Process.HasExited) is { } dead)
                throw new InvalidOperationException($"{dead.Name} exited with {dead.Process.ExitCode}:\n{dead.Output}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"only {await redis.Db.SetLengthAsync(HangfirePrefix + "servers")} of {expected} Hangfire servers started:\n" +
                                           string.Join("\n", processes.Select(p => $"--- {p.Name}\n{p.Output}")));
            await Task.Delay(100);
        }
        await Task.Delay(TimeSpan.FromSeconds(1));
    }

    /// <summary>Recent output of every process, for failure messages.</summary>
    public string Logs() => string.Join("\n", _processes.Select(p => $"--- {p.Name} (exited: {p.Process.HasExited})\n{p.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes) await _registry.StopAsync(process);
        _processes.Clear();
    }
}
