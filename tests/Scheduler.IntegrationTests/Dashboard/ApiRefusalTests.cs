using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// Requests that would have stored or stamped nothing useful are refused with a problem that says what is accepted:
/// an empty name or module, a PATCH that changes nothing, a body over the size limit.
/// </summary>
public sealed class ApiRefusalTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private const string Task = "\"task\": {\"type\": \"notification\", \"message\": \"hi\"}";

    /// <summary>A notification body with <paramref name="spec"/> and, when given, the JSON of its options.</summary>
    private static StringContent Schedule(string spec, string? options = null) =>
        Json("{" + Task + ", \"spec\": \"" + spec + "\"" + (options is null ? "" : ", \"options\": " + options) + "}");

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }

    [Theory]
    [InlineData("name", "\"\"", "expected 1 to 200 characters")]
    [InlineData("name", "\" \"", "expected 1 to 200 characters")]
    [InlineData("moduleId", "\"\"", "expected the owning module's name")]
    public async Task An_empty_name_or_module_is_refused_on_schedule_naming_the_field_and_left_out_it_still_schedules(string field, string value, string accepted)
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-empty-option");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var refused = await dashboard.Http.PostAsync("/api/tasks/e1/schedule", Schedule("in 1 hour", $"{{\"{field}\": {value}}}"));

        var problem = await ProblemAsync(refused, HttpStatusCode.BadRequest);
        Assert.Contains($"{field} is empty; {accepted}", problem.GetProperty("detail").GetString());
        Assert.Equal(field, Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
        Assert.Empty(await redis.CreateClient().ListAsync());
        var created = await dashboard.Http.PostAsync("/api/tasks/e1/schedule", Schedule("in 1 hour"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("notification: in 1 hour, once at ", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("name")]
    [InlineData("moduleId")]
    public async Task An_empty_name_or_module_in_a_patch_is_refused_and_the_task_keeps_its_own(string field)
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-empty-patch-field");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        await dashboard.Http.PostAsync("/api/tasks/e2/schedule", Schedule("every 1 hour", """{"name": "kept", "moduleId": "billing"}"""));

        var problem = await ProblemAsync(await dashboard.Http.PatchAsync("/api/tasks/e2", Json($$"""{"{{field}}": ""}""")), HttpStatusCode.BadRequest);

        Assert.StartsWith($"{field} is empty", problem.GetProperty("detail").GetString());
        Assert.Equal(field, Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
        var task = (await redis.CreateClient().GetAsync("e2"))!;
        Assert.Equal(("kept", "billing"), (task.Name, task.Options.ModuleId));
        Assert.Null(task.ChangedAt);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"name": null, "tags": null}""")]
    public async Task A_patch_that_changes_nothing_is_400_naming_the_fields_it_takes_and_stamps_nothing(string body)
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-empty-patch");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        await dashboard.Http.PostAsync("/api/tasks/r1/schedule", Schedule("every 1 hour"));

        var problem = await ProblemAsync(await dashboard.Http.PatchAsync("/api/tasks/r1", Json(body)), HttpStatusCode.BadRequest);

        var detail = problem.GetProperty("detail").GetString()!;
        Assert.StartsWith("nothing to change; expected at least one of ", detail);
        foreach (var field in new[] { "task", "spec", "name", "description", "timeZone", "maxRuns", "tags", "moduleId", "priority" })
            Assert.Contains(field, detail);
        Assert.Equal(JsonValueKind.Null, Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("field").ValueKind);
        var task = (await redis.CreateClient().GetAsync("r1"))!;
        Assert.Null(task.ChangedAt);
        Assert.Null(task.ChangedBy);
        Assert.Empty((await redis.CreateClient().GetAuditAsync(new() { TaskId = "r1", Action = "update" })).Entries);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_request_too_large_naming_the_limit()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-too-large");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var huge = "{\"task\": {\"type\": \"notification\", \"message\": \"" + new string('x', 2 * 1024 * 1024) + "\"}, \"spec\": \"in 1 hour\"}";

        var problem = await ProblemAsync(await dashboard.Http.PostAsync("/api/tasks/big/schedule", Json(huge)), HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal("Request too large", problem.GetProperty("title").GetString());
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Contains("limit of 1 MB (1048576 bytes)", problem.GetProperty("detail").GetString());
        Assert.Empty(await redis.CreateClient().ListAsync());
    }
}
