using Scheduler.Cli;
using Scheduler.Contracts.Schedules;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Cli;

/// <summary>
/// `scheduler wait --timeout 0` looks once: it answers for a given run or a task that has ended, and a live task's next
/// run, which cannot have finished at that look, is refused as bad input instead of a certain "timed out" (exit 5).
/// </summary>
public sealed class CliWaitTests
{
    [Fact]
    public async Task Wait_with_timeout_0_reports_a_given_finished_run_and_refuses_a_live_tasks_next_run()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-wait-zero");
        await using var system = await InProcessSystem.StartAsync(redis);
        var scheduled = await InProcessCli.RunAsync(redis, "schedule", "notification", "every day at 3am", "-m", "x", "--id", "w0");
        Assert.True(scheduled.Code == ExitCodes.Ok, scheduled.Err);
        var trigger = await InProcessCli.RunAsync(redis, "trigger", "w0", "--wait", "30s");
        Assert.True(trigger.Code == ExitCodes.Ok, trigger.Out + trigger.Err);
        var runId = (await redis.CreateClient().GetRunsAsync("w0", 1)).Single().RunId;

        var given = await InProcessCli.RunAsync(redis, "wait", "w0", "--run-id", runId, "--timeout", "0");
        Assert.True(given.Code == ExitCodes.Ok, given.Out + given.Err);
        Assert.Contains($"{runId}: succeeded", given.Out);

        var next = await InProcessCli.RunAsync(redis, "wait", "w0", "--timeout", "0");
        Assert.True(next.Code == ExitCodes.BadInput, $"exit {next.Code}: {next.Out}{next.Err}");
        Assert.Contains("--timeout 0 looks once, and task w0 is scheduled", next.Err);
        Assert.Contains("--run-id", next.Err);
    }

    [Fact]
    public async Task Wait_with_timeout_0_on_a_task_that_ended_without_a_run_says_already_ended()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-wait-zero-ended");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new Scheduler.Contracts.Tasks.NotificationTask("later"), "in 1 hour");
        Assert.True(await client.CancelAsync(task.Id));

        var cli = await InProcessCli.RunAsync(redis, "wait", task.Id, "--timeout", "0");

        Assert.True(cli.Code == ExitCodes.AlreadyEnded, cli.Out + cli.Err);
        Assert.Contains("already ended", cli.Out);
    }

    [Fact]
    public async Task The_timeout_help_says_what_0_means()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-wait-help");
        var help = await InProcessCli.RunAsync(redis, "wait", "--help");
        Assert.Contains("0 looks once", help.Out);
    }
}
