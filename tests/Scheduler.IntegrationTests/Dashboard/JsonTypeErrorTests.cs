using System.Net;
using System.Text;
using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>A JSON field of the wrong type gets a 400 naming the field and the JSON type it takes, in the API's words.</summary>
public sealed class JsonTypeErrorTests
{
    // TASK in a body stands for a valid task.
    private const string Task = "\"task\": {\"type\": \"notification\", \"message\": \"hi\"}";

    [Theory]
    [InlineData("POST", """{TASK, "spec": "in 5 minutes", "options": {"maxRuns": "three"}}""", "options.maxRuns", "maxRuns", "a whole number")]
    [InlineData("POST", """{"task": {"type": "notification", "message": 5}, "spec": "in 5 minutes"}""", "task.message", "task.message", "a string")]
    [InlineData("POST", """{TASK, "spec": "in 5 minutes", "options": {"tags": "nightly"}}""", "options.tags", "tags", "an array of strings")]
    [InlineData("POST", """{TASK, "spec": "in 5 minutes", "options": {"endAt": 5}}""", "options.endAt", "endAt", "a date and time")]
    [InlineData("POST", """{TASK, "spec": true}""", "spec", "spec", "a string")]
    [InlineData("POST", """{TASK, "spec": "in 5 minutes", "options": "soon"}""", "options", "options", "an object")]
    [InlineData("PATCH", """{"maxRuns": "three"}""", "maxRuns", "maxRuns", "a whole number")]
    public async Task A_field_of_the_wrong_type_is_named_with_the_type_it_accepts_without_dotnet_type_names(
        string method, string body, string named, string field, string accepted)
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-json-types");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        await dashboard.Http.PostAsync("/api/tasks/typed/schedule", new StringContent("""{TASK, "spec": "every 1 hour"}""".Replace("TASK", Task), Encoding.UTF8, "application/json"));
        var url = method == "PATCH" ? "/api/tasks/typed" : "/api/tasks/bad/schedule";

        var response = await dashboard.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(body.Replace("TASK", Task), Encoding.UTF8, "application/json") });

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        var problem = JsonDocument.Parse(text).RootElement;
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(named, detail);
        Assert.Contains(accepted, detail);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Contains(accepted, error.GetProperty("message").GetString());
        foreach (var leak in new[] { "System.", "Scheduler.", "$.", "Path:", "LineNumber", "Nullable", "   at " })
            Assert.DoesNotContain(leak, text);
    }
}
