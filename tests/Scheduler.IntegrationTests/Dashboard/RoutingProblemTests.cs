using System.Net;
using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// The refusals routing gives by itself say what was wrong and what is accepted, as every other problem of the API
/// does: a method a route does not take names the ones it takes, a path no endpoint has points at the API's list, and a
/// long value in a route is quoted back cut short.
/// </summary>
public sealed class RoutingProblemTests
{
    [Fact]
    public async Task A_GET_with_a_query_parameter_its_endpoint_does_not_read_is_refused_naming_the_ones_it_reads()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-unknown-query");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        foreach (var (path, unknown) in new[] { ("/api/schedules?stauts=paused", "stauts"), ("/api/runs/failed?tsk=x", "tsk"), ("/api/audit?actr=x", "actr") })
        {
            using var response = await dashboard.Http.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {response.StatusCode} {body}");
            var detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString();
            Assert.StartsWith($"query parameter \"{unknown}\" is not accepted by GET {path[..path.IndexOf('?')]}; accepted: ", detail);
        }
        Assert.Contains("status", (await (await dashboard.Http.GetAsync("/api/schedules?stauts=paused")).Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, (await dashboard.Http.GetAsync("/api/schedules?STATUS=paused&limit=3")).StatusCode);
    }

    [Fact]
    public async Task A_change_with_a_query_parameter_its_endpoint_does_not_read_is_refused_and_changes_nothing()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-unknown-query-change");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var client = redis.CreateClient(verifyWorkers: false);
        await client.ScheduleAsync(new Scheduler.Contracts.Tasks.NotificationTask("hi"), "every hour at :05", new Scheduler.Contracts.Schedules.ScheduleOptions { Id = "t1" });
        var from = DateTimeOffset.UtcNow.AddHours(-3).ToString("O");

