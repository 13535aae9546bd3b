using System.Net;
using System.Text;
using System.Text.Json;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// A body with a field its endpoint does not know, a task without a known "type", or an object without a required
/// field is a 400 at that field saying what is accepted, in the API's words: no .NET type names.
/// </summary>
public sealed class JsonBodyErrorTests
{
    private const string Task = "\"task\": {\"type\": \"notification\", \"message\": \"hi\"}";

    private static readonly string[] Leaks = ["Scheduler.", "System.", ".NET", "discriminator", "polymorphic", "$.", "Path:", "LineNumber"];

    private static async Task<(string Detail, JsonElement Error)> ProblemAsync(InProcessDashboard dashboard, string method, string url, string body)
    {
        var response = await dashboard.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = new StringContent(body.Replace("TASK", Task), Encoding.UTF8, "application/json"),
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        foreach (var leak in Leaks) Assert.DoesNotContain(leak, text);
        var problem = JsonDocument.Parse(text).RootElement;
        return (problem.GetProperty("detail").GetString()!, Assert.Single(problem.GetProperty("errors").EnumerateArray()));
    }

    [Theory]
    [InlineData("POST", "/api/tasks/t1/schedule", """{TASK, "spec": "in 5 minutes", "bogus": 1}""", "task, spec, options, schedule, paused, pauseNote, pauseUntil")]
    [InlineData("POST", "/api/tasks/t1/reschedule", """{"spec": "in 5 minutes", "bogus": 1}""", "spec, timeZone")]
    [InlineData("POST", "/api/tasks/t1/pause", """{"note": "outage", "bogus": 1}""", "note, until")]
    [InlineData("POST", "/api/tasks/t1/backfill", """{"from": "2026-11-01T00:00:00Z", "bogus": 1}""", "from, to, dryRun")]
    [InlineData("POST", "/api/schedules/parse", """{"spec": "every day", "bogus": 1}""", "spec, timeZone, now, count")]
    public async Task An_unknown_top_level_field_is_named_with_the_fields_of_that_body(string method, string url, string body, string fields)
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-json-unknown");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var (detail, error) = await ProblemAsync(dashboard, method, url, body);

        Assert.Equal($"unknown field \"bogus\"; expected one of {fields}", detail);
        Assert.Equal("bogus", error.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("PUT", "/api/tasks/t1/schedule", """{TASK, "spec": "in 1 hour", "options": {"paused": true}}""")]
    [InlineData("POST", "/api/tasks/t1/schedule", """{TASK, "spec": "in 1 hour", "options": {"paused": {"note": "held"}}}""")]
    [InlineData("POST", "/api/debounce", """{TASK, "spec": "in 1 hour", "options": {"debounce": {"key": "d", "window": "5s"}, "paused": true}}""")]
    public async Task A_pause_given_in_the_options_is_refused_pointing_to_the_top_level_field_and_nothing_is_created(string method, string url, string body)
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-json-paused");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var (detail, error) = await ProblemAsync(dashboard, method, url, body);

