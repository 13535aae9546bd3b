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
    [InlineData("POST", """{TASK, "spec": "in 5 minutes", "options": {"maxRuns": "three"}}""", "options.maxRuns", "maxRuns", "a whole number", "the string \"three\"")]
    [InlineData("POST", """{"task": {"type": "notification", "message": 5}, "spec": "in 5 minutes"}""", "task.message", "task.message", "a string", "the number 5")]
    [InlineData("POST", """{TASK, "spec": "in 5 minutes", "options": {"tags": "nightly"}}""", "options.tags", "tags", "an array of strings", "the string \"nightly\"")]
    [InlineData("POST", """{TASK, "spec": "in 5 minutes", "options": {"endAt": 5}}""", "options.endAt", "endAt", "a date and time", "the number 5")]
    [InlineData("POST", """{TASK, "spec": true}""", "spec", "spec", "a string", "true")]
    [InlineData("POST", """{TASK, "spec": "in 5 minutes", "options": "soon"}""", "options", "options", "an object", "the string \"soon\"")]
    [InlineData("PATCH", """{"maxRuns": "three"}""", "maxRuns", "maxRuns", "a whole number", "the string \"three\"")]
    // Option fields that were accepted silently: "replace" was skipped unread whatever its type, numbers were read from
    // strings, and a duration that was no string was reported as "".
    [InlineData("POST", """{TASK, "spec": "in 5 minutes", "options": {"replace": "yes"}}""", "options.replace", "replace", "true or false", "the string \"yes\"")]
    [InlineData("PUT", """{TASK, "spec": "in 5 minutes", "options": {"replace": 1}}""", "options.replace", "replace", "true or false", "the number 1")]
    [InlineData("POST", """{TASK, "spec": "in 5 minutes", "options": {"maxRuns": "5"}}""", "options.maxRuns", "maxRuns", "a whole number", "the string \"5\"")]
    [InlineData("POST", """{TASK, "spec": "in 5 minutes", "options": {"concurrency": {"key": "k", "limit": "2"}}}""", "options.concurrency.limit", "concurrency.limit", "a whole number", "the string \"2\"")]
    [InlineData("POST", """{TASK, "spec": "in 5 minutes", "options": {"idempotencyWindow": 5}}""", "options.idempotencyWindow", "idempotencyWindow", "hh:mm:ss", "the number 5")]
    [InlineData("POST", """{TASK, "spec": "in 5 minutes", "options": {"runIfPast": "yes"}}""", "options.runIfPast", "runIfPast", "true or false", "the string \"yes\"")]
    [InlineData("PATCH", """{"maxRuns": "5"}""", "maxRuns", "maxRuns", "a whole number", "the string \"5\"")]
    public async Task A_field_of_the_wrong_type_is_named_with_the_type_it_accepts_without_dotnet_type_names(
        string method, string body, string named, string field, string accepted, string given)
    {
        var (text, problem) = await RefusedAsync("rest-json-types", method, body);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(named, detail);
        Assert.Contains(accepted, detail);
        Assert.Contains(given, detail);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Contains(accepted, error.GetProperty("message").GetString());
        foreach (var leak in new[] { "System.", "Scheduler.", "$.", "Path:", "LineNumber", "Nullable", "   at " })
            Assert.DoesNotContain(leak, text);
    }

    [Theory]
    [InlineData("POST", """{TASK, "spec": "in 5 minutes", "options": {"maxRuns": 99999999999}}""", "options.maxRuns", "maxRuns", "the number 99999999999", "of at most 2147483647")]
    [InlineData("POST", """{TASK, "spec": "in 5 minutes", "options": {"maxRuns": -99999999999}}""", "options.maxRuns", "maxRuns", "the number -99999999999", "of at least -2147483648")]
    [InlineData("POST", """{TASK, "spec": "in 5 minutes", "options": {"concurrency": {"key": "k", "limit": 1e12}}}""", "options.concurrency.limit", "concurrency.limit", "the number 1e12", "of at most 2147483647")]
    [InlineData("PATCH", """{"maxRuns": 99999999999}""", "maxRuns", "maxRuns", "the number 99999999999", "of at most 2147483647")]
    public async Task A_whole_number_out_of_range_is_named_out_of_range_with_its_bound_not_as_the_wrong_type(
        string method, string body, string named, string field, string given, string bound)
    {
        var (_, problem) = await RefusedAsync("rest-json-range", method, body);
        Assert.Equal($"{named} is out of range; {given} was given; expected a whole number {bound}", problem.GetProperty("detail").GetString());
        Assert.Equal(field, Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
    }

    [Theory]
    // The spec preview, a cleanup registration and a backfill: bodies besides a task's options and PATCH.
    [InlineData("/api/schedules/parse", """{"spec": "every day at 9am", "count": "5"}""", "count", "a whole number", "the string \"5\"")]
    [InlineData("/api/cleanup", """{"directory": "/tmp/x", "pattern": "*.log", "retentionDays": "30"}""", "retentionDays", "a whole number", "the string \"30\"")]
    [InlineData("/api/tasks/typed/backfill", """{"from": "2026-11-01T00:00:00Z", "dryRun": "true"}""", "dryRun", "true or false", "the string \"true\"")]
    public async Task Every_other_body_refuses_a_number_given_as_a_string_naming_the_field_over_http(string url, string body, string field, string accepted, string given)
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-json-bodies");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var response = await dashboard.Http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        var problem = JsonDocument.Parse(text).RootElement;
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains($"{field} has the wrong type", detail);
        Assert.Contains(accepted, detail);
        Assert.Contains(given, detail);
        Assert.Equal(field, Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Replace_given_as_a_string_schedules_nothing_and_a_boolean_is_accepted()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-json-replace");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        StringContent Body(string replace) =>
            new("{" + Task + ", \"spec\": \"every 1 hour\", \"options\": {\"replace\": " + replace + "}}", Encoding.UTF8, "application/json");

        var refused = await dashboard.Http.PostAsync("/api/tasks/replaced/schedule", Body("\"yes\""));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Http.GetAsync("/api/tasks/replaced/schedule")).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await dashboard.Http.PostAsync("/api/tasks/replaced/schedule", Body("true"))).StatusCode);
    }

    // A task "typed" exists (for PATCH); the body goes to it or, for POST and PUT, to a new task "bad": a 400 is expected.
    [Theory]
    [InlineData("POST", """{"task": {"type": "shell", "command": "env", "command": "rm"}, "spec": "in 5 minutes"}""", "field \"command\" is given twice at task")]
    [InlineData("POST", """{"task": {"type": "shell", "command": "env", "environment": {"A": "1", "A": "2"}}, "spec": "in 5 minutes"}""", "field \"A\" is given twice")]
    [InlineData("PATCH", """{"maxRuns": 3, "maxRuns": 5}""", "field \"maxRuns\" is given twice")]
    public async Task A_field_given_twice_is_refused_rather_than_the_last_kept(string method, string body, string said)
    {
        var (text, problem) = await RefusedAsync("rest-json-twice", method, body);
        Assert.Contains(said, problem.GetProperty("detail").GetString());
        Assert.Contains("expected each field once", text);
    }

    private static async Task<(string Text, JsonElement Problem)> RefusedAsync(string redisName, string method, string body)
    {
        await using var redis = await RedisTestContext.CreateAsync(redisName);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        await dashboard.Http.PostAsync("/api/tasks/typed/schedule", new StringContent("""{TASK, "spec": "every 1 hour"}""".Replace("TASK", Task), Encoding.UTF8, "application/json"));
        var url = method == "PATCH" ? "/api/tasks/typed" : "/api/tasks/bad/schedule";

        var response = await dashboard.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(body.Replace("TASK", Task), Encoding.UTF8, "application/json") });

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        return (text, JsonDocument.Parse(text).RootElement.Clone());
    }
}
