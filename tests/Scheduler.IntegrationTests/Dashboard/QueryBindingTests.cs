using System.Net;
using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>A query value an endpoint's parameter cannot take is a 400 at that parameter, saying what it accepts, in the API's words.</summary>
public sealed class QueryBindingTests
{
    [Theory]
    [InlineData("GET", "/api/schedules?limit=abc", "limit", "limit \"abc\" is not accepted", "a whole number 1-1000")]
    [InlineData("GET", "/api/schedules?offset=99999999999", "offset", "offset \"99999999999\" is not accepted", "a whole number 0-2147483647")]
    [InlineData("GET", "/api/schedules?recurring=maybe", "recurring", "recurring \"maybe\" is not accepted", "true or false")]
    [InlineData("GET", "/api/schedules?limit=1&limit=2", "limit", "limit is given 2 times (\"1\", \"2\")", "expected it once, a whole number 1-1000")]
    [InlineData("GET", "/api/audit?from=xyz", "from", "from \"xyz\" is not accepted", "an ISO 8601 date and time")]
    [InlineData("GET", "/api/runs/failed?limit=ten", "limit", "limit \"ten\" is not accepted", "a whole number 1-1000")]
    [InlineData("GET", "/api/tasks/t1/occurrences?count=1.5", "count", "count \"1.5\" is not accepted", "a whole number 1-100")]
    [InlineData("GET", "/api/tasks/t1/wait?timeoutSeconds=soon", "timeoutSeconds", "timeoutSeconds \"soon\" is not accepted", "a number of seconds 0-300")]
    [InlineData("POST", "/api/cleanup/run?dryRun=yes", "dryRun", "dryRun \"yes\" is not accepted", "true or false")]
    [InlineData("GET", "/api/events?type=%5B", "type", "event type pattern \"[\" has a character other than", "expected e.g. task.*")]
    [InlineData("GET", "/api/tasks/t1/events?type=%5B", "type", "event type pattern \"[\" has a character other than", "expected e.g. task.*")]
    [InlineData("GET", "/api/events?lastEventId=garbage", "lastEventId", "lastEventId \"garbage\" is not accepted", "such as 1732363200000-0, or 0 to replay")]
    public async Task A_query_value_that_does_not_bind_is_a_400_naming_the_parameter_the_value_and_what_is_accepted(
        string method, string url, string field, string named, string accepted)
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-query-binding");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var response = await dashboard.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        var problem = JsonDocument.Parse(text).RootElement;
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.StartsWith(named, detail);
        Assert.Contains(accepted, detail);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Equal(detail, error.GetProperty("message").GetString());
        foreach (var leak in new[] { "Nullable", "<int>", "<bool>", "DateTimeOffset", "Failed to bind", "System." })
            Assert.DoesNotContain(leak, text);
    }

    [Fact]
    public async Task A_long_value_that_does_not_bind_is_quoted_back_cut_short()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-query-long");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var response = await dashboard.Http.GetAsync("/api/schedules?limit=" + new string('x', 3000));

        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("limit \"" + new string('x', 100) + "…\" is not accepted", detail);
    }
}
