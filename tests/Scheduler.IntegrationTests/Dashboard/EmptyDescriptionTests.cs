using System.Net;
using System.Text;
using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>An empty description is no description: answered and stored as none, not as "".</summary>
public sealed class EmptyDescriptionTests
{
    [Fact]
    public async Task An_empty_description_is_answered_and_stored_as_none()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-empty-description");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var created = await dashboard.Http.PostAsync("/api/tasks/t1/schedule", new StringContent(
            """{"task": {"type": "notification", "message": "hi"}, "spec": "every day at 9am", "options": {"description": ""}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.False(JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.TryGetProperty("description", out var answered)
            && answered.ValueKind == JsonValueKind.String, "the answer has a description");
        Assert.Null((await redis.CreateClient().GetAsync("t1"))!.Description);
    }
}
