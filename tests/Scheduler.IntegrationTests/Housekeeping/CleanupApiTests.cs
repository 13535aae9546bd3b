using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Housekeeping;

/// <summary>The cleanup REST endpoints over real HTTP, on the real dashboard.</summary>
public sealed class CleanupApiTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<(InProcessDashboard App, HttpClient Http)> StartAsync(RedisTestContext redis, IDictionary<string, string?> settings)
    {
        var dashboard = await InProcessDashboard.StartAsync(redis, settings);
        return (dashboard, dashboard.Http);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task Cleanup_registrations_round_trip_over_REST_and_a_run_deletes_old_files()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-rest");
        var (app, http) = await StartAsync(redis, sandbox.Settings());
        await using var _ = app;
        using var __ = http;
        sandbox.Write("old.log", 30, size: 12);
        sandbox.Write("new.log", 1);
        var body = JsonSerializer.Serialize(new { directory = sandbox.Logs, pattern = "*.log", retentionDays = 7, moduleId = "ops" });

        var created = await http.PostAsync("/api/cleanup", Json(body));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal($"/api/cleanup/{id}", created.Headers.Location?.ToString());
        Assert.Equal(7, (await http.GetFromJsonAsync<JsonElement>($"/api/cleanup/{id}")).GetProperty("retentionDays").GetInt32());

        var put = await http.PutAsync($"/api/cleanup/{id}", Json(body.Replace("\"retentionDays\":7", "\"retentionDays\":14")));
        Assert.Equal(14, (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("retentionDays").GetInt32());
        Assert.Equal(1, (await http.GetFromJsonAsync<JsonElement>("/api/cleanup?module=ops")).GetArrayLength());

        // A dry run asked for under another name, or in a body, is refused: run for real, it would delete.
        var misspelt = await ProblemAsync(await http.PostAsync($"/api/cleanup/run?registrationId={id}&dry-run=true", null), HttpStatusCode.BadRequest);
        Assert.Contains("\"dry-run\" is not accepted", misspelt.GetProperty("detail").GetString());
        await ProblemAsync(await http.PostAsync("/api/cleanup/run", Json($$"""{"registrationId": "{{id}}", "dryRun": true}""")), HttpStatusCode.BadRequest);
        Assert.Equal(["new.log", "old.log"], sandbox.Remaining());
        var dry = await http.PostAsync($"/api/cleanup/run?registrationId={id}&dryRun=true", null);
        Assert.Equal(1, (await dry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("filesDeleted").GetInt32());
        Assert.Equal(["new.log", "old.log"], sandbox.Remaining());

        var run = await http.PostAsync($"/api/cleanup/run?registrationId={id}", null);
        var report = await run.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(12, report.GetProperty("results")[0].GetProperty("bytesFreed").GetInt64());
        Assert.Equal(["new.log"], sandbox.Remaining());

        Assert.Equal(HttpStatusCode.OK, (await http.DeleteAsync($"/api/cleanup/{id}")).StatusCode);
        await ProblemAsync(await http.GetAsync($"/api/cleanup/{id}"), HttpStatusCode.NotFound);
        await ProblemAsync(await http.DeleteAsync($"/api/cleanup/{id}"), HttpStatusCode.NotFound);
        await ProblemAsync(await http.PostAsync($"/api/cleanup/run?registrationId={id}", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_registrations_are_400_problems_naming_the_field()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-rest-bad");
        var (app, http) = await StartAsync(redis, sandbox.Settings());
        await using var _ = app;
        using var __ = http;

        var outside = await ProblemAsync(await http.PostAsync("/api/cleanup",
            Json(JsonSerializer.Serialize(new { directory = sandbox.Outside, pattern = "*", maxFiles = 1 }))), HttpStatusCode.BadRequest);
        Assert.Contains("is outside the allowed roots", outside.GetProperty("detail").GetString());

        var negative = await ProblemAsync(await http.PostAsync("/api/cleanup",
            Json(JsonSerializer.Serialize(new { directory = sandbox.Logs, pattern = "*", retentionDays = -1 }))), HttpStatusCode.BadRequest);
        Assert.Equal("cleanup \"retentionDays\" is -1; expected a whole number of days from 0 to 36500", negative.GetProperty("detail").GetString());

        var missing = await ProblemAsync(await http.PostAsync("/api/cleanup", Json("""{"pattern": "*.log", "maxFiles": 2}""")), HttpStatusCode.BadRequest);
        Assert.Equal("cleanup \"directory\" is empty; expected an absolute path to an existing directory", missing.GetProperty("detail").GetString());

        await ProblemAsync(await http.PostAsync("/api/cleanup", Json("""{"directory": "/tmp", "patern": "*"}""")), HttpStatusCode.BadRequest);
        await ProblemAsync(await http.GetAsync("/api/cleanup/bad%20id"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_dashboard_without_allowed_roots_refuses_runs_and_registrations()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-rest-noroots");
        var (app, http) = await StartAsync(redis, new Dictionary<string, string?>());
        await using var _ = app;
        using var __ = http;

        var register = await ProblemAsync(await http.PostAsync("/api/cleanup",
            Json(JsonSerializer.Serialize(new { directory = sandbox.Logs, pattern = "*", maxFiles = 1 }))), HttpStatusCode.BadRequest);
        Assert.Contains("no allowed roots are configured; set Scheduler:Housekeeping:AllowedRoots", register.GetProperty("detail").GetString());
        var run = await ProblemAsync(await http.PostAsync("/api/cleanup/run", null), HttpStatusCode.Conflict);
        Assert.StartsWith("the dashboard has no Scheduler:Housekeeping:AllowedRoots configured", run.GetProperty("detail").GetString());
    }
}
