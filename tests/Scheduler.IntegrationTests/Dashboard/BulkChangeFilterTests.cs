using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// A bulk cancel, pause or resume with a filter given but empty ("?name=", a URL built from an empty variable) is
/// refused: read as "name contains nothing" it matched, and changed, every task. No filter at all still means all.
/// </summary>
public sealed class BulkChangeFilterTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("/api/schedules/cancel?name=", "name")]
    [InlineData("/api/schedules/pause?name=", "name")]
    [InlineData("/api/schedules/resume?name=%20", "name")]
    [InlineData("/api/schedules/cancel?tag=", "tag")]
    [InlineData("/api/schedules/cancel?type=&recurring=true", "type")]
    [InlineData("/api/schedules/pause?module=", "module")]
    public async Task A_bulk_change_with_an_empty_filter_is_refused_and_changes_no_task(string url, string parameter)
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-bulk-empty");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var http = dashboard.Http;
        await http.PostAsync("/api/tasks/kept/schedule", Json("""{"task": {"type": "notification", "message": "hi"}, "spec": "every 1 hour", "options": {"name": "kept"}}"""));
        await http.PostAsync("/api/tasks/held/schedule", Json("""{"task": {"type": "notification", "message": "hi"}, "spec": "every 1 hour", "options": {"name": "held"}}"""));
        await http.PostAsync("/api/tasks/held/pause", null);

        var response = await http.PostAsync(url, null);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {response.StatusCode}: {body}");
        Assert.Contains($"the filter \\\"{parameter}\\\" is empty", body);
        Assert.Equal("scheduled", (await http.GetFromJsonAsync<JsonElement>("/api/tasks/kept")).GetProperty("status").GetString());
        Assert.Equal("paused", (await http.GetFromJsonAsync<JsonElement>("/api/tasks/held")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("/api/schedules/cancel?type=bogus")]
    [InlineData("/api/schedules/pause?type=bogus")]
    [InlineData("/api/schedules/resume?type=bogus")]
    public async Task A_bulk_change_by_a_type_that_is_no_task_type_is_refused_listing_the_types(string url)
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-bulk-type");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var response = await dashboard.Http.PostAsync(url, null);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {response.StatusCode}: {body}");
        Assert.Contains("is not a task type", body);
        Assert.Contains("notification", body);
    }

    [Fact]
    public async Task A_bulk_cancel_without_any_filter_still_cancels_every_live_task()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-bulk-all");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var http = dashboard.Http;
        await http.PostAsync("/api/tasks/a/schedule", Json("""{"task": {"type": "notification", "message": "hi"}, "spec": "every 1 hour"}"""));
        await http.PostAsync("/api/tasks/b/schedule", Json("""{"task": {"type": "notification", "message": "hi"}, "spec": "every 1 hour"}"""));

        var cancelled = await (await http.PostAsync("/api/schedules/cancel", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(2, cancelled.GetProperty("cancelled").GetInt32());
    }
}
