using System.Net;
using System.Text.Json;
using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// Audit-log queries Redis cannot take (ids it refuses) are 400s naming the parameter, on the API and the page, and
/// a command Redis refuses is never reported as Redis being unreachable.
/// </summary>
public sealed class AuditQueryTests
{
    [Theory]
    [InlineData("after=0-0", "after", "not 0-0")]
    [InlineData("after=99999999999999999999-0", "after", "18446744073709551615")]
    [InlineData("from=1960-01-01T00:00:00Z", "from", "from 1970-01-01T00:00:00Z on")]
    [InlineData("to=0001-01-01T00:00:00Z", "to", "from 1970-01-01T00:00:00Z on")]
    public async Task An_audit_bound_redis_cannot_take_is_a_400_naming_the_parameter_and_what_it_accepts(string query, string parameter, string accepted)
    {
        await using var redis = await RedisTestContext.CreateAsync("audit-query-api");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var response = await dashboard.Http.GetAsync($"/api/audit?{query}");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        var detail = JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString()!;
        Assert.StartsWith(parameter + " ", detail);
        Assert.Contains(accepted, detail);
        Assert.DoesNotContain("Redis", text);
    }

    [Theory]
    [InlineData("after=0-0", "after &quot;0-0&quot; is not an audit entry id")]
    [InlineData("from=1960-01-01", "from (1960-01-01")]
    [InlineData("to=0001-01-01", "to (0001-01-01")]
    public async Task The_audit_page_shows_such_a_bound_as_a_problem_of_its_filters(string query, string problem)
    {
        await using var redis = await RedisTestContext.CreateAsync("audit-query-page");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var response = await dashboard.Http.GetAsync($"/scheduler/audit?{query}");

        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"audit-problem\"", page);
        Assert.Contains(problem, page);
    }

    [Fact]
    public async Task The_audit_log_clamps_bounds_before_1970_and_refuses_an_id_redis_would_refuse()
    {
        await using var redis = await RedisTestContext.CreateAsync("audit-query-log");
        await redis.CreateClient().ScheduleAsync(new NotificationTask("hi"), "in 1 hour", new ScheduleOptions { Id = "a1" });
        var log = new AuditLog(redis.Redis, new RedisKeys(redis.KeyPrefix), new AuditRetention());

        var all = await log.ReadAsync(new AuditFilter { From = DateTimeOffset.MinValue, To = DateTimeOffset.MaxValue });
        Assert.Equal("a1", Assert.Single(all.Entries).TaskId);
        Assert.Empty((await log.ReadAsync(new AuditFilter { To = new DateTimeOffset(1960, 1, 1, 0, 0, 0, TimeSpan.Zero) })).Entries);
        Assert.Empty((await log.ReadAsync(new AuditFilter { After = "0-1" })).Entries);
        foreach (var after in new[] { "0-0", "99999999999999999999-0", "1-99999999999999999999" })
            await Assert.ThrowsAsync<ArgumentException>(() => log.ReadAsync(new AuditFilter { After = after }));
    }

    [Fact]
    public async Task A_command_redis_refuses_is_not_reported_as_redis_being_unreachable()
    {
        await using var redis = await RedisTestContext.CreateAsync("audit-query-refused");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        // The audit stream's key holding a string: Redis answers the read with WRONGTYPE.
        await redis.Redis.GetDatabase().StringSetAsync(new RedisKeys(redis.KeyPrefix).Audit, "not a stream");

        var response = await dashboard.Http.GetAsync("/api/audit");

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var detail = JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("Redis is reachable but refused", detail);
        Assert.Contains("WRONGTYPE", detail);
        Assert.DoesNotContain("cannot be reached", text);
    }
}
