namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>The dashboard as a real child process on http://127.0.0.1:&lt;free port&gt;, against the test's Redis slice.</summary>
public sealed class DashboardProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private DashboardProcess(ChildProcess process, int port)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Http { get; }

    /// <summary>What the process has written so far (its log).</summary>
    public string Output => _process.Output;

    /// <summary>Starts it with <paramref name="settings"/> as command-line configuration and waits until it answers HTTP.</summary>
    public static async Task<DashboardProcess> StartAsync(RedisTestContext redis, IDictionary<string, string?> settings)
    {
        var port = RedisServer.FreePort();
        var environment = redis.Settings().ToDictionary(kv => kv.Key.Replace(":", "__"), kv => kv.Value);
        environment["ASPNETCORE_URLS"] = null;
        var args = settings.Select(kv => $"--{kv.Key}={kv.Value}")
            .Concat([$"--Scheduler:Dashboard:Port={port}", "--Scheduler:Dashboard:Host=127.0.0.1"]);
        var dashboard = new DashboardProcess(ChildProcess.Start("Scheduler.Dashboard", args, environment), port);
        try
        {
            // Any answer will do (401 included): a request without credentials is no failed login.
            await Eventually.WaitAsync(async () =>
            {
                if (dashboard._process.HasExited) throw new InvalidOperationException($"the dashboard exited:\n{dashboard.Output}");
                try { return (await dashboard.Http.GetAsync("/health")).StatusCode != 0; }
                catch (HttpRequestException) { return false; }
            }, TimeSpan.FromSeconds(60), "the dashboard process to answer");
            return dashboard;
        }
        catch
        {
            await dashboard.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }
}
