using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.FlowControl;

/// <summary>Flow options through the REST API: accepted in the body, shown in the task's JSON, bad ones refused plainly (issue 18).</summary>
public sealed class FlowRestTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Rest_accepts_flow_options_shows_them_in_the_task_and_refuses_a_key_naming_a_field_the_task_lacks()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-rest");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var http = dashboard.Http;
        var created = await http.PostAsync("/api/tasks/mcp-read/schedule", Json("""
            {"task": {"type": "mcp_tool", "serverName": "files", "toolName": "read"}, "spec": "in 1 hour",
             "options": {"concurrency": {"key": "mcp:{serverName}", "limit": 2}, "rateLimit": {"key": "mcp:{serverName}", "count": 5, "per": "1m"}, "priority": "high", "verify": false}}
            """));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var options = (await http.GetFromJsonAsync<JsonElement>("/api/tasks/mcp-read/schedule")).GetProperty("options");
        Assert.Equal("mcp:{serverName}", options.GetProperty("concurrency").GetProperty("key").GetString());
        Assert.Equal(2, options.GetProperty("concurrency").GetProperty("limit").GetInt32());
        Assert.Equal("1m", options.GetProperty("rateLimit").GetProperty("per").GetString());
        Assert.Equal("high", options.GetProperty("priority").GetString());

        var refused = await http.PostAsync("/api/tasks/bad/schedule", Json("""
            {"task": {"type": "mcp_tool", "serverName": "files", "toolName": "read"}, "spec": "in 1 hour",
             "options": {"concurrency": {"key": "mcp:{server}", "limit": 0}, "verify": false}}
            """));
        var raw = await refused.Content.ReadAsStringAsync();
        var body = System.Text.RegularExpressions.Regex.Unescape(raw);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("concurrency.limit is 0; expected 1 to 10000", body);
        Assert.Contains("the task has no field \"server\"", body);
        Assert.DoesNotContain("   at ", body);
        // Each at the form's own field for the policy's part, not at "concurrency" (shown on top, away from the inputs).
        var fields = JsonDocument.Parse(raw).RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString());
        Assert.Equal(["concurrency.limit", "concurrency.key"], fields);
    }
}
