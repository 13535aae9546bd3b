using System.Net.Http.Json;
using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.EndToEnd;

/// <summary>Beat, workers and dashboard as real child processes against the test's Redis slice.</summary>
public sealed class ProcessSystem : IAsyncDisposable
{
    private readonly List<(string Name, ChildProcess Process)> _processes = [];

    private ProcessSystem(RedisTestContext redis, int port)
    {
        Environment = redis.Settings().ToDictionary(kv => kv.Key.Replace(":", "__"), kv => kv.Value);
        Environment["ASPNETCORE_URLS"] = null;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public Dictionary<string, string?> Environment { get; }
    public int Port { get; }
    public HttpClient Http { get; }

    public static async Task<ProcessSystem> StartAsync(RedisTestContext redis, int beats, int workers)
    {
        var system = new ProcessSystem(redis, RedisServer.FreePort());
        try
        {
            for (var i = 0; i < beats; i++) system.Start($"beat{i + 1}", "Scheduler.Beat");
            for (var i = 0; i < workers; i++) system.Start($"worker{i + 1}", "Scheduler.Worker", "--Scheduler:Worker:WorkerCount=5");
            system.Start("dashboard", "Scheduler.Dashboard", $"--Scheduler:Dashboard:Port={system.Port}", "--Scheduler:Dashboard:Host=127.0.0.1");
            await Eventually.WaitAsync(() => system.CountAliveAsync(), alive => alive == (beats, workers), TimeSpan.FromSeconds(90),
                $"{beats} beat(s) and {workers} worker(s) to report healthy");
            return system;
        }
        catch (Exception e)
        {
            var logs = system.Logs();
            await system.DisposeAsync();
            throw new InvalidOperationException($"the system did not start: {e.Message}\n{logs}", e);
        }
    }

    private void Start(string name, string project, params string[] args) =>
        _processes.Add((name, ChildProcess.Start(project, args, Environment)));

    public async Task<(int Beats, int Workers)> CountAliveAsync()
    {
        if (_processes.FirstOrDefault(p => p.Process.HasExited) is { Process: not null } dead)
            throw new InvalidOperationException($"{dead.Name} exited:\n{dead.Process.Output}");
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
