using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Identity;

/// <summary>POST/PUT/DELETE on a task id over real HTTP (the dashboard on Kestrel) against real Redis.</summary>
public sealed class IdentityRestTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Body(string spec, string message = "hi", int maxRuns = 3, string replace = "") =>
        $$$"""{"task": {"type": "notification", "message": "{{{message}}}"}, "spec": "{{{spec}}}", "options": {"maxRuns": {{{maxRuns}}}{{{(replace.Length > 0 ? ", \"replace\": " + replace : "")}}}}}""";

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static string Outcome(HttpResponseMessage response) => string.Join(",", response.Headers.GetValues("Schedule-Outcome"));

    [Fact]
    public async Task Post_creates_201_then_the_same_body_answers_200_already_scheduled_and_another_409_naming_the_differences()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-id-post");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var http = dashboard.Http;

        var created = await http.PostAsync("/api/tasks/t1/schedule", Json(Body("every 10 minutes")));
        Assert.Equal("t1", (await ReadAsync(created, HttpStatusCode.Created)).GetProperty("id").GetString());
        Assert.Equal("created", Outcome(created));
        var same = await http.PostAsync("/api/tasks/t1/schedule", Json(Body("every 10 minutes")));
        Assert.Equal("every 10 minutes", (await ReadAsync(same, HttpStatusCode.OK)).GetProperty("spec").GetString());
        Assert.Equal("already-scheduled", Outcome(same));

        var conflict = await http.PostAsync("/api/tasks/t1/schedule", Json(Body("every 1 hour", message: "bye", maxRuns: 5)));
        var problem = await ReadAsync(conflict, HttpStatusCode.Conflict);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Schedule conflict", problem.GetProperty("title").GetString());
        Assert.Equal("scheduled", problem.GetProperty("currentStatus").GetString());
        var differences = problem.GetProperty("differences").EnumerateArray().ToList();
        Assert.Equal(["task.message", "spec", "options.maxRuns"], differences.Select(d => d.GetProperty("field").GetString()));
        Assert.Equal("\"every 10 minutes\"", differences[1].GetProperty("current").GetString());
        Assert.Equal("\"every 1 hour\"", differences[1].GetProperty("requested").GetString());
        Assert.Contains("every 1 hour", problem.GetProperty("detail").GetString());
        Assert.Equal("every 10 minutes", (await http.GetFromJsonAsync<JsonElement>("/api/tasks/t1/schedule")).GetProperty("spec").GetString());
    }

    [Fact]
    public async Task Put_creates_or_replaces_in_place_and_post_after_cancel_schedules_anew()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-id-put");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var http = dashboard.Http;

        var created = await http.PutAsync("/api/tasks/t1/schedule", Json(Body("every 10 minutes")));
        var first = await ReadAsync(created, HttpStatusCode.Created);
        Assert.Equal("created", Outcome(created));
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/api/tasks/t1/pause", null)).StatusCode);

        var replaced = await http.PutAsync("/api/tasks/t1/schedule", Json(Body("every 1 hour", message: "bye")));
        var task = await ReadAsync(replaced, HttpStatusCode.OK);
        Assert.Equal("replaced", Outcome(replaced));
        Assert.Equal("every 1 hour", task.GetProperty("spec").GetString());
        Assert.Equal("bye", task.GetProperty("task").GetProperty("message").GetString());
        Assert.Equal("paused", task.GetProperty("status").GetString());
        Assert.Equal(first.GetProperty("createdAt").GetDateTimeOffset(), task.GetProperty("createdAt").GetDateTimeOffset());
        var unchanged = await http.PutAsync("/api/tasks/t1/schedule", Json(Body("every 1 hour", message: "bye")));
        Assert.Equal(HttpStatusCode.OK, unchanged.StatusCode);
        Assert.Equal("already-scheduled", Outcome(unchanged));

        // Unschedule is a cancel: the task stays (GET answers), and POST then schedules it anew.
        Assert.Equal(HttpStatusCode.OK, (await http.DeleteAsync("/api/tasks/t1/schedule")).StatusCode);
        Assert.Equal("cancelled", (await http.GetFromJsonAsync<JsonElement>("/api/tasks/t1/schedule")).GetProperty("status").GetString());
        var anew = await http.PostAsync("/api/tasks/t1/schedule", Json(Body("every 2 hours")));
        var revived = await ReadAsync(anew, HttpStatusCode.Created);
        Assert.Equal("rescheduled", Outcome(anew));
        Assert.Equal("scheduled", revived.GetProperty("status").GetString());
        Assert.Equal("every 2 hours", revived.GetProperty("spec").GetString());
    }

    [Fact]
    public async Task Post_with_replace_true_replaces_in_place_as_the_client_does_and_put_refuses_replace_false_naming_post()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-id-post-replace");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var http = dashboard.Http;
        var first = await ReadAsync(await http.PostAsync("/api/tasks/t1/schedule", Json(Body("every 10 minutes"))), HttpStatusCode.Created);

        var replaced = await http.PostAsync("/api/tasks/t1/schedule", Json(Body("every 1 hour", message: "bye", replace: "true")));
        var task = await ReadAsync(replaced, HttpStatusCode.OK);
        Assert.Equal("replaced", Outcome(replaced));
        Assert.Equal("every 1 hour", task.GetProperty("spec").GetString());
        Assert.Equal("bye", task.GetProperty("task").GetProperty("message").GetString());
        Assert.Equal(first.GetProperty("createdAt").GetDateTimeOffset(), task.GetProperty("createdAt").GetDateTimeOffset());
        // "replace": false is POST's default: another definition is still a conflict, and the hint names both ways to replace.
        var conflict = await ReadAsync(await http.PostAsync("/api/tasks/t1/schedule", Json(Body("every 2 hours", replace: "false"))), HttpStatusCode.Conflict);
        Assert.Contains("\"replace\": true", conflict.GetProperty("hint").GetString());

        // PUT always replaces: a body saying it must not is refused, not ignored, and the answer names the route that does not.
        var refused = await ReadAsync(await http.PutAsync("/api/tasks/t1/schedule", Json(Body("every 2 hours", replace: "false"))), HttpStatusCode.BadRequest);
        Assert.Contains("POST /api/tasks/t1/schedule", refused.GetProperty("detail").GetString());
        Assert.Equal("replace", Assert.Single(refused.GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
        Assert.Equal("every 1 hour", (await http.GetFromJsonAsync<JsonElement>("/api/tasks/t1/schedule")).GetProperty("spec").GetString());
        var put = await http.PutAsync("/api/tasks/t1/schedule", Json(Body("every 2 hours", replace: "true")));
        Assert.Equal("replaced", Outcome(put));
    }

    [Fact]
    public async Task Delete_removes_the_task_for_good_and_both_reads_then_answer_404()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-id-delete");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var http = dashboard.Http;
        await ReadAsync(await http.PostAsync("/api/tasks/t1/schedule", Json(Body("every 10 minutes"))), HttpStatusCode.Created);
        Assert.Equal("t1", (await http.GetFromJsonAsync<JsonElement>("/api/tasks/t1")).GetProperty("id").GetString());

        var deleted = await ReadAsync(await http.DeleteAsync("/api/tasks/t1"), HttpStatusCode.OK);
        Assert.True(deleted.GetProperty("deleted").GetBoolean());

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/tasks/t1/schedule")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/tasks/t1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/tasks/t1/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.DeleteAsync("/api/tasks/t1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.DeleteAsync("/api/tasks/t1/schedule")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.DeleteAsync("/api/tasks/bad%20id")).StatusCode);
        Assert.Empty(await IdentityProbe.TracesAsync(redis, "t1"));
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/tasks/t1/schedule", Json(Body("every 1 hour")))).StatusCode);
    }
}
