using System.Net;
using System.Text;
using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Audit;

/// <summary>
/// `scheduler reschedule` and <c>POST /api/tasks/{id}/reschedule</c> are recorded as the <c>reschedule</c> action the
/// README lists, so `scheduler audit --action reschedule` finds them (they were recorded as <c>update</c>).
/// </summary>
public sealed class RescheduleAuditTests
{
    [Fact]
    public async Task The_cli_reschedule_is_audited_as_a_reschedule()
    {
        await using var redis = await RedisTestContext.CreateAsync("audit-cli-reschedule");
        var task = await redis.CreateClient().ScheduleAsync(new NotificationTask("x"), "every 10s");

        var moved = await InProcessCli.RunAsync(redis, "reschedule", task.Id, "every 2 hours", "--tz", "Europe/Berlin");
        Assert.True(moved.Code == 0, moved.Err);

        var audit = await InProcessCli.RunAsync(redis, "audit", "--task", task.Id, "--action", "reschedule");
        Assert.True(audit.Code == 0, audit.Err);
        Assert.Contains("reschedule", audit.Out);
        Assert.Contains("every 2 hours", audit.Out);
    }

    [Fact]
    public async Task The_rest_reschedule_is_audited_as_a_reschedule()
    {
        await using var redis = await RedisTestContext.CreateAsync("audit-rest-reschedule");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("x"), "every 10s");

        var response = await dashboard.Http.PostAsync($"/api/tasks/{task.Id}/reschedule",
            new StringContent("""{"spec": "every day at 6am", "timeZone": "Europe/Berlin"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var entries = await client.GetAuditAsync(new AuditFilter { TaskId = task.Id });
        Assert.Contains(entries.Entries, e => e.Action == AuditActions.Reschedule);
        Assert.DoesNotContain(entries.Entries, e => e.Action == AuditActions.Update);
    }
}
