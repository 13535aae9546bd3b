using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scheduler.Contracts.Storage;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.FlowControl;

/// <summary>Debounce through REST and flow policies on the schedule's page (issue 18 §4, §5).</summary>
public sealed class DebounceRestTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static StringContent Digest(string message) => Json($$$"""
        {"task": {"type": "notification", "message": "{{{message}}}"}, "spec": "in 1 second",
         "options": {"debounce": {"key": "digest", "window": "1m"}, "verify": false}}
        """);

    [Fact]
    public async Task Rest_collapses_debounced_requests_into_the_pending_task_and_its_page_shows_the_policy()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-debounce-rest");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var http = dashboard.Http;
        var first = await http.PostAsync("/api/debounce", Digest("one"));
        Assert.True(first.StatusCode == HttpStatusCode.Created, $"{first.StatusCode}: {await first.Content.ReadAsStringAsync()}");
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var second = await http.PostAsync("/api/debounce", Digest("two"));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(id, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        var stored = await http.GetFromJsonAsync<JsonElement>($"/api/tasks/{id}/schedule");
        Assert.Equal("two", stored.GetProperty("task").GetProperty("message").GetString());
        Assert.Equal("1m", stored.GetProperty("options").GetProperty("debounce").GetProperty("window").GetString());

        var page = await http.GetStringAsync($"/scheduler/schedules/{id}");
        Assert.Contains("data-testid=\"detail-debounce\">key &quot;digest&quot;, window 1m<", page);

        var refused = await http.PostAsync("/api/debounce", Json("""
            {"task": {"type": "notification", "message": "x"}, "spec": "every 5 minutes", "options": {"debounce": {"key": "d", "window": "50ms"}, "verify": false}}
            """));
        var body = System.Text.RegularExpressions.Regex.Unescape(await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("debounce.window is 50ms; expected 100ms to 1d", body);
        Assert.DoesNotContain("   at ", body);
    }

    [Fact]
    public async Task The_schedule_page_shows_concurrency_rate_limit_priority_and_what_a_run_waits_for()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-page");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var created = await dashboard.Http.PostAsync("/api/tasks/backup/schedule", Json("""
            {"task": {"type": "notification", "message": "nightly"}, "spec": "every day at 2am",
             "options": {"concurrency": {"key": "backups", "limit": 1}, "rateLimit": {"key": "backups", "count": 5, "per": "1m"},
                         "priority": "high", "verify": false}}
            """));
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{created.StatusCode}: {await created.Content.ReadAsStringAsync()}");

        // One run holds the key's only slot, so the next one of this task waits: the gate writes that on the task.
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var keys = new FlowKeys("backups", 1, null, 0, TimeSpan.Zero);
        Assert.True((await store.PassFlowGateAsync("backup:1", "backup", keys, "job-1", "default", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(3), false)).Go);
        Assert.False((await store.PassFlowGateAsync("backup:2", "backup", keys, "job-2", "default", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(3), false)).Go);

        var page = await dashboard.Http.GetStringAsync("/scheduler/schedules/backup");
        Assert.Contains("data-testid=\"detail-concurrency\">at most 1 at once per key &quot;backups&quot;<", page);
        Assert.Contains("data-testid=\"detail-rate-limit\">at most 5 starts per 1m per key &quot;backups&quot;<", page);
        Assert.Contains("data-testid=\"detail-priority\">high<", page);
        Assert.Matches("data-testid=\"detail-waiting\">for concurrency backups since [^<]+, 1 waiting for it<", page);

        // PATCH changes the flow options like the others.
        var patched = await dashboard.Http.PatchAsync("/api/tasks/backup", Json("""
            {"concurrency": {"key": "backups", "limit": 3}, "rateLimit": {"key": "backups", "count": 10, "per": "1h"}, "priority": "low"}
            """));
        Assert.True(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync());
        var options = (await dashboard.Http.GetFromJsonAsync<JsonElement>("/api/tasks/backup/schedule")).GetProperty("options");
        Assert.Equal(3, options.GetProperty("concurrency").GetProperty("limit").GetInt32());
        Assert.Equal("1h", options.GetProperty("rateLimit").GetProperty("per").GetString());
        Assert.Equal("low", options.GetProperty("priority").GetString(), ignoreCase: true);
    }
}
