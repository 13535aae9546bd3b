using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// DNS rebinding and cross-site requests, as plain HTTP: a loopback request is trusted only with a loopback or allowed
/// Host, and writes or WebSockets from another origin are refused whoever sends them.
/// </summary>
public sealed class RebindingTests
{
    private const string Evil = "evil.example";
    private static readonly string[] Routes = ["/", "/hangfire", "/hangfire/jobs/enqueued", "/scheduler/schedules", "/api/schedules", "/api/events", "/ws/events", "/health", "/openapi/v1.json"];
    private static readonly string ShellTask = JsonSerializer.Serialize(new
    {
        task = new { type = "shell", command = "touch", args = new[] { "/tmp/scheduler-rebinding-pwned" } }, spec = "in 1 second",
    });

    private static HttpRequestMessage Request(HttpMethod method, string path, string? host = null, string? origin = null, string? fetchSite = null, string? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (host is not null) request.Headers.Host = host;
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (fetchSite is not null) request.Headers.Add("Sec-Fetch-Site", fetchSite);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return request;
    }

    private static string Own(InProcessDashboard dashboard) => dashboard.Address.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task A_loopback_request_with_a_foreign_Host_is_refused_on_every_route_and_schedules_nothing()
    {
        await using var redis = await RedisTestContext.CreateAsync("rebind-host");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var host = $"{Evil}:{dashboard.Address.Port}";
        foreach (var route in Routes)
        {
            var response = await dashboard.Http.SendAsync(Request(HttpMethod.Get, route, host));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route}: {response.StatusCode}");
        }
        // What the rebinding page sends: same-origin from its point of view.
        var attack = await dashboard.Http.SendAsync(Request(HttpMethod.Post, "/api/tasks/pwned/schedule", host, $"http://{host}", "same-origin", ShellTask));
        Assert.Equal(HttpStatusCode.Forbidden, attack.StatusCode);
        Assert.Equal("application/problem+json", attack.Content.Headers.ContentType?.MediaType);
        var detail = JsonDocument.Parse(await attack.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
        Assert.Contains($"Host \"{host}\" is not a loopback name", detail);
        Assert.Contains("Scheduler:Dashboard:Access:AllowedHosts", detail);
        Assert.Equal(HttpStatusCode.Forbidden, (await dashboard.Http.SendAsync(Request(HttpMethod.Post, "/hangfire/jobs/enqueued/delete", host))).StatusCode);

        await using var client = redis.CreateClient();
        Assert.Null(await client.GetAsync("pwned"));
        Assert.Empty(await client.ListAsync());
        // The same request with a loopback Host goes through: the refusal above was the Host's doing.
        var honest = await dashboard.Http.SendAsync(Request(HttpMethod.Post, "/api/tasks/honest/schedule", body: ShellTask));
        Assert.Equal(HttpStatusCode.Created, honest.StatusCode);
    }

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LocalHost", true)]
    [InlineData("scheduler.localhost", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.3.2.1", true)]
    [InlineData("[::1]", true)]
    [InlineData("localhost.evil.example", false)]
    [InlineData("127.0.0.1.evil.example", false)]
    [InlineData("localhost.", false)]
    [InlineData("10.0.0.5", false)]
    [InlineData("2130706433", false)]
    public async Task Loopback_trust_follows_the_Host_name(string name, bool trusted)
    {
        await using var redis = await RedisTestContext.CreateAsync("rebind-names");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var response = await dashboard.Http.SendAsync(Request(HttpMethod.Get, "/api/schedules", $"{name}:{dashboard.Address.Port}"));
        Assert.Equal(trusted ? HttpStatusCode.OK : HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_configured_allowed_host_is_trusted_from_loopback_and_nothing_else_is()
    {
        await using var redis = await RedisTestContext.CreateAsync("rebind-allowed");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, new Dictionary<string, string?>
        {
            ["Scheduler:Dashboard:Access:AllowedHosts:0"] = "scheduler.internal",
            ["Scheduler:Dashboard:Access:AllowedHosts:1"] = "*.lab.internal",
        });
        var port = dashboard.Address.Port;
        foreach (var (name, expected) in new[]
                 {
                     ("scheduler.internal", HttpStatusCode.Created), ("box1.lab.internal", HttpStatusCode.Created),
                     ("lab.internal", HttpStatusCode.Forbidden), ("scheduler.internal.evil.example", HttpStatusCode.Forbidden),
                 })
        {
            var host = $"{name}:{port}";
            var response = await dashboard.Http.SendAsync(Request(HttpMethod.Post, $"/api/tasks/{name}/schedule", host, $"http://{host}", body: ShellTask));
            Assert.True(response.StatusCode == expected, $"{name}: {response.StatusCode}");
        }
        // Allowed from loopback only: another machine using the name still needs credentials.
        var remote = Request(HttpMethod.Get, "/api/schedules", $"scheduler.internal:{port}");
        remote.Headers.Add(InProcessDashboard.RemoteIpHeader, "203.0.113.7");
        Assert.Equal(HttpStatusCode.Forbidden, (await dashboard.Http.SendAsync(remote)).StatusCode);
    }

    [Fact]
    public async Task Writes_from_another_origin_are_refused_even_from_loopback_while_reads_and_own_origin_writes_pass()
    {
        await using var redis = await RedisTestContext.CreateAsync("rebind-origin");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        await using var client = redis.CreateClient();
        await client.ScheduleAsync(new NotificationTask("victim"), "in 1 hour", new ScheduleOptions { Id = "victim" });
        var before = await client.LatestEventIdAsync();
        var other = $"http://127.0.0.1:{dashboard.Address.Port + 1}";
        var writes = new (HttpMethod Method, string Path, string? Body)[]
        {
            (HttpMethod.Post, "/api/tasks/pwned/schedule", ShellTask), (HttpMethod.Delete, "/api/tasks/victim/schedule", null),
            (HttpMethod.Post, "/api/tasks/victim/trigger", null), (HttpMethod.Post, "/api/tasks/victim/pause", null),
            (HttpMethod.Patch, "/api/tasks/victim", """{"spec": "every 1 second"}"""),
        };
        foreach (var (method, path, body) in writes)
        foreach (var (origin, site) in new (string?, string?)[] { ($"http://{Evil}", "cross-site"), ($"http://{Evil}", null), (null, "cross-site"), ("null", null), (other, "same-site") })
        {
            var response = await dashboard.Http.SendAsync(Request(method, path, origin: origin, fetchSite: site, body: body));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} Origin {origin} Sec-Fetch-Site {site}: {response.StatusCode}");
            Assert.Contains("must come from the dashboard's own pages", await response.Content.ReadAsStringAsync());
        }
        Assert.Null(await client.GetAsync("pwned"));
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync("victim"))!.Status);
        Assert.Equal(before, await client.LatestEventIdAsync());
        Assert.Equal(0, new HangfireJobs(redis).Monitoring.GetStatistics().Enqueued);

        // Another site's page may link to the dashboard but not read from it; own-origin writes pass.
        var link = Request(HttpMethod.Get, "/scheduler/schedules", fetchSite: "cross-site");
        link.Headers.Add("Sec-Fetch-Mode", "navigate");
        Assert.Equal(HttpStatusCode.OK, (await dashboard.Http.SendAsync(link)).StatusCode);
        var read = Request(HttpMethod.Get, "/api/schedules", origin: $"http://{Evil}", fetchSite: "cross-site");
        read.Headers.Add("Sec-Fetch-Mode", "cors");
        Assert.Equal(HttpStatusCode.Forbidden, (await dashboard.Http.SendAsync(read)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dashboard.Http.SendAsync(Request(HttpMethod.Get, "/api/schedules", origin: $"http://{Evil}"))).StatusCode);
        var own = await dashboard.Http.SendAsync(Request(HttpMethod.Post, "/api/tasks/victim/pause", origin: Own(dashboard), fetchSite: "same-origin"));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(ScheduleStatus.Paused, (await client.GetAsync("victim"))!.Status);
    }

