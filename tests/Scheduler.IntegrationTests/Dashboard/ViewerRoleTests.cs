using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>The viewer's credentials read everything and change nothing; the operator's still change everything.</summary>
public sealed class ViewerRoleTests
{
    private static readonly Dictionary<string, string?> BothRoles = new()
    {
        ["Scheduler:Dashboard:Access:Username"] = "ops",
        ["Scheduler:Dashboard:Access:Password"] = "s3cret!",
        ["Scheduler:Dashboard:Access:ViewerUsername"] = "watcher",
        ["Scheduler:Dashboard:Access:ViewerPassword"] = "look-only",
        ["Scheduler:Dashboard:Access:ViewerApiKey"] = "view-key",
    };

    private static readonly string[] Pages =
    [
        "/", "/hangfire", "/hangfire/jobs/enqueued", "/hangfire/recurring", "/scheduler/schedules", "/scheduler/schedules/t1", "/scheduler/audit",
        "/scheduler/events", "/scheduler/workers", "/scheduler/flow", "/scheduler/cleanup", "/scheduler/schedule-form", "/scheduler/cleanup-form", "/api/schedules", "/api/tasks/t1/schedule", "/api/tasks/t1/runs", "/api/audit", "/health", "/openapi/v1.json",
    ];

    private static readonly string Body = JsonSerializer.Serialize(new { task = new { type = "notification", message = "hi" }, spec = "every day at 6am" });

    private static string Basic(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    /// <summary>A request from another machine, with basic auth as <paramref name="user"/> or, when null, the viewer's API key.</summary>
    private static HttpRequestMessage Remote(HttpMethod method, string path, string? user, string? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(InProcessDashboard.RemoteIpHeader, "203.0.113.7");
        if (user is null) request.Headers.Add("X-Api-Key", "view-key");
        else request.Headers.Authorization = new AuthenticationHeaderValue("Basic", user == "ops" ? Basic("ops", "s3cret!") : Basic("watcher", "look-only"));
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return request;
    }

    private static (HttpMethod Method, string Path, string? Body)[] Writes =>
    [
        (HttpMethod.Post, "/api/tasks/t2/schedule", Body),
        (HttpMethod.Put, "/api/tasks/t1/schedule", Body),
        (HttpMethod.Patch, "/api/tasks/t1", "{\"name\": \"renamed\"}"),
        (HttpMethod.Post, "/api/tasks/t1/pause", null),
        (HttpMethod.Post, "/api/tasks/t1/trigger", null),
        (HttpMethod.Post, "/api/schedules/cancel", null),
        (HttpMethod.Post, "/api/schedules/apply", "{\"schedules\": [{\"id\": \"t3\", \"spec\": \"every day at 6am\", \"task\": {\"type\": \"notification\", \"message\": \"hi\"}}]}"),
        (HttpMethod.Post, "/api/events/deploy", null),
        (HttpMethod.Delete, "/api/tasks/t1/schedule", null),
        (HttpMethod.Delete, "/api/tasks/t1", null),
        (HttpMethod.Post, "/hangfire/jobs/enqueued/delete", null),
        (HttpMethod.Post, "/jobs/actions/requeue/1", null),
        (HttpMethod.Post, "/hangfire/recurring/trigger", null),
        (HttpMethod.Post, "/api/cleanup", "{\"directory\": \"/tmp\", \"pattern\": \"*.log\", \"maxFiles\": 1}"),
        (HttpMethod.Put, "/api/cleanup/c1", "{\"directory\": \"/tmp\", \"pattern\": \"*.log\", \"maxFiles\": 1}"),
    ];

    [Fact]
    public async Task The_viewer_gets_the_schedule_and_cleanup_forms_with_every_field_disabled_and_the_operator_gets_them_editable()
    {
        await using var redis = await RedisTestContext.CreateAsync("viewer-forms");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, BothRoles);
        Assert.Equal(HttpStatusCode.Created, (await dashboard.Http.SendAsync(Remote(HttpMethod.Post, "/api/tasks/t1/schedule", "ops", Body))).StatusCode);

        foreach (var page in new[] { "/scheduler/schedule-form", "/scheduler/schedule-form?id=t1", "/scheduler/cleanup-form", "/scheduler/cleanup-form?id=c1" })
        {
            foreach (var user in new[] { "watcher", null })
            {
                var html = await (await dashboard.Http.SendAsync(Remote(HttpMethod.Get, page, user))).Content.ReadAsStringAsync();
                Assert.Contains("<fieldset disabled data-testid=\"form-read-only\">", html);
            }
            var operatorHtml = await (await dashboard.Http.SendAsync(Remote(HttpMethod.Get, page, "ops"))).Content.ReadAsStringAsync();
            Assert.Contains("data-testid=\"form-save\"", operatorHtml);
            Assert.DoesNotContain("form-read-only", operatorHtml);
        }
    }

    [Fact]
    public async Task The_viewer_reads_every_page_endpoint_and_event_stream_but_every_write_gets_403_and_changes_nothing()
    {
        await using var redis = await RedisTestContext.CreateAsync("viewer");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, BothRoles);
        Assert.Equal(HttpStatusCode.Created, (await dashboard.Http.SendAsync(Remote(HttpMethod.Post, "/api/tasks/t1/schedule", "ops", Body))).StatusCode);

