using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.EndToEnd;

/// <summary>Beat, workers and dashboard as real child processes against the test's Redis slice; each can be killed or restarted.</summary>
public sealed class ProcessSystem : IAsyncDisposable
{
    private readonly List<(string Name, ChildProcess Process)> _processes = [];
    private readonly string[] _extraArgs;

    private ProcessSystem(RedisTestContext redis, int port, IDictionary<string, string?>? settings)
    {
        Environment = redis.Settings().ToDictionary(kv => kv.Key.Replace(":", "__"), kv => kv.Value);
        Environment["ASPNETCORE_URLS"] = null;
        _extraArgs = [.. (settings ?? new Dictionary<string, string?>()).Select(kv => $"--{kv.Key}={kv.Value}")];
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public Dictionary<string, string?> Environment { get; }
    public int Port { get; }
    public HttpClient Http { get; }

    public static async Task<ProcessSystem> StartAsync(RedisTestContext redis, int beats, int workers, IDictionary<string, string?>? settings = null)
    {
        var system = new ProcessSystem(redis, RedisServer.FreePort(), settings);
        try
        {
            for (var i = 0; i < beats; i++) system.Start($"beat{i + 1}", "Scheduler.Beat");
            for (var i = 0; i < workers; i++) system.Start($"worker{i + 1}", "Scheduler.Worker");
            system.Start("dashboard", "Scheduler.Dashboard", $"--Scheduler:Dashboard:Port={system.Port}", "--Scheduler:Dashboard:Host=127.0.0.1");
            await system.WaitAliveAsync(beats, workers);
            system._starting = false;
            return system;
        }
        catch (Exception e)
        {
            var logs = system.Logs();
            await system.DisposeAsync();
            throw new InvalidOperationException($"the system did not start: {e.Message}\n{logs}", e);
        }
    }

    /// <summary>Starts another component process (e.g. a replacement worker) named <paramref name="name"/>.</summary>
    public void Start(string name, string project, params string[] args)
    {
        var defaults = project == "Scheduler.Worker" ? new[] { "--Scheduler:Worker:WorkerCount=5" } : [];
        _processes.Add((name, ChildProcess.Start(project, [.. defaults, .. _extraArgs, .. args], Environment)));
    }

    public ChildProcess this[string name] => _processes.Last(p => p.Name == name).Process;

    /// <summary>kill -9: the process gets no chance to clean up.</summary>
    public void Kill(string name) => Process.GetProcessById(this[name].Id).Kill();

    /// <summary>SIGTERM: the graceful stop a container orchestrator sends.</summary>
    public void Terminate(string name) => Process.Start("kill", ["-TERM", this[name].Id.ToString()])!.WaitForExit();

    public Task WaitAliveAsync(int beats, int workers) =>
        Eventually.WaitAsync(async () => Exited.Count > 0 && _starting ? throw new InvalidOperationException($"{string.Join(", ", Exited)} exited") : await CountAliveAsync(),
            alive => alive == (beats, workers), TimeSpan.FromSeconds(90), $"{beats} beat(s) and {workers} worker(s) to report healthy");

    private bool _starting = true;

    /// <summary>Names of started processes that have exited.</summary>
    public IReadOnlyList<string> Exited => [.. _processes.Where(p => p.Process.HasExited).Select(p => p.Name)];

    public async Task<(int Beats, int Workers)> CountAliveAsync()
    {
        try
        {
            var health = await Http.GetFromJsonAsync<JsonElement>("/health");
            return (health.GetProperty("beats").GetArrayLength(), health.GetProperty("workers").GetArrayLength());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            return (-1, -1);
        }
    }

    /// <summary>Every process's recent output, for failure messages.</summary>
    public string Logs() => string.Join("\n", _processes.Select(p => $"--- {p.Name} (exited: {p.Process.HasExited})\n{Tail(p.Process.Output)}"));

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        foreach (var (_, process) in _processes) await process.DisposeAsync();
    }
}
