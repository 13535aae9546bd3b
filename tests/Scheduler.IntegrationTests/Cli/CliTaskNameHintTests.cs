using Scheduler.Cli;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Cli;

/// <summary>
/// A task's name written where its id goes (as Celery beat, Quartz and Hangfire users address jobs) is still "not
/// found" (exit 3), nothing acts on a guess, but the error names the id of the task called so.
/// </summary>
public sealed class CliTaskNameHintTests
{
    [Fact]
    public async Task A_name_given_as_an_id_is_not_found_and_the_error_names_the_id_of_the_task_called_so()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-name-hint");
        var client = redis.CreateClient();
        var nightly = await client.ScheduleAsync(new NotificationTask("n"), "every day at 2am", new ScheduleOptions { Name = "nightly-report" });
        await client.ScheduleAsync(new NotificationTask("a"), "every 1 hour", new ScheduleOptions { Name = "twin" });
        await client.ScheduleAsync(new NotificationTask("b"), "every 1 hour", new ScheduleOptions { Name = "twin" });

        var runs = await InProcessCli.RunAsync(redis, "runs", "nightly-report");
        Assert.Equal(ExitCodes.NotFound, runs.Code);
        Assert.Contains($"no task with id \"nightly-report\"; the task named \"nightly-report\" has id {nightly.Id}", runs.Err);

        var delete = await InProcessCli.RunAsync(redis, "delete", "twin");
        Assert.Equal(ExitCodes.NotFound, delete.Code);
        Assert.Contains("2 tasks are named \"twin\"", delete.Err);
        Assert.Equal(3, (await client.ListAsync()).Count);

        var unknown = await InProcessCli.RunAsync(redis, "pause", "no-such-task");
        Assert.Equal(ExitCodes.NotFound, unknown.Code);
        Assert.Equal("no task with id \"no-such-task\"", unknown.Err.Trim().Replace("error: ", ""));
    }
}