    [Fact]
    public async Task No_route_may_be_framed_by_another_page_and_none_is_sniffed()
    {
        await using var redis = await RedisTestContext.CreateAsync("rebind-framing");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        foreach (var (route, host) in Routes.Select(r => (r, (string?)null)).Append(("/scheduler/schedules", Evil)))
        {
            using var response = await dashboard.Http.SendAsync(Request(HttpMethod.Get, route, host: host), HttpCompletionOption.ResponseHeadersRead);
            var headers = response.Headers;
            Assert.True(headers.TryGetValues("X-Frame-Options", out var frame) && frame.Single() == "DENY", $"{route} (Host {host}): X-Frame-Options");
            Assert.True(headers.TryGetValues("Content-Security-Policy", out var csp) && csp.Single().Contains("frame-ancestors 'none'", StringComparison.Ordinal), $"{route}: CSP");
            Assert.True(headers.TryGetValues("X-Content-Type-Options", out var sniff) && sniff.Single() == "nosniff", $"{route}: nosniff");
        }
    }

    [Fact]
    public async Task A_configured_allowed_origin_may_write()
    {
        await using var redis = await RedisTestContext.CreateAsync("rebind-allowed-origin");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, new Dictionary<string, string?>
        {
            ["Scheduler:Dashboard:Access:AllowedOrigins:0"] = "https://ops.example.com",
        });
        var allowed = await dashboard.Http.SendAsync(Request(HttpMethod.Post, "/api/tasks/a/schedule", origin: "https://ops.example.com", fetchSite: "cross-site", body: ShellTask));
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        var wrongScheme = await dashboard.Http.SendAsync(Request(HttpMethod.Post, "/api/tasks/b/schedule", origin: "http://ops.example.com", body: ShellTask));
        Assert.Equal(HttpStatusCode.Forbidden, wrongScheme.StatusCode);
    }

    [Fact]
    public async Task A_WebSocket_from_another_origin_is_refused_and_one_from_the_dashboard_is_accepted()
    {
        await using var redis = await RedisTestContext.CreateAsync("rebind-ws");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var url = new UriBuilder(dashboard.Address) { Scheme = "ws", Path = "/ws/events" }.Uri;
        using var foreign = new ClientWebSocket();
        foreign.Options.SetRequestHeader("Origin", $"http://{Evil}");
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => foreign.ConnectAsync(url, CancellationToken.None));
        Assert.Contains("403", refused.Message);

        using var own = new ClientWebSocket();
        own.Options.SetRequestHeader("Origin", Own(dashboard));
        await own.ConnectAsync(url, CancellationToken.None);
        Assert.Equal(WebSocketState.Open, own.State);
    }

    [Fact]
    public async Task With_loopback_trust_off_local_requests_need_credentials()
    {
        await using var redis = await RedisTestContext.CreateAsync("rebind-noloopback");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, new Dictionary<string, string?>
        {
            ["Scheduler:Dashboard:Access:TrustLoopback"] = "false",
            ["Scheduler:Dashboard:Access:Username"] = "ops",
            ["Scheduler:Dashboard:Access:Password"] = "s3cret!",
        });
        var anonymous = await dashboard.Http.GetAsync("/api/schedules");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("TrustLoopback is false", await anonymous.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await dashboard.Http.GetAsync("/hangfire")).StatusCode);

        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:s3cret!")));
        var withCredentials = Request(HttpMethod.Post, "/api/tasks/a/schedule", body: ShellTask);
        withCredentials.Headers.Authorization = basic;
        Assert.Equal(HttpStatusCode.Created, (await dashboard.Http.SendAsync(withCredentials)).StatusCode);
        // Credentials the browser cached do not let another site's page write (CSRF).
        var forged = Request(HttpMethod.Post, "/api/tasks/b/schedule", origin: $"http://{Evil}", fetchSite: "cross-site", body: ShellTask);
        forged.Headers.Authorization = basic;
        Assert.Equal(HttpStatusCode.Forbidden, (await dashboard.Http.SendAsync(forged)).StatusCode);
        await using var client = redis.CreateClient();
        Assert.Null(await client.GetAsync("b"));
    }

    [Fact]
    public async Task Unusable_access_settings_stop_the_dashboard_at_start_with_every_problem_named()
    {
        await using var redis = await RedisTestContext.CreateAsync("rebind-options");
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => InProcessDashboard.StartAsync(redis, new Dictionary<string, string?>
        {
            ["Scheduler:Dashboard:Access:TrustLoopback"] = "false",
            ["Scheduler:Dashboard:Access:AllowedHosts:0"] = "*",
            ["Scheduler:Dashboard:Access:AllowedOrigins:0"] = "ops.example.com",
        }));
        Assert.Contains("Scheduler:Dashboard:Access:TrustLoopback is false but no credentials are configured", error.Message);
        Assert.Contains("Scheduler:Dashboard:Access:AllowedHosts:0 \"*\" would trust any Host", error.Message);
        Assert.Contains("Scheduler:Dashboard:Access:AllowedOrigins:0 \"ops.example.com\" is not an origin", error.Message);
    }

    [Fact]
    public async Task Forwarded_headers_grant_nothing_even_when_the_host_is_told_to_honour_them()
    {
        await using var redis = await RedisTestContext.CreateAsync("rebind-forwarded");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, new Dictionary<string, string?>
        {
            // What ASPNETCORE_FORWARDEDHEADERS_ENABLED=true sets: the host would trust X-Forwarded-For from anyone.
            ["FORWARDEDHEADERS_ENABLED"] = "true",
        });
        var port = dashboard.Address.Port;
        // (A loopback request carrying them is taken as relayed by a proxy and loses its trust: RelayedRequestTests.)
        var granted = Request(HttpMethod.Get, "/api/schedules", $"{Evil}:{port}");
        granted.Headers.Add("X-Forwarded-For", "127.0.0.1");
        granted.Headers.Add("X-Forwarded-Host", $"localhost:{port}");
        Assert.Equal(HttpStatusCode.Forbidden, (await dashboard.Http.SendAsync(granted)).StatusCode);

        var remote = Request(HttpMethod.Get, "/api/schedules");
        remote.Headers.Add(InProcessDashboard.RemoteIpHeader, "203.0.113.7");
        remote.Headers.Add("X-Forwarded-For", "127.0.0.1");
        Assert.Equal(HttpStatusCode.Forbidden, (await dashboard.Http.SendAsync(remote)).StatusCode);
    }

    [Fact]
    public async Task Hangfire_dashboard_actions_need_its_antiforgery_token_even_from_loopback()
    {
        await using var redis = await RedisTestContext.CreateAsync("rebind-antiforgery");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var withoutToken = Request(HttpMethod.Post, "/hangfire/recurring/trigger", origin: Own(dashboard));
        withoutToken.Content = new FormUrlEncodedContent([new("jobs[]", "none")]);
        Assert.Equal(HttpStatusCode.Forbidden, (await dashboard.Http.SendAsync(withoutToken)).StatusCode);

        // The page hands its script the token (and sets the cookie it pairs with); with both the action is accepted.
        var page = await dashboard.Http.GetStringAsync("/hangfire/recurring");
        var header = Regex.Match(page, "<meta name=\"csrf-header\" content=\"([^\"]+)\"");
        var token = Regex.Match(page, "<meta name=\"csrf-token\" content=\"([^\"]+)\"");
        Assert.True(header.Success && token.Success, "no antiforgery token on Hangfire's page");
        var withToken = Request(HttpMethod.Post, "/hangfire/recurring/trigger", origin: Own(dashboard));
        withToken.Headers.Add(WebUtility.HtmlDecode(header.Groups[1].Value), WebUtility.HtmlDecode(token.Groups[1].Value));
        withToken.Content = new FormUrlEncodedContent([new("jobs[]", "none")]);
        var accepted = await dashboard.Http.SendAsync(withToken);
        Assert.True(accepted.IsSuccessStatusCode, $"with the token: {accepted.StatusCode}");
    }
}
