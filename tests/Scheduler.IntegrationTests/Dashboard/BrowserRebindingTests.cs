using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// A hostile page in a real browser (Debian's chromium) tries to schedule, cancel, pause and trigger through the
/// dashboard: from another origin, and after DNS rebinding (its own name now resolving to 127.0.0.1). Chromium maps
/// evil.example to loopback, so the browser's own private-network rules never step in: only the dashboard's do.
/// </summary>
public sealed class BrowserRebindingTests(ITestOutputHelper output)
{
    private const string Evil = "evil.example";

    // Every way a page can send a write without a preflight the dashboard would have to answer, plus two that need one.
    private const string AttackScript = """
        async ({ base, modes }) => {
          const shell = JSON.stringify({ task: { type: 'shell', command: 'touch', args: ['/tmp/scheduler-browser-pwned'] }, spec: 'in 1 second' });
          const attempts = [
            ['POST', '/api/tasks/pwned/schedule', 'text/plain', shell],
            ['POST', '/api/tasks/pwned/schedule', 'application/x-www-form-urlencoded', shell],
            ['POST', '/api/tasks/pwned/schedule', 'multipart/form-data; boundary=x', shell],
            ['POST', '/api/tasks/pwned/schedule', 'application/json', shell],
            ['POST', '/api/tasks/victim/trigger', null, null],
            ['POST', '/api/tasks/victim/pause', 'text/plain', ''],
            ['PATCH', '/api/tasks/victim', 'application/json', '{"spec": "every 1 second"}'],
            ['DELETE', '/api/tasks/victim/schedule', null, null],
            ['GET', '/api/schedules', null, null],
          ];
          const results = [];
          for (const mode of modes)
            for (const [method, path, type, body] of attempts) {
              const label = `${mode} ${method} ${path} ${type ?? '-'}`;
              try {
                const r = await fetch(base + path, { method, mode, credentials: 'include', headers: type ? { 'Content-Type': type } : {}, body: body ?? undefined });
                results.push(`${label}: ${r.type} ${r.status}`);
              } catch (e) { results.push(`${label}: blocked`); }
            }
          return results;
        }
        """;

    // The classic CSRF: a form posted into a hidden frame (a navigation, so no CORS at all).
    private const string FormScript = """
        url => new Promise(resolve => {
          const frame = document.createElement('iframe');
          frame.name = 'sink';
          frame.onload = () => resolve('loaded');
          document.body.appendChild(frame);
          const form = document.createElement('form');
          form.method = 'post'; form.action = url; form.target = 'sink'; form.enctype = 'text/plain';
          const field = document.createElement('input');
          field.name = '{"x":"'; field.value = '"}';
          form.appendChild(field);
          document.body.appendChild(form);
          form.submit();
        })
        """;

    // Settles on the first of open / error; the page-side timer only keeps a silent server from hanging the test.
    private const string SocketScript = """
        url => new Promise(resolve => {
          const socket = new WebSocket(url);
          socket.onopen = () => { resolve('open'); socket.close(); };
          socket.onerror = () => resolve('refused');
          setTimeout(() => resolve('no answer'), 10000);
        })
        """;

