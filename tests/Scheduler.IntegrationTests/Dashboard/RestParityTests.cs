using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// The REST side of issue 22 §5 and §6 over real HTTP and Redis: reschedule, PATCH of queue and module, cancel of many
/// with a count, "pending", the "already ended" answer, and the caller recorded as createdBy/changedBy.
/// </summary>
public sealed class RestParityTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Body(string spec, string options = "{}") =>
        $$"""{"task": {"type": "notification", "message": "hi"}, "spec": "{{spec}}", "options": {{options}}}""";

    private static async Task<JsonElement> GetAsync(HttpClient http, string id) =>
        await http.GetFromJsonAsync<JsonElement>($"/api/tasks/{id}/schedule");

    [Fact]
    public async Task Reschedule_keeps_the_task_and_cancel_of_an_ended_task_answers_200_already_ended()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-reschedule");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var http = dashboard.Http;
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/tasks/r1/schedule", Json(Body("every 10 minutes", """{"tags": ["x"]}""")))).StatusCode);

        var moved = await http.PostAsync("/api/tasks/r1/reschedule", Json("""{"spec": "every day at 6am", "timeZone": "Europe/Berlin"}"""));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var task = await moved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("r1", "every day at 6am", "Europe/Berlin"), (task.GetProperty("id").GetString(), task.GetProperty("spec").GetString(),
            task.GetProperty("schedule").GetProperty("timeZone").GetString()));
        Assert.Equal("x", task.GetProperty("options").GetProperty("tags")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/api/tasks/r1/reschedule", Json("""{"spec": "every munday"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/api/tasks/r1/reschedule", Json("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/api/tasks/nope/reschedule", Json("""{"spec": "every day"}"""))).StatusCode);

        var cancelled = await (await http.DeleteAsync("/api/tasks/r1/schedule")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(cancelled.GetProperty("cancelled").GetBoolean());
        var again = await http.DeleteAsync("/api/tasks/r1/schedule");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var answer = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((false, "cancelled", "already ended"),
            (answer.GetProperty("cancelled").GetBoolean(), answer.GetProperty("status").GetString(), answer.GetProperty("reason").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsync("/api/tasks/r1/reschedule", Json("""{"spec": "every day"}"""))).StatusCode);
    }

    [Fact]
    public async Task Cancel_many_returns_the_count_with_the_list_filters_and_pending_is_scheduled()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-cancel-all");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var http = dashboard.Http;
        await http.PostAsync("/api/tasks/b1/schedule", Json(Body("every 5 minutes", """{"moduleId": "billing"}""")));
        await http.PostAsync("/api/tasks/b2/schedule", Json(Body("in 1 hour", """{"moduleId": "billing"}""")));
        await http.PostAsync("/api/tasks/o1/schedule", Json(Body("every 5 minutes", """{"moduleId": "ops", "tags": ["keep"]}""")));
        await http.PostAsync("/api/tasks/o1/pause", null);

        Assert.Equal(2, (await http.GetFromJsonAsync<JsonElement>("/api/schedules?status=pending")).GetArrayLength());
        Assert.Equal(2, (await http.GetFromJsonAsync<JsonElement>("/api/schedules?status=Pending&module=billing")).GetArrayLength());
        var bad = await http.GetAsync("/api/schedules?status=sleeping");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("scheduled (or pending)", await bad.Content.ReadAsStringAsync());

        var oneShots = await http.PostAsync("/api/schedules/cancel?module=billing&recurring=false", null);
        Assert.Equal(1, (await oneShots.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cancelled").GetInt32());
        Assert.Equal("cancelled", (await GetAsync(http, "b2")).GetProperty("status").GetString());
        Assert.Equal("scheduled", (await GetAsync(http, "b1")).GetProperty("status").GetString());
        var pending = await http.PostAsync("/api/schedules/cancel?status=pending", null);
        Assert.Equal(1, (await pending.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cancelled").GetInt32());
        Assert.Equal("paused", (await GetAsync(http, "o1")).GetProperty("status").GetString());
        var rest = await http.PostAsync("/api/schedules/cancel", null);
        Assert.Equal(1, (await rest.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cancelled").GetInt32());
    }

    [Fact]
    public async Task Patch_changes_queue_and_module()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-patch");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        await dashboard.Http.PostAsync("/api/tasks/p1/schedule", Json(Body("every 5 minutes")));
        var patched = await dashboard.Http.PatchAsync("/api/tasks/p1", Json("""{"queue": "critical", "moduleId": "billing", "description": "d"}"""));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var options = (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("options");
        Assert.Equal(("critical", "billing"), (options.GetProperty("queue").GetString(), options.GetProperty("moduleId").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await dashboard.Http.PatchAsync("/api/tasks/p1", Json("""{"queue": "Not A Queue"}"""))).StatusCode);
    }

    [Fact]
    public async Task The_caller_is_recorded_local_on_loopback_else_the_basic_auth_user_or_the_api_key_name()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-actor");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, RemoteCaller.Access());
        var http = dashboard.Http;

        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/tasks/a1/schedule", Json(Body("every 5 minutes")))).StatusCode);
        var created = await GetAsync(http, "a1");
        Assert.Equal("local", created.GetProperty("createdBy").GetString());
        Assert.False(created.TryGetProperty("changedBy", out _));

        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(RemoteCaller.AsUser(HttpMethod.Post, "/api/tasks/a1/pause"))).StatusCode);
        var paused = await GetAsync(http, "a1");
        Assert.Equal("ops", paused.GetProperty("changedBy").GetString());
        Assert.True(paused.GetProperty("changedAt").GetDateTimeOffset() > created.GetProperty("createdAt").GetDateTimeOffset().AddSeconds(-1));

        Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(RemoteCaller.WithKey(HttpMethod.Post, "/api/tasks/a2/schedule", Json(Body("in 1 hour"))))).StatusCode);
        Assert.Equal("deploy-bot", (await GetAsync(http, "a2")).GetProperty("createdBy").GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(RemoteCaller.WithKey(HttpMethod.Delete, "/api/tasks/a1/schedule"))).StatusCode);
        Assert.Equal("deploy-bot", (await GetAsync(http, "a1")).GetProperty("changedBy").GetString());

        Assert.Equal(HttpStatusCode.OK, (await http.PatchAsync("/api/tasks/a2", Json("""{"description": "x"}"""))).StatusCode);
        Assert.Equal("local", (await GetAsync(http, "a2")).GetProperty("changedBy").GetString());
        var detail = await http.GetStringAsync("/scheduler/schedules/a1");
        Assert.Matches("data-testid=\"detail-created\">[^<]* by local<", detail);
        Assert.Matches("data-testid=\"detail-changed\">[^<]* by deploy-bot<", detail);
    }
}
