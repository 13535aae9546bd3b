using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Worker.Handlers;
using Scheduler.Worker.Notifications;
using Scheduler.Worker.Shell;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>
/// A cancellation (here: the worker stopping) that arrives once the work is done must not report it undone, and a
/// stopping worker must not end before such an attempt's outcome is written: the fault soak saw shell commands and
/// webhook deliveries of a worker stopped with SIGTERM run to their end with no outcome recorded, then run again.
/// </summary>
public sealed class LateCancellationTests
{
    [Fact]
    public async Task A_command_that_exited_by_itself_before_the_token_fired_keeps_its_exit_code_instead_of_being_reported_cancelled()
    {
        using var dir = TestPaths.CreateTempDirectory("late-cancel-shell");
        var (pidFile, gate, away) = (dir.File("pid"), dir.File("gate"), dir.File("away"));
        var handler = new ShellHandler(Options.Create(new ShellOptions()), TimeProvider.System, NullLogger<ShellHandler>.Instance);
        using var stop = new CancellationTokenSource();
        // The command exits at once (once the process it started is in its own session, out of reach of the group kill);
        // that process keeps the output open until the test opens the gate, so the handler is still draining the output
        // when the token fires.
        var task = new ShellTask(
            "setsid sh -c 'touch \"$1\"; while [ ! -e \"$0\" ]; do sleep 0.05; done' \"$2\" \"$3\" & " +
            "while [ ! -e \"$3\" ]; do sleep 0.05; done; echo $$ > \"$1\"; echo done",
            [pidFile, gate, away], UseShell: true);
        try
        {
            var handling = handler.HandleAsync(task, new TaskExecutionContext("t1", "t1:1", 1, "test"), stop.Token);
            var pid = await ProcessProbe.ReadPidAsync(pidFile);
            await Eventually.WaitAsync(() => Task.FromResult(!ProcessProbe.IsAlive(pid)), TimeSpan.FromSeconds(10), "the command to exit");
            Assert.False(handling.IsCompleted, "the handler should still be draining the command's output");

            await stop.CancelAsync();
            await File.WriteAllTextAsync(gate, "");

            var result = await handling;
            Assert.Contains("\"exitCode\":0", result);
            Assert.Contains("done", result);
        }
        finally { await File.WriteAllTextAsync(gate, ""); }
    }

    [Fact]
    public async Task A_webhook_request_under_way_when_the_token_fires_is_awaited_and_counts_as_delivered()
    {
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hook = await WebhookReceiver.StartAsync(async (_, aborted) => { await answer.Task.WaitAsync(aborted); return 200; });
        await using var redis = await RedisTestContext.CreateAsync("late-cancel-hook");
        using var worker = InProcessSystem.BuildWorker(redis, hook.Settings("hook"));
        var sender = worker.Services.GetRequiredService<WebhookSender>();
        using var stop = new CancellationTokenSource();

        var sending = sender.SendAsync("hook", sender.Find("hook")!, new { taskId = "t1" }, "t1:0/hook", stop.Token);
        await Eventually.WaitAsync(() => Task.FromResult(hook.Received.Count), n => n == 1, TimeSpan.FromSeconds(10), "the request to arrive");
        await stop.CancelAsync();
        answer.SetResult();

        await sending;
        Assert.Single(hook.Received);
    }

    [Fact]
    public async Task A_stopping_worker_waits_for_an_attempt_that_finishes_after_Hangfire_stopped_waiting_and_records_its_outcome()
    {
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hook = await WebhookReceiver.StartAsync(async (_, aborted) => { await answer.Task.WaitAsync(aborted); return 200; });
        await using var redis = await RedisTestContext.CreateAsync("late-cancel-drain");
        var settings = hook.Settings("hook");
        // Hangfire fires the jobs' tokens and stops waiting for them 1 s into the stop.
        settings["Scheduler:Worker:ShutdownTimeout"] = "00:00:01";
        var system = await InProcessSystem.StartAsync(redis, settings: settings);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("late", Channels: ["hook"]) { Execution = TaskRuns.Fast(softSeconds: 60, hardSeconds: 90) }, "in 1 second");
        await Eventually.WaitAsync(() => Task.FromResult(hook.Received.Count), n => n == 1, TaskRuns.Patience, "the webhook request");

        var stopping = system.DisposeAsync().AsTask();
        // The answer comes after Hangfire gave up on the job (1 s) and within the delivery's answer grace after its token.
        await Task.Delay(TimeSpan.FromSeconds(2));
        answer.SetResult();
        await stopping;

        var run = Assert.Single(await client.GetRunsAsync(task.Id));
        Assert.Equal((1, RunOutcome.Succeeded), (run.Attempt, run.Outcome));
    }
}
