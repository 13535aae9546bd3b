using System.Net;
using System.Text;
using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// Every 400 lists its problems as <c>errors: [{field, message}]</c>: objects, never bare strings, each with the
/// field it is about (null only for the request as a whole).
/// </summary>
public sealed class ErrorShapeTests
{
    private const string Task = "\"task\": {\"type\": \"notification\", \"message\": \"hi\"}";

    [Theory]
    [InlineData("POST", "/api/cleanup", """{"directory": "relative", "pattern": "a/b", "retentionDays": -1}""", "directory,pattern,retentionDays")]
    [InlineData("POST", "/api/cleanup", """{"directory": "/tmp", "pattern": "*.log"}""", "")]
    [InlineData("GET", "/api/schedules?limit=0", null, "limit")]
    [InlineData("GET", "/api/schedules?offset=-1", null, "offset")]
    [InlineData("GET", "/api/runs/failed?limit=5000", null, "limit")]
    [InlineData("GET", "/api/tasks/t1/runs?limit=0", null, "limit")]
    [InlineData("GET", "/api/tasks/t1/wait?timeoutSeconds=999", null, "timeoutSeconds")]
    [InlineData("GET", "/api/schedules?status=sleeping", null, "status")]
    [InlineData("GET", "/api/audit?action=explode", null, "action")]
    [InlineData("GET", "/api/audit?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", null, "from")]
    [InlineData("POST", "/api/tasks/t2/schedule", """{TASK, "spec": "in 5 minutes", "options": {"concurrency": {"key": "", "limit": 0}}}""", "concurrency.limit,concurrency.key")]
    [InlineData("POST", "/api/tasks/t2/schedule", """{"task": {"type": "shell", "command": ""}, "spec": "every blursday", "options": {"maxRuns": 0}}""", "task.command,maxRuns,spec")]
    [InlineData("POST", "/api/tasks/t1/pause", """{"note": "NOTE", "until": "2000-01-01T00:00:00Z"}""", "note,until")]
    [InlineData("POST", "/api/schedules/pause?bogus=1", null, "bogus")]
    // An unknown field is named by its path, as nested fields are ("task.message"): not "bogus", which is the top level's.
    [InlineData("POST", "/api/tasks/t2/schedule", """{TASK, "spec": "in 5 minutes", "options": {"bogus": 1}}""", "options.bogus")]
    [InlineData("POST", "/api/tasks/t2/schedule", """{TASK, "spec": "in 5 minutes", "options": {"concurrency": {"key": "k", "limit": 1, "bogus": 1}}}""", "options.concurrency.bogus")]
    [InlineData("POST", "/api/tasks/t2/schedule", """{TASK, "spec": "in 5 minutes", "bogus": 1}""", "bogus")]
    [InlineData("POST", "/api/debounce", """{TASK, "spec": "in 5 minutes"}""", "debounce")]
    [InlineData("POST", "/api/tasks/t1/backfill", "{}", "from")]
    [InlineData("POST", "/api/schedules/resume", """{"tag": "nightly"}""", "")]
    public async Task Each_problem_of_a_400_is_an_object_with_its_field_and_message(string method, string url, string? body, string fields)
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-error-shape");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var created = await dashboard.Http.PostAsync("/api/tasks/t1/schedule", new StringContent("{" + Task + ", \"spec\": \"every 1 hour\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
            request.Content = new StringContent(body.Replace("TASK", Task).Replace("NOTE", new string('n', 600)), Encoding.UTF8, "application/json");

        var response = await dashboard.Http.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e =>
        {
            Assert.Equal(JsonValueKind.Object, e.ValueKind);
            Assert.True(e.TryGetProperty("field", out _), $"no field: {e}");
            Assert.False(string.IsNullOrEmpty(e.GetProperty("message").GetString()));
        });
        var expected = fields.Length == 0 ? [null] : fields.Split(',');
        Assert.Equal(expected, errors.Select(e => e.GetProperty("field").GetString()));
    }
}
