using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>Every REST endpoint and its error statuses, over real HTTP against real Redis.</summary>
public sealed class RestApiTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private const string NotificationBody = """{"task": {"type": "notification", "message": "hi"}, "spec": "in 1 hour", "options": {"name": "rest", "tags": ["api"]}}""";

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("   at ", body);
        return problem;
    }

    [Fact]
    public async Task Schedule_get_list_and_runs_round_trip()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-crud");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var http = dashboard.Http;

        var created = await http.PostAsync("/api/tasks/report-1/schedule", Json(NotificationBody));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var task = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("report-1", task.GetProperty("id").GetString());
        Assert.Equal("notification", task.GetProperty("task").GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/api/tasks/report-1/schedule", Json(NotificationBody))).StatusCode);

        var fetched = await http.GetFromJsonAsync<JsonElement>("/api/tasks/report-1/schedule");
        Assert.Equal("scheduled", fetched.GetProperty("status").GetString());
        var list = await http.GetFromJsonAsync<JsonElement>("/api/schedules?tag=api&status=scheduled&limit=10");
        Assert.Equal(1, list.GetArrayLength());
        Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>("/api/schedules?status=paused")).GetArrayLength());
        Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>("/api/tasks/report-1/runs")).GetArrayLength());
    }

    [Fact]
    public async Task Pause_resume_patch_and_cancel_change_status_and_invalid_ones_conflict()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-lifecycle");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var http = dashboard.Http;
        await http.PostAsync("/api/tasks/t1/schedule", Json(NotificationBody));

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/api/tasks/t1/pause", null)).StatusCode);
        Assert.Equal("paused", (await http.GetFromJsonAsync<JsonElement>("/api/tasks/t1/schedule")).GetProperty("status").GetString());
        var again = await ProblemAsync(await http.PostAsync("/api/tasks/t1/pause", null), HttpStatusCode.Conflict);
        Assert.Contains("paused and cannot become paused", again.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/api/tasks/t1/resume", null)).StatusCode);

        var patched = await http.PatchAsync("/api/tasks/t1", Json("""{"name": "renamed", "spec": "every day at 6am", "timeZone": "Europe/Berlin"}"""));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var body = await patched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("renamed", body.GetProperty("name").GetString());
        Assert.Equal("cron", body.GetProperty("schedule").GetProperty("kind").GetString());

        Assert.Equal(HttpStatusCode.OK, (await http.DeleteAsync("/api/tasks/t1/schedule")).StatusCode);
        Assert.Equal("cancelled", (await http.GetFromJsonAsync<JsonElement>("/api/tasks/t1/schedule")).GetProperty("status").GetString());
        await ProblemAsync(await http.PostAsync("/api/tasks/t1/resume", null), HttpStatusCode.Conflict);
        await ProblemAsync(await http.PostAsync("/api/tasks/t1/trigger", null), HttpStatusCode.Conflict);
        var cancelAgain = await http.DeleteAsync("/api/tasks/t1/schedule");
        Assert.Equal(HttpStatusCode.OK, cancelAgain.StatusCode);
        Assert.False((await cancelAgain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cancelled").GetBoolean());
        // No run will come to it: said at once, not after the wait's 300 s.
        using var ended = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var wait = await ProblemAsync(await http.GetAsync("/api/tasks/t1/wait?timeoutSeconds=300", ended.Token), HttpStatusCode.Conflict);
        Assert.Equal("task t1 is cancelled with no run to wait for", wait.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("GET", "/api/tasks/missing/schedule")]
    [InlineData("GET", "/api/tasks/missing/runs")]
    [InlineData("DELETE", "/api/tasks/missing/schedule")]
    [InlineData("POST", "/api/tasks/missing/pause")]
    [InlineData("POST", "/api/tasks/missing/resume")]
    [InlineData("POST", "/api/tasks/missing/trigger")]
    [InlineData("PATCH", "/api/tasks/missing")]
    [InlineData("GET", "/api/tasks/missing/wait?timeoutSeconds=1")]
    public async Task Unknown_task_ids_are_404_problems(string method, string path)
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-404");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "PATCH" ? Json("""{"name": "x"}""") : null };
        var problem = await ProblemAsync(await dashboard.Http.SendAsync(request), HttpStatusCode.NotFound);
        Assert.Contains("missing", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("""{"task": {"type": "notification", "message": "hi"}, "spec": "every munday at 9am"}""", "munday")]
    [InlineData("""{"task": {"type": "notification", "message": "hi"}}""", "\"spec\" is missing")]
    [InlineData("""{"spec": "in 5 minutes"}""", "\"task\" is missing")]
    [InlineData("""{"task": {"type": "teleport", "message": "hi"}, "spec": "in 5 minutes"}""", "teleport")]
    [InlineData("""{"task": {"message": "hi"}, "spec": "in 5 minutes"}""", "notification")]
    [InlineData("""{"task": {"type": "notification", "message": ""}, "spec": "in 5 minutes"}""", "message")]
    [InlineData("""{"task": {"type": "notification", "message": "hi"}, "spec": "in 5 minutes", "options": {"maxRun": 3}}""", "unknown field \"maxRun\"; expected one of id, idempotencyKey")]
    [InlineData("""{"task": {"type": "notification", "message": "hi"}, "spec": "in 5 minutes", "options": {"misfire": "sometimes"}}""", "options.misfire is not one of runOnce, skip, runAll")]
    [InlineData("""{"task": {"type": "notification", "message": "hi"}, "spec": "in 5 minutes", "options": {"priority": "urgent"}}""", "options.priority is not one of normal, high, low")]
    [InlineData("""{"task": {"type": "notification", "message": "hi"}, "spec": "in 5 minutes", "options": {"maxRuns": "three"}}""", "maxRuns")]
    [InlineData("""{"task": {"type": "notification", "message": "hi"}, "spec": "in 5 minutes", "options": {"maxRuns": -2}}""", "maxRuns")]
    [InlineData("""{"task": {"type": "notification", "message": "hi"}, "spec": "in 5 minutes", "options": {"timeZone": "Mars/Base"}}""", "Mars/Base")]
    [InlineData("""{"task": {"type": "notification", "message": "hi"}, "spec": "in 5 minutes",""", "JSON")]
    [InlineData("""[1, 2, 3]""", "JSON")]
    [InlineData("""null""", "null")]
    public async Task Bad_bodies_and_specs_are_400_problems_naming_what_was_wrong(string body, string mentioned)
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-400");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var problem = await ProblemAsync(await dashboard.Http.PostAsync("/api/tasks/bad/schedule", Json(body)), HttpStatusCode.BadRequest);
        Assert.Contains(mentioned, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Http.GetAsync("/api/tasks/bad/schedule")).StatusCode);
    }

    [Theory]
    [InlineData("a*b")]
    [InlineData("a%3Fb")]
    [InlineData("a%5Bb%5D")]
    [InlineData("..%2F..%2Fetc")]
    public async Task Ids_with_glob_or_path_characters_are_rejected(string id)
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-ids");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var response = await dashboard.Http.PostAsync($"/api/tasks/{id}/schedule", Json(NotificationBody));
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{id}: {response.StatusCode}");
        Assert.Empty(await redis.CreateClient().ListAsync());
    }

    [Fact]
    public async Task Wrong_content_type_and_oversized_bodies_are_refused()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-size");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var plain = await dashboard.Http.PostAsync("/api/tasks/x/schedule", new StringContent(NotificationBody, Encoding.UTF8, "text/plain"));
        Assert.Contains("application/json", (await ProblemAsync(plain, HttpStatusCode.BadRequest)).GetProperty("detail").GetString());
        // A type that only starts like JSON's, and a charset the body would not be read in, are refused by name.
        var jsonx = await dashboard.Http.PostAsync("/api/tasks/x/schedule", new StringContent(NotificationBody, Encoding.UTF8, "application/jsonx"));
        Assert.Contains("Content-Type is \"application/jsonx", (await ProblemAsync(jsonx, HttpStatusCode.BadRequest)).GetProperty("detail").GetString());
        var utf16 = new ByteArrayContent(Encoding.Unicode.GetBytes(NotificationBody));
        utf16.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-16");
        Assert.Contains("charset is \"utf-16\"", (await ProblemAsync(await dashboard.Http.PostAsync("/api/tasks/x/schedule", utf16), HttpStatusCode.BadRequest)).GetProperty("detail").GetString());
        var eventBytes = new ByteArrayContent([(byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)'}']);
        eventBytes.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        Assert.Contains("not valid UTF-8", (await ProblemAsync(await dashboard.Http.PostAsync("/api/events/uploaded", eventBytes), HttpStatusCode.BadRequest)).GetProperty("detail").GetString());
        var eventJsonx = await dashboard.Http.PostAsync("/api/events/uploaded", new StringContent("{}", Encoding.UTF8, "application/jsonx"));
        Assert.Contains("the event's payload", (await ProblemAsync(eventJsonx, HttpStatusCode.BadRequest)).GetProperty("detail").GetString());
        var withCharset = await dashboard.Http.PostAsync("/api/tasks/x/schedule", new StringContent(NotificationBody, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, withCharset.StatusCode);
        var huge = "{\"task\": {\"type\": \"notification\", \"message\": \"" + new string('x', 10 * 1024 * 1024) + "\"}, \"spec\": \"in 1 hour\"}";
        // Expect: 100-continue lets the server answer from the declared length before the 10 MB are sent.
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/tasks/x/schedule") { Content = Json(huge) };
        request.Headers.ExpectContinue = true;
        var response = await dashboard.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(["x"], (await redis.CreateClient().ListAsync()).Select(t => t.Id));
    }

    [Fact]
    public async Task Parse_previews_description_and_next_occurrences()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-parse");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var response = await dashboard.Http.PostAsync("/api/schedules/parse",
            Json("""{"spec": "every weekday at 9am", "timeZone": "Europe/Berlin", "now": "2026-03-07T12:00:00Z", "count": 3}"""));
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("cron", preview.GetProperty("kind").GetString());
        Assert.Equal(["2026-03-09T09:00:00+01:00", "2026-03-10T09:00:00+01:00", "2026-03-11T09:00:00+01:00"],
            preview.GetProperty("next").EnumerateArray().Select(e => e.GetDateTimeOffset().ToString("yyyy-MM-ddTHH:mm:sszzz")));
        var bad = await ProblemAsync(await dashboard.Http.PostAsync("/api/schedules/parse", Json("""{"spec": "sometimes"}""")), HttpStatusCode.BadRequest);
        Assert.Contains("sometimes", bad.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Bad_filters_are_400_and_openapi_document_lists_the_endpoints()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-openapi");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        await ProblemAsync(await dashboard.Http.GetAsync("/api/schedules?status=sleeping"), HttpStatusCode.BadRequest);
        await ProblemAsync(await dashboard.Http.GetAsync("/api/schedules?limit=0"), HttpStatusCode.BadRequest);
        var openApi = await dashboard.Http.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/schedules", openApi);
        Assert.Contains("/api/tasks/{id}/schedule", openApi);
    }

    [Theory]
    [InlineData("/api/schedules/cancel?q=nightly", null, "\"q\" is not accepted by")]
    [InlineData("/api/schedules/cancel?outcome=failed", null, "\"outcome\" is not accepted by")]
    [InlineData("/api/schedules/cancel?stauts=paused", null, "\"stauts\" is not accepted by")]
    [InlineData("/api/schedules/cancel", """{"tag": "nightly"}""", "takes no body")]
    [InlineData("/api/schedules/resume?tags=nightly", null, "\"tags\" is not accepted by")]
    [InlineData("/api/schedules/resume", """{"tag": "nightly"}""", "takes no body")]
    [InlineData("/api/schedules/pause?q=nightly", null, "\"q\" is not accepted by")]
    public async Task A_bulk_change_refuses_a_filter_it_does_not_read_instead_of_changing_every_task(string url, string? body, string expected)
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-bulk-refused");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var http = dashboard.Http;
        await http.PostAsync("/api/tasks/nightly-1/schedule", Json("""{"task": {"type": "notification", "message": "hi"}, "spec": "every 1 hour", "options": {"tags": ["nightly"]}}"""));
        await http.PostAsync("/api/tasks/other/schedule", Json(NotificationBody));
        await http.PostAsync("/api/tasks/other/pause", null);

        var problem = await ProblemAsync(await http.PostAsync(url, body is null ? null : Json(body)), HttpStatusCode.BadRequest);

        Assert.Contains(expected, problem.GetProperty("detail").GetString());
        Assert.Contains("status, type, tag, module, name, recurring", problem.GetProperty("detail").GetString());
        Assert.Equal("scheduled", (await http.GetFromJsonAsync<JsonElement>("/api/tasks/nightly-1")).GetProperty("status").GetString());
        Assert.Equal("paused", (await http.GetFromJsonAsync<JsonElement>("/api/tasks/other")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("POST", "/api/schedules/parse", """{"spec": "cron:0 9 * * *", "now": "0001-01-01T00:00:00Z"}""", HttpStatusCode.OK, "")]
    [InlineData("GET", "/api/tasks/edge/wait?timeoutSeconds=NaN", null, HttpStatusCode.BadRequest, "timeoutSeconds")]
    [InlineData("POST", "/api/runs/%20/retry", null, HttpStatusCode.BadRequest, "run id is empty")]
    [InlineData("GET", "/api/events?lastEventId=99999999999999999999", null, HttpStatusCode.BadRequest, "lastEventId \"99999999999999999999\" is not accepted")]
    [InlineData("GET", "/api/schedules?limit=ten", null, HttpStatusCode.BadRequest, "\"ten\"")]
    [InlineData("GET", "/api/schedules?recurring=yes", null, HttpStatusCode.BadRequest, "recurring")]
    public async Task Edge_values_get_an_answer_or_a_400_naming_them_never_a_500(string method, string url, string? body, HttpStatusCode expected, string mentioned)
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-edges");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        await dashboard.Http.PostAsync("/api/tasks/edge/schedule", Json(NotificationBody));

        var response = await dashboard.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = body is null ? null : Json(body) });

        if (expected == HttpStatusCode.OK)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return;
        }
        Assert.Contains(mentioned, (await ProblemAsync(response, expected)).GetProperty("detail").GetString());
    }
}
