using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>GET /api/schedules?q= searched in Redis, paged on the server, and the field each validation problem names.</summary>
public sealed class ScheduleSearchApiTests
{
    private static async Task<string[]> IdsAsync(HttpClient http, string query)
    {
        var response = await http.GetAsync("/api/schedules?" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /api/schedules?{query}: {(int)response.StatusCode} {body}");
        return [.. JsonDocument.Parse(body).RootElement.EnumerateArray().Select(t => t.GetProperty("id").GetString()!)];
    }

    private static string Q(string text) => "q=" + Uri.EscapeDataString(text);

    [Fact]
    public async Task Search_matches_name_id_tag_type_status_and_spec_and_pages_on_the_server()
    {
        await using var redis = await RedisTestContext.CreateAsync("search-api");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        // Newest first is creation order; on a fast machine two creations share a millisecond, so the clock moves by hand.
        var time = new ManualTime(DateTimeOffset.UtcNow);
        var client = redis.CreateClient(time);
        await client.ScheduleAsync(new NotificationTask("hi"), "every 5 minutes", new ScheduleOptions { Id = "invoice-sync", Name = "Invoice sync", Tags = ["billing"] });
        time.Advance(TimeSpan.FromSeconds(1));
        await client.ScheduleAsync(new ShellTask("pg_dump"), "cron:0 2 * * *", new ScheduleOptions { Id = "db-backup", Name = "Nightly backup", Tags = ["ops"] });
        time.Advance(TimeSpan.FromSeconds(1));
        await client.ScheduleAsync(new NotificationTask("hi"), "every monday at 9am", new ScheduleOptions { Id = "report-weekly", Name = "Weekly report", Tags = ["reports"] });
        await client.PauseAsync("report-weekly");
        var http = dashboard.Http;

        Assert.Equal(["invoice-sync"], await IdsAsync(http, Q("INVOICE")));          // name, any case
        Assert.Equal(["db-backup"], await IdsAsync(http, Q("db-back")));             // id
        Assert.Equal(["db-backup"], await IdsAsync(http, Q("ops")));                 // tag
        Assert.Equal(["db-backup"], await IdsAsync(http, Q("shell")));               // task type
        Assert.Equal(["report-weekly"], await IdsAsync(http, Q("paused")));          // status
        Assert.Equal(["db-backup"], await IdsAsync(http, Q("cron:0 2")));            // spec
        Assert.Equal(["report-weekly"], await IdsAsync(http, Q("monday report")));   // every term
        Assert.Empty(await IdsAsync(http, Q("monday backup")));
        Assert.Equal(["report-weekly"], await IdsAsync(http, Q("notification") + "&status=paused"));
        Assert.Equal(["invoice-sync"], await IdsAsync(http, Q("notification") + "&status=scheduled&tag=BILLING"));

        // Newest first, a page at a time, with a filter as without.
        Assert.Equal(["report-weekly"], await IdsAsync(http, Q("notification") + "&limit=1"));
        Assert.Equal(["invoice-sync"], await IdsAsync(http, Q("notification") + "&limit=1&offset=1"));
        Assert.Empty(await IdsAsync(http, Q("notification") + "&limit=1&offset=2"));
        Assert.Equal(["db-backup"], await IdsAsync(http, "limit=1&offset=1"));

        // Failing now: the last run failed.
        await redis.Redis.GetDatabase().HashSetAsync(redis.KeyPrefix + "task:invoice-sync", "lastOutcome", "failed");
        Assert.Equal(["invoice-sync"], await IdsAsync(http, "outcome=failed"));
        var badOutcome = await http.GetAsync("/api/schedules?outcome=broken");
        Assert.Equal(HttpStatusCode.BadRequest, badOutcome.StatusCode);
        Assert.Contains("succeeded, failed", await badOutcome.Content.ReadAsStringAsync());

        // A record stored before the searchable text existed is still found (checked in full instead).
        await redis.Redis.GetDatabase().HashDeleteAsync(redis.KeyPrefix + "task:db-backup", "search");
        Assert.Equal(["db-backup"], await IdsAsync(http, Q("backup")));
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/schedules?" + Q(new string('x', 201)))).StatusCode);
    }

    [Fact]
    public async Task Validation_problems_name_the_request_field_they_are_about()
    {
        await using var redis = await RedisTestContext.CreateAsync("search-fields");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        async Task<JsonElement> ErrorsAsync(string url, string body)
        {
            var response = await dashboard.Http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        }

        var spec = await ErrorsAsync("/api/tasks/f1/schedule", """{"task": {"type": "notification", "message": "hi"}, "spec": "every blue moon"}""");
        Assert.Equal("spec", spec[0].GetProperty("field").GetString());
        var task = await ErrorsAsync("/api/tasks/f1/schedule", """{"task": {"type": "notification", "message": ""}, "spec": "in 1 hour", "options": {"maxRuns": 0}}""");
        Assert.Equal(["task.message", "maxRuns"], task.EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        var zone = await ErrorsAsync("/api/schedules/parse", """{"spec": "every day at 6am", "timeZone": "Europe/Berlinn"}""");
        Assert.Equal("timeZone", zone[0].GetProperty("field").GetString());
        var json = await ErrorsAsync("/api/tasks/f1/schedule", """{"task": {"type": "notification", "message": "hi"}, "spec": "in 1 hour", "options": {"endAt": "soon"}}""");
        Assert.Equal("endAt", json[0].GetProperty("field").GetString());
    }
}