    [SkippableFact]
    public async Task A_page_from_another_origin_or_a_rebound_name_cannot_schedule_cancel_pause_or_trigger()
    {
        var chromium = Chromium.Require();
        await using var redis = await RedisTestContext.CreateAsync("ui-rebinding");
        await using var client = redis.CreateClient();
        await client.ScheduleAsync(new NotificationTask("victim"), "in 1 hour", new ScheduleOptions { Id = "victim" });
        var eventsBefore = await client.LatestEventIdAsync();
        await using var browser = await BrowserSession.LaunchAsync(chromium, $"--host-resolver-rules=MAP {Evil} 127.0.0.1");

        // Rebinding, faithfully: the attacker's server answers http://evil.example:<port> first and the page loads;
        // then the name points at 127.0.0.1 (here: the attacker's server goes away and the dashboard takes its port),
        // so the page's same-origin requests reach the dashboard.
        var rebindingPage = await browser.NewPageAsync();
        int port;
        await using (var first = await EvilSite.StartAsync(0))
        {
            port = first.Port;
            await rebindingPage.GotoAsync($"http://{Evil}:{port}/");
        }
        await using var dashboard = await InProcessDashboard.StartAsync(redis, new Dictionary<string, string?> { ["urls"] = $"http://127.0.0.1:{port}" });
        await using var evil = await EvilSite.StartAsync(0);
        var direct = $"http://127.0.0.1:{port}";
        var rebound = $"http://{Evil}:{port}";
        var seen = new ConcurrentQueue<(string Method, string Url, int Status)>();
        var failed = new ConcurrentQueue<string>();
        void Watch(IPage page)
        {
            page.Response += (_, r) =>
            {
                if (r.Url.StartsWith(direct, StringComparison.Ordinal) || r.Url.StartsWith(rebound, StringComparison.Ordinal))
                    seen.Enqueue((r.Request.Method, r.Url, r.Status));
            };
            page.RequestFailed += (_, r) => failed.Enqueue($"{r.Method} {r.Url}: {r.Failure}");
        }
        Watch(rebindingPage);

        // 1. Cross-origin: a page at http://evil.example:<its own port> aims at http://127.0.0.1:<dashboard port>.
        var page = await browser.NewPageAsync();
        Watch(page);
        await page.GotoAsync($"http://{Evil}:{evil.Port}/");
        var crossOrigin = await page.EvaluateAsync<string[]>(AttackScript, new { @base = direct, modes = new[] { "no-cors", "cors" } });
        Assert.Equal("loaded", await page.EvaluateAsync<string>(FormScript, $"{direct}/api/tasks/victim/trigger"));
        Assert.Equal("refused", await page.EvaluateAsync<string>(SocketScript, $"ws://127.0.0.1:{port}/ws/events"));

        // 2. The rebound page: same-origin requests to http://evil.example:<dashboard port>, answers readable.
        var rebinding = await rebindingPage.EvaluateAsync<string[]>(AttackScript, new { @base = "", modes = new[] { "same-origin" } });
        Assert.Equal("refused", await rebindingPage.EvaluateAsync<string>(SocketScript, $"ws://{Evil}:{port}/ws/events"));

        foreach (var line in crossOrigin.Concat(rebinding)) output.WriteLine(line);
        foreach (var r in seen) output.WriteLine($"server answered {r.Method} {r.Url}: {r.Status}");
        foreach (var r in failed) output.WriteLine($"browser gave up on {r}");

        // Nothing changed in Redis: no new task, the victim still scheduled, no event, nothing queued.
        Assert.Null(await client.GetAsync("pwned"));
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync("victim"))!.Status);
        Assert.Equal(eventsBefore, await client.LatestEventIdAsync());
        Assert.Equal(0, new HangfireJobs(redis).Monitoring.GetStatistics().Enqueued);
        // The rebound page could read its answers: every one, reads included, was a refusal.
        Assert.All(rebinding, line => Assert.EndsWith(": basic 403", line));
        // Whatever reached the dashboard from the other origin was refused, reads included (preflights, which get no
        // CORS grant, are not reported by the browser).
        var reached = seen.Where(r => r.Url.StartsWith(direct, StringComparison.Ordinal)).ToList();
        Assert.True(reached.Count(r => r.Method == "POST") >= 7, $"only {reached.Count} cross-origin requests reached the dashboard; the test would prove nothing");
        Assert.All(reached, r => Assert.Equal(403, r.Status));

        // Control: the dashboard's own page does the same things successfully in the same browser.
        await page.GotoAsync($"{direct}/scheduler/schedules");
        Assert.Equal("open", await page.EvaluateAsync<string>(SocketScript, $"ws://127.0.0.1:{port}/ws/events"));
        var own = await page.EvaluateAsync<string>("async () => (await fetch('/api/tasks/victim/pause', { method: 'POST' })).status.toString()");
        Assert.Equal("200", own);
        Assert.Equal(ScheduleStatus.Paused, (await client.GetAsync("victim"))!.Status);
        // Before the dashboard stops: its page's open event stream would hold Kestrel's shutdown for 30 s.
        await browser.CloseAsync();
    }

    /// <summary>The attacker's web server: a blank page on its own loopback port.</summary>
    private sealed class EvilSite : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private EvilSite(WebApplication app, int port) => (_app, Port) = (app, port);

        public int Port { get; }

        public static async Task<EvilSite> StartAsync(int port)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            var app = builder.Build();
            app.MapGet("/", () => Results.Content("<!doctype html><title>not the dashboard</title><p>hello</p>", "text/html"));
            await app.StartAsync();
            return new EvilSite(app, new Uri(app.Urls.First()).Port);
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