        foreach (var user in new[] { "watcher", null })
        {
            foreach (var page in Pages)
            {
                var read = await dashboard.Http.SendAsync(Remote(HttpMethod.Get, page, user));
                Assert.True(read.StatusCode == HttpStatusCode.OK, $"{user ?? "viewer key"} GET {page}: {read.StatusCode}");
            }
            // Our pages say the access is read-only (and hide the controls that would be refused).
            var detailPage = await (await dashboard.Http.SendAsync(Remote(HttpMethod.Get, "/scheduler/schedules/t1", user))).Content.ReadAsStringAsync();
            Assert.Contains("data-testid=\"read-only\"", detailPage);
            var preview = await dashboard.Http.SendAsync(Remote(HttpMethod.Post, "/api/schedules/parse", user, "{\"spec\": \"every day at 6am\"}"));
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
            using var events = await dashboard.Http.SendAsync(Remote(HttpMethod.Get, "/api/events", user), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, events.StatusCode);

            foreach (var (method, path, body) in Writes)
            {
                var write = await dashboard.Http.SendAsync(Remote(method, path, user, body));
                Assert.True(write.StatusCode == HttpStatusCode.Forbidden, $"{user ?? "viewer key"} {method} {path}: {write.StatusCode}");
                var detail = JsonDocument.Parse(await write.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
                Assert.Contains("read-only viewer credentials", detail);
                Assert.Contains($"{method} {path} is a change", detail);
            }
        }
        using (var socket = new ClientWebSocket())
        {
            socket.Options.SetRequestHeader(InProcessDashboard.RemoteIpHeader, "203.0.113.7");
            socket.Options.SetRequestHeader("Authorization", "Basic " + Basic("watcher", "look-only"));
            await socket.ConnectAsync(new Uri($"ws://{dashboard.Address.Authority}/ws/events"), CancellationToken.None);
            Assert.Equal(WebSocketState.Open, socket.State);
        }

        var client = redis.CreateClient();
        var t1 = await client.GetAsync("t1");
        Assert.NotNull(t1);
        Assert.Equal("scheduled", t1.Status.ToString().ToLowerInvariant());
        Assert.Null(t1.Pause);
        Assert.Null(await client.GetAsync("t2"));
        Assert.Equal(["schedule"], (await client.GetAuditAsync()).Entries.Select(e => e.Action));
    }

    [Fact]
    public async Task The_operator_still_changes_what_the_viewer_may_not()
    {
        await using var redis = await RedisTestContext.CreateAsync("viewer-operator");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, BothRoles);
        Assert.Equal(HttpStatusCode.Created, (await dashboard.Http.SendAsync(Remote(HttpMethod.Post, "/api/tasks/t1/schedule", "ops", Body))).StatusCode);
        var detailPage = await (await dashboard.Http.SendAsync(Remote(HttpMethod.Get, "/scheduler/schedules/t1", "ops"))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("data-testid=\"read-only\"", detailPage);
        Assert.Contains("data-testid=\"action-trigger\"", detailPage);
        Assert.Equal(HttpStatusCode.OK, (await dashboard.Http.SendAsync(Remote(HttpMethod.Patch, "/api/tasks/t1", "ops", "{\"name\": \"renamed\"}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dashboard.Http.SendAsync(Remote(HttpMethod.Post, "/api/tasks/t1/pause", "ops"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dashboard.Http.SendAsync(Remote(HttpMethod.Delete, "/api/tasks/t1", "ops"))).StatusCode);
        Assert.Null(await redis.CreateClient().GetAsync("t1"));
        // Trusted loopback is the operator too.
        Assert.Equal(HttpStatusCode.Created, (await dashboard.Http.PostAsync("/api/tasks/t3/schedule", new StringContent(Body, Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public async Task The_viewer_sees_a_shell_tasks_variable_names_but_not_their_values_nor_its_stdin_while_the_operator_sees_both()
    {
        await using var redis = await RedisTestContext.CreateAsync("viewer-secrets");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, BothRoles);
        var shell = JsonSerializer.Serialize(new
        {
            task = new { type = "shell", command = "psql", environment = new { DB_PASSWORD = "hunter2-SECRET" }, stdin = "token-SECRET" },
            spec = "every day at 6am",
        });
        Assert.Equal(HttpStatusCode.Created, (await dashboard.Http.SendAsync(Remote(HttpMethod.Post, "/api/tasks/sec1/schedule", "ops", shell))).StatusCode);
        string[] reads = ["/api/tasks/sec1/schedule", "/api/schedules", "/api/audit?taskId=sec1", "/scheduler/schedules/sec1", "/scheduler/audit"];

        foreach (var path in reads)
        {
            var seen = await (await dashboard.Http.SendAsync(Remote(HttpMethod.Get, path, "watcher"))).Content.ReadAsStringAsync();
            Assert.Contains("DB_PASSWORD", seen);
            Assert.DoesNotContain("SECRET", seen);
        }
        var operatorView = await (await dashboard.Http.SendAsync(Remote(HttpMethod.Get, "/api/tasks/sec1/schedule", "ops"))).Content.ReadAsStringAsync();
        Assert.Contains("hunter2-SECRET", operatorView);
        Assert.Contains("token-SECRET", operatorView);
    }
}
