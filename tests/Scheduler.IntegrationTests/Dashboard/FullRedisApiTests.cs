using System.Net;
using System.Text;
using System.Text.Json;
using Scheduler.Contracts.Housekeeping;
using Scheduler.IntegrationTests.Housekeeping;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// The REST API while Redis refuses writes (memory full): a write sent as one command or script and one sent as a
/// transaction (a cleanup registration's change, which Redis aborts without naming why) both answer 503 "retry
/// shortly", never a 500, and the change is made once Redis takes writes again. A private Redis: its memory limit must
/// not reach other tests.
/// </summary>
public sealed class FullRedisApiTests
{
    [Fact]
    public async Task A_write_refused_by_a_full_redis_is_a_503_to_retry_whether_sent_alone_or_in_a_transaction()
    {
        using var sandbox = new CleanupSandbox();
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("full-redis-api", server.ConnectionString);
        var id = await redis.CreateClient().RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", MaxFiles: 1), sandbox.Roots);
        await using var dashboard = await InProcessDashboard.StartAsync(redis, sandbox.Settings());
        var change = JsonSerializer.Serialize(new { directory = sandbox.Logs, pattern = "*.txt", maxFiles = 2 });
        var schedule = """{"task": {"type": "notification", "message": "hi"}, "spec": "every 1 hour"}""";

        await server.RefuseWritesAsync(true);
        var replaced = await dashboard.Http.PutAsync($"/api/cleanup/{id}", new StringContent(change, Encoding.UTF8, "application/json"));
        var created = await dashboard.Http.PostAsync("/api/tasks/full/schedule", new StringContent(schedule, Encoding.UTF8, "application/json"));

        foreach (var answer in new[] { replaced, created })
        {
            var body = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"{answer.RequestMessage!.RequestUri}: {(int)answer.StatusCode} {body}");
            Assert.Contains("retry shortly", body);
        }
        await server.RefuseWritesAsync(false);
        Assert.Equal(HttpStatusCode.OK, (await dashboard.Http.PutAsync($"/api/cleanup/{id}", new StringContent(change, Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal("*.txt", (await redis.CreateClient().GetCleanupAsync(id))!.Pattern);
    }
}