        // The backfill's dry run goes in its body: ?dryRun=true read as nothing queued the runs it was meant to preview.
        foreach (var (method, path, body) in new[]
                 {
                     ("POST", "/api/tasks/t1/backfill?dryRun=true", "{\"from\": \"" + from + "\"}"),
                     ("POST", "/api/tasks/t1/trigger?at=2030-01-01T00:00:00Z", null),
                     ("DELETE", "/api/tasks/t1?dryRun=true", null),
                 })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            using var response = await dashboard.Http.SendAsync(request);

            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path}: {response.StatusCode} {text}");
            var unknown = path[(path.IndexOf('?') + 1)..].Split('=')[0];
            Assert.StartsWith($"query parameter \"{unknown}\" is not accepted by {method} {path[..path.IndexOf('?')]}; it reads no query parameters",
                JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString());
        }
        Assert.Empty(await client.GetRunsAsync("t1"));
        Assert.Empty(await client.GetRunsInProgressAsync("t1"));
        Assert.NotNull(await client.GetAsync("t1"));
        // Those that read query parameters still take theirs.
        using var preview = await dashboard.Http.PostAsync("/api/schedules/apply?dryRun=true", new StringContent("{\"schedules\": []}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
    }

    [Fact]
    public async Task A_change_given_a_body_its_endpoint_does_not_read_is_refused_and_changes_nothing_while_none_or_an_empty_object_is_taken()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-unread-body");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var client = redis.CreateClient(verifyWorkers: false);
        await client.ScheduleAsync(new Scheduler.Contracts.Tasks.NotificationTask("hi"), "every hour at :05", new Scheduler.Contracts.Schedules.ScheduleOptions { Id = "t1" });
        await client.PauseAsync("t1");

        // A payload sent to run-now looked passed and was not.
        foreach (var (method, path) in new[]
                 {
                     ("POST", "/api/tasks/t1/trigger"), ("POST", "/api/tasks/t1/resume"), ("POST", "/api/tasks/t1/stop"),
                     ("DELETE", "/api/tasks/t1/schedule"), ("DELETE", "/api/tasks/t1"), ("POST", "/api/runs/t1:1796533088556/retry"),
                     ("POST", "/api/schedules/cancel"), ("POST", "/api/schedules/resume"),
                 })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path)
                { Content = new StringContent("{\"payload\": {\"order\": 42}}", System.Text.Encoding.UTF8, "application/json") };
            using var response = await dashboard.Http.SendAsync(request);

            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path}: {response.StatusCode} {text}");
            Assert.StartsWith($"{method} {path} takes no body (send none, or {{}})", JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString());
        }
        var task = await client.GetAsync("t1");
        Assert.Equal(Scheduler.Contracts.Schedules.ScheduleStatus.Paused, task!.Status);
        Assert.Empty(await client.GetRunsAsync("t1"));

        using var empty = await dashboard.Http.PostAsync("/api/tasks/t1/resume", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        using var none = await dashboard.Http.PostAsync("/api/tasks/t1/trigger", null);
        Assert.Equal(HttpStatusCode.Accepted, none.StatusCode);
    }

    [Fact]
    public async Task A_pause_sent_with_a_json_content_type_and_an_empty_body_pauses_as_a_bare_post_does()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-pause-empty");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var client = redis.CreateClient(verifyWorkers: false);
        await client.ScheduleAsync(new Scheduler.Contracts.Tasks.NotificationTask("hi"), "every hour at :05", new Scheduler.Contracts.Schedules.ScheduleOptions { Id = "t1" });

        // A stream of unknown length goes out chunked: a body that may be there, and is empty.
        using var content = new StreamContent(new NonSeekable());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await dashboard.Http.PostAsync("/api/tasks/t1/pause", content);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(Scheduler.Contracts.Schedules.ScheduleStatus.Paused, (await client.GetAsync("t1"))!.Status);
    }

    private sealed class NonSeekable : MemoryStream
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public async Task HEAD_answers_as_GET_would_without_a_body_and_does_not_hold_the_event_stream_open()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-head");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        await redis.CreateClient().ScheduleAsync(new Scheduler.Contracts.Tasks.NotificationTask("hi"), "in 1 hour", new Scheduler.Contracts.Schedules.ScheduleOptions { Id = "t1" });

        foreach (var path in new[] { "/api/tasks/t1", "/api/tasks/nosuch", "/health", "/api/schedules?status=scheduled" })
        {
            using var get = await dashboard.Http.GetAsync(path);
            Assert.NotEmpty(await get.Content.ReadAsByteArrayAsync());
            using var head = await dashboard.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

            Assert.True(head.StatusCode == get.StatusCode, $"HEAD {path}: {head.StatusCode}, GET: {get.StatusCode}");
            Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var stream = await dashboard.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/events"), timeout.Token);
        Assert.Equal((HttpStatusCode.OK, "text/event-stream"), (stream.StatusCode, stream.Content.Headers.ContentType?.MediaType));
    }

    [Fact]
    public async Task Wrong_methods_unknown_api_paths_and_long_event_names_get_a_problem_that_says_what_is_accepted()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-routing-problems");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        foreach (var (method, path, status, expected) in new[]
                 {
                     ("PUT", "/api/schedules", HttpStatusCode.MethodNotAllowed, "PUT is not accepted by /api/schedules; it takes GET"),
                     ("GET", "/api/schedules/parse", HttpStatusCode.MethodNotAllowed, "GET is not accepted by /api/schedules/parse; it takes POST"),
                     ("DELETE", "/api/tasks/t1/trigger", HttpStatusCode.MethodNotAllowed, "DELETE is not accepted by /api/tasks/t1/trigger; it takes POST"),
                     ("GET", "/api/nosuch", HttpStatusCode.NotFound, "no endpoint of the API at GET /api/nosuch; the API's endpoints are listed in /openapi/v1.json"),
                     ("GET", "/scheduler/new", HttpStatusCode.NotFound, "no page at GET /scheduler/new; the dashboard's pages are in its menu at /"),
                     ("POST", "/api/events/" + new string('e', 5000), HttpStatusCode.BadRequest, "event name \"" + new string('e', 100) + "…\" is not valid"),
                 })
        {
            using var response = await dashboard.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{method} {path[..Math.Min(40, path.Length)]}: {response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString();
            Assert.StartsWith(expected, detail);
            Assert.True(detail!.Length < 400, detail);
        }
    }

    [Fact]
    public async Task A_route_of_several_methods_names_them_all()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-routing-allow");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        using var response = await dashboard.Http.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "/api/tasks/t1/schedule"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
        Assert.StartsWith("PATCH is not accepted by /api/tasks/t1/schedule; it takes ", detail);
        foreach (var method in new[] { "GET", "POST", "PUT", "DELETE" }) Assert.Contains(method, detail);
    }
}