        Assert.Contains("a pause is not read in the options; give \"paused\": true beside \"options\"", detail);
        // Named as the form names an option's field (FromPath: "maxRuns", not "options.maxRuns").
        Assert.Equal("paused", error.GetProperty("field").GetString());
        Assert.Empty(await redis.CreateClient().ListAsync());
    }

    [Theory]
    [InlineData("POST", """{TASK, "spec": "every day at 9am", "timeZone": "Europe/Paris"}""", "timeZone", "options.timeZone")]
    [InlineData("PUT", """{TASK, "spec": "every day at 9am", "timezone": "Europe/Paris"}""", "timezone", "options.timeZone")]
    [InlineData("POST", """{TASK, "spec": "every day at 9am", "maxRuns": 3}""", "maxRuns", "options.maxRuns")]
    [InlineData("POST", """{"task": {"type": "notification", "message": "hi", "maxRetries": 2}, "spec": "in 5 minutes"}""", "maxRetries", "task.execution.maxRetries")]
    public async Task A_field_one_level_too_high_is_named_with_where_it_belongs(string method, string body, string name, string home)
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-json-home");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var (detail, _) = await ProblemAsync(dashboard, method, "/api/tasks/t1/schedule", body);

        Assert.StartsWith($"unknown field \"{name}\"; expected one of ", detail);
        Assert.EndsWith($"; \"{name}\" belongs in {home}", detail);
    }

    [Theory]
    [InlineData("POST", "/api/tasks/t1/schedule", """{"task": {"message": "hi"}, "spec": "in 5 minutes"}""", "task.type")]
    [InlineData("POST", "/api/tasks/t1/schedule", """{"task": {}, "spec": "in 5 minutes"}""", "task.type")]
    // (A PATCH's task without "type" names fields to change in the stored one: PartialTaskUpdateTests.)
    [InlineData("POST", "/api/tasks/t1/schedule", """{"task": {"type": "sequence", "steps": [{"id": "a", "task": {"message": "x"}}]}, "spec": "in 5 minutes"}""", "task.steps[0].task.type")]
    public async Task A_task_without_a_type_says_type_is_missing_and_lists_the_task_types(string method, string url, string body, string field)
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-json-no-type");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var (detail, error) = await ProblemAsync(dashboard, method, url, body);

        Assert.StartsWith($"{field} is missing; expected one of the task types {string.Join(", ", TaskTypes.Names)}", detail);
        Assert.Equal(field, error.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_task_type_that_does_not_exist_is_named_with_the_task_types_instead_of_an_example()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-json-bad-type");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var (detail, error) = await ProblemAsync(dashboard, "POST", "/api/tasks/t1/schedule", """{"task": {"type": "bogus", "message": "hi"}, "spec": "in 5 minutes"}""");

        Assert.Equal($"task.type \"bogus\" is not a task type; expected one of {string.Join(", ", TaskTypes.Names)}", detail);
        Assert.Equal("task.type", error.GetProperty("field").GetString());
    }

    [Fact]
    public async Task An_object_without_a_required_field_names_it_and_the_objects_fields_by_their_json_names()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-json-required");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var (detail, error) = await ProblemAsync(dashboard, "POST", "/api/tasks/t1/schedule", """{TASK, "schedule": {}}""");

        Assert.Equal("schedule is missing intervalType; expected an object with intervalType (required), intervalValue, nextExecution, cron", detail);
        Assert.Equal("schedule", error.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Malformed_json_in_a_body_other_than_a_schedule_is_answered_with_that_bodys_fields()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-json-malformed");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var (detail, _) = await ProblemAsync(dashboard, "POST", "/api/tasks/t1/pause", """{"note": "outage",""");

        Assert.EndsWith("expected a JSON object with the fields note, until", detail);
    }

    [Fact]
    public async Task A_body_that_is_required_but_missing_or_blank_is_named_as_such_with_what_the_route_takes()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-json-empty");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        // (content, what the detail says of it): none at all (curl -X POST, no Content-Type), empty, blank.
        var cases = new (string Method, string Url, HttpContent? Content, string Said, string Takes)[]
        {
            ("POST", "/api/tasks/t1/schedule", null, "none was sent", "a JSON object such as {\"task\""),
            ("PUT", "/api/tasks/t1/schedule", new StringContent("", Encoding.UTF8, "application/json"), "none was sent", "a JSON object such as {\"task\""),
            ("PATCH", "/api/tasks/t1", new StringContent(" \n ", Encoding.UTF8, "application/json"), "the body sent is blank", "the fields task, spec, name"),
            ("POST", "/api/schedules/parse", new StringContent("\t", Encoding.UTF8, "application/json"), "the body sent is blank", "the fields spec, timeZone, now, count"),
        };
        foreach (var (method, url, content, said, takes) in cases)
        {
            var response = await dashboard.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = content });
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {url}: {response.StatusCode}: {text}");
            var detail = JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString()!;
            Assert.StartsWith($"{method} {url} needs a JSON body and {said}; expected ", detail);
            Assert.Contains(takes, detail);
            Assert.DoesNotContain("JSON tokens", detail);
        }
    }
}
