using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;
using Scheduler.Runtime.Storage;
using Scheduler.Worker.Execution;
using Scheduler.Worker.Handlers;
using Scheduler.Worker.Notifications;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// A worker that dies after a notification was delivered but before the run's outcome was written leaves the run to be
/// delivered again: the re-delivery must not notify a second time on any channel, a lone notification's included.
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class RedeliveredNotificationTests
{
    private const string DeadWorker = "worker:gone-host:4242:dead00";

    [Fact]
    public async Task Lone_notification_redelivered_after_its_worker_died_publishes_its_event_once()
    {
        await using var redis = await RedisTestContext.CreateAsync("notify-redelivered");
        var (client, db) = (redis.CreateClient(), redis.Redis.GetDatabase());
        var queue = new HangfireKeys(redis.HangfirePrefix).Queue("default");
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var logs = new CapturedLogs(LogLevel.Debug);
        var task = await client.ScheduleAsync(new NotificationTask("deploy done") { Execution = TaskRuns.Fast() }, "in:1s");
        var jobId = await InProcessSystem.FireIntoQueueAsync(redis);
        var runId = $"{task.Id}:{task.NextRunAt!.Value.ToUnixTimeMilliseconds()}";

        // The first delivery: a worker takes the job, claims the run and runs the notification as its executor does
        // (the event left for the outcome write), then dies before the outcome is written.
        await db.ListRemoveAsync(queue, jobId);
        var start = await store.BeginRunAsync(runId, jobId, DeadWorker, task.Id);
        Assert.Equal((AttemptClaim.Run, 1), (start.Claim, start.Attempt));
        using (var dying = InProcessSystem.BuildWorker(redis))
        using (var loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug)))
        {
            var handler = ActivatorUtilities.CreateInstance<NotificationHandler>(dying.Services, loggers.CreateLogger<NotificationHandler>());
            var slot = new OutcomeEventSlot();
            var context = new TaskExecutionContext(task.Id, runId, start.Attempt, DeadWorker) { WithOutcome = slot };
            Assert.Equal("delivered to: events, log", await handler.HandleAsync((NotificationTask)task.Task, context, default));
            Assert.Equal(NotificationHandler.EventType, slot.Type);
        }
        Assert.Empty(await NotificationEventRunsAsync(redis));
        // What Beat's watchdog does with a dead worker's run: takes it out of flight and puts its job back in the queue.
        Assert.True(await store.ReleaseOrphanAsync(Assert.Single(await store.InFlightAsync())));
        await db.ListLeftPushAsync(queue, jobId);

        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, configureWorker: w => logs.AddTo(w.Services));
        var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, task.Id));

        Assert.Equal((RunOutcome.Succeeded, 2), (run.Outcome, run.Attempt));
        Assert.Equal([runId], await NotificationEventRunsAsync(redis));
        Assert.Equal("delivered to: events, log", run.Result);
        // The log line is written when the handler runs: the dead worker's and the re-delivery's (at least once).
        Assert.Equal(2, logs.Messages(nameof(NotificationHandler)).Count(m => m.StartsWith("Notification from task", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Lone_notification_delivered_again_after_its_outcome_was_written_publishes_nothing_more()
    {
        await using var redis = await RedisTestContext.CreateAsync("notify-after-outcome");
        var client = redis.CreateClient();
        await using var system = await InProcessSystem.StartAsync(redis);
        var task = await client.ScheduleAsync(new NotificationTask("once") { Execution = TaskRuns.Fast() }, "in:1s");
        var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, task.Id));
        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        Assert.Equal([run.RunId], await NotificationEventRunsAsync(redis));

        // A late re-delivery of the same run (its job handed back after the outcome was written) is stood down.
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        Assert.NotEqual(AttemptClaim.Run, (await store.BeginRunAsync(run.RunId, "job-again", DeadWorker, task.Id)).Claim);
        Assert.Equal([run.RunId], await NotificationEventRunsAsync(redis));
    }

    // The run id of each notification event in the stream, in order.
    private static async Task<List<string>> NotificationEventRunsAsync(RedisTestContext redis) =>
        [.. (await redis.Redis.GetDatabase().StreamRangeAsync(new RedisKeys(redis.KeyPrefix).Events))
            .Where(e => e["type"] == NotificationHandler.EventType).Select(e => (string)e["runId"]!)];
}
