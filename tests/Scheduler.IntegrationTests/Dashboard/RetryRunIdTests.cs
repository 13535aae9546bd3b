using System.Net;
using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>A retry of something that is no run id is a bad request at runId, and a long value is quoted back cut short.</summary>
public sealed class RetryRunIdTests
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {text}");
        Assert.True(text.Length < 1000, $"{text.Length} characters: {text[..200]}…");
        return JsonDocument.Parse(text).RootElement;
    }

    [Theory]
    [InlineData("x")]
    [InlineData("t1:")]
    [InlineData(":5")]
    [InlineData("a%2Ab:5")]
    public async Task A_run_id_without_a_task_id_and_an_instant_is_a_400_at_runId_not_a_409(string runId)
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-retry-malformed");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var problem = await ProblemAsync(await dashboard.Http.PostAsync($"/api/runs/{runId}/retry", null), HttpStatusCode.BadRequest);

        Assert.Contains($"runId \"{Uri.UnescapeDataString(runId)}\" is not a run id; expected \"<taskId>:<instant>\"", problem.GetProperty("detail").GetString());
        Assert.Equal("runId", Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_3000_character_run_id_is_quoted_back_as_its_first_100_characters()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-retry-long");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var malformed = await ProblemAsync(await dashboard.Http.PostAsync($"/api/runs/{new string('a', 3000)}/retry", null), HttpStatusCode.BadRequest);
        Assert.StartsWith($"runId \"{new string('a', 100)}…\" is not a run id", malformed.GetProperty("detail").GetString());

        // Well-formed but no failed run: the 409 quotes it cut short too.
        var refused = await ProblemAsync(await dashboard.Http.PostAsync($"/api/runs/t1:{new string('7', 3000)}/retry", null), HttpStatusCode.Conflict);
        Assert.StartsWith($"run t1:{new string('7', 97)}… cannot be retried", refused.GetProperty("detail").GetString());
    }
}
