using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>A type filter that names no task type is refused alike by the schedule list and the failed runs, instead of matching nothing.</summary>
public sealed class TaskTypeFilterTests
{
    [Fact]
    public async Task A_type_that_is_no_task_type_is_the_same_400_on_the_schedule_list_as_on_the_failed_runs()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-type-filter");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var expected = $"type \"bogus\" is not a task type; expected one of {string.Join(", ", TaskTypes.Names)}";

        foreach (var url in new[] { "/api/schedules?type=bogus", "/api/runs/failed?type=bogus" })
        {
            var response = await dashboard.Http.GetAsync(url);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {response.StatusCode}: {text}");
            var problem = JsonDocument.Parse(text).RootElement;
            Assert.Equal(expected, problem.GetProperty("detail").GetString());
            Assert.Equal("type", Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task A_task_type_in_any_case_still_filters_the_schedule_list()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-type-filter-ok");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var body = new StringContent("""{"task": {"type": "notification", "message": "hi"}, "spec": "every 1 hour"}""", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.Created, (await dashboard.Http.PostAsync("/api/tasks/n1/schedule", body)).StatusCode);

        Assert.Equal(1, (await dashboard.Http.GetFromJsonAsync<JsonElement>("/api/schedules?type=notification")).GetArrayLength());
        Assert.Equal(1, (await dashboard.Http.GetFromJsonAsync<JsonElement>("/api/schedules?type=Notification")).GetArrayLength());
        Assert.Equal(0, (await dashboard.Http.GetFromJsonAsync<JsonElement>("/api/schedules?type=shell")).GetArrayLength());
    }
}
