using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Lifecycle;

/// <summary>
/// Waiting for "the next run" of a task that will not run again: a one-shot that ran before the wait began, a task
/// cancelled before it ran, one cancelled during the wait. Each answers at once instead of waiting out its timeout.
/// </summary>
public sealed class WaitForEndedTaskTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_one_shot_that_ran_before_the_wait_reports_its_run_through_the_client_and_the_cli()
    {
        await using var redis = await RedisTestContext.CreateAsync("wait-ended-ran");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("once"), "in 1 second");
        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, Patience, "the one-shot to complete");

        // A short wait that cannot be reached by the timeout: before, this was null once 2 s had passed.
        var run = await client.WaitForResultAsync(task.Id, TimeSpan.FromSeconds(2));

        Assert.NotNull(run);
        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        Assert.StartsWith(task.Id + ":", run.RunId);
        var cli = await InProcessCli.RunAsync(redis, "wait", task.Id, "--timeout", "2s");
        Assert.True(cli.Code == ExitCodes.Ok, cli.Out + cli.Err);
        Assert.Contains($"{run.RunId}: succeeded after 1 attempt(s)", cli.Out);
    }

    [Fact]
    public async Task A_task_cancelled_before_it_ran_has_no_run_to_wait_for()
    {
        await using var redis = await RedisTestContext.CreateAsync("wait-ended-never");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("later"), "in 1 hour");
        Assert.True(await client.CancelAsync(task.Id));

        // Infinite, so only the answer "nothing will come" ends it; the token turns the old endless wait into a failure.
        using var stop = new CancellationTokenSource(Patience);
        Assert.Null(await client.WaitForResultAsync(task.Id, Timeout.InfiniteTimeSpan, cancellationToken: stop.Token));
        var cli = await InProcessCli.RunAsync(redis, "wait", task.Id, "--timeout", "1d");
        Assert.True(cli.Code == ExitCodes.AlreadyEnded, cli.Out + cli.Err);
        Assert.Contains($"already ended: task {task.Id} is cancelled with no run to wait for", cli.Out);
        var json = await InProcessCli.RunAsync(redis, "wait", task.Id, "--timeout", "1d", "--json");
        using var answer = JsonDocument.Parse(json.Out);
        Assert.Equal("cancelled", answer.RootElement.GetProperty("status").GetString());
        Assert.Equal("ended with no run to wait for", answer.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_wait_under_way_ends_when_the_task_is_cancelled_and_reports_no_earlier_run()
    {
        await using var redis = await RedisTestContext.CreateAsync("wait-ended-during");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("later"), "in 1 hour");
        using var stop = new CancellationTokenSource(Patience);
        var waiting = client.WaitForResultAsync(task.Id, Timeout.InfiniteTimeSpan, cancellationToken: stop.Token);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);

        Assert.True(await client.CancelAsync(task.Id));

        Assert.Null(await waiting);
    }

    [Fact]
    public async Task A_wait_under_way_when_a_running_task_is_cancelled_returns_the_run_the_cancel_stopped()
    {
        await using var redis = await RedisTestContext.CreateAsync("wait-ended-running");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("wait-ended-running");
        var client = redis.CreateClient();
        try
        {
            var task = await client.ScheduleAsync(Runs.StopRunTests.LongRunTask(dir), "in 1 second");
            await TaskRuns.WaitRunningAsync(client, task.Id);
            using var stop = new CancellationTokenSource(Patience);
            var waiting = client.WaitForResultAsync(task.Id, Timeout.InfiniteTimeSpan, cancellationToken: stop.Token);

            Assert.True(await client.CancelAsync(task.Id));

            // Before, null: the task had ended a moment before its stopped run was recorded.
            var run = await waiting;
            Assert.NotNull(run);
            Assert.Equal((RunOutcome.Cancelled, true), (run.Outcome, run.IsFinal));
        }
        finally
        {
            await Runs.StopRunTests.KillRecordedAsync(dir);
        }
    }

    [Fact]
    public async Task Waiting_for_a_run_id_of_another_task_or_of_no_runs_shape_is_refused_at_once()
    {
        await using var redis = await RedisTestContext.CreateAsync("wait-bad-run-id");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("x"), "in 1 hour");

        foreach (var runId in new[] { "garbage", "other-task:123", "" })
        {
            var e = await Assert.ThrowsAsync<ArgumentException>(() => client.WaitForResultAsync(task.Id, TimeSpan.FromSeconds(30), runId));
            Assert.Contains($"is not a run id of task {task.Id}", e.Message);
        }
    }
}
