using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;
using Scheduler.Runtime.Storage;
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
    public async Task Lone_notification_redelivered_after_its_worker_died_publishes_its_event_and_writes_its_log_line_once()
    {
        await using var redis = await RedisTestContext.CreateAsync("notify-redelivered");
        var (client, db) = (redis.CreateClient(), redis.Redis.GetDatabase());
        var queue = new HangfireKeys(redis.HangfirePrefix).Queue("default");
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var logs = new CapturedLogs(LogLevel.Debug);
        var task = await client.ScheduleAsync(new NotificationTask("deploy done") { Execution = TaskRuns.Fast() }, "in:1s");
        var jobId = await InProcessSystem.FireIntoQueueAsync(redis);
        var runId = $"{task.Id}:{task.NextRunAt!.Value.ToUnixTimeMilliseconds()}";

        // The first delivery: a worker takes the job, claims the run and runs the notification as its executor does,
        // then dies before the outcome is written.
        await db.ListRemoveAsync(queue, jobId);
        var start = await store.BeginRunAsync(runId, jobId, DeadWorker, task.Id);
        Assert.Equal((AttemptClaim.Run, 1), (start.Claim, start.Attempt));
        using (var dying = InProcessSystem.BuildWorker(redis))
        using (var loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug)))
        {
            var handler = ActivatorUtilities.CreateInstance<NotificationHandler>(dying.Services, loggers.CreateLogger<NotificationHandler>());
            var result = await handler.HandleAsync((NotificationTask)task.Task, new TaskExecutionContext(task.Id, runId, start.Attempt, DeadWorker), default);
            Assert.Equal("delivered to: events, log", result);
            await Eventually.WaitAsync(() => NotificationEventRunsAsync(redis), runs => runs.Count == 1, TimeSpan.FromSeconds(10), "the first delivery's event");
        }
        // What Beat's watchdog does with a dead worker's run: takes it out of flight and puts its job back in the queue.
        Assert.True(await store.ReleaseOrphanAsync(Assert.Single(await store.InFlightAsync())));
        await db.ListLeftPushAsync(queue, jobId);

        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, configureWorker: w => logs.AddTo(w.Services));
        var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, task.Id));

        Assert.Equal((RunOutcome.Succeeded, 2), (run.Outcome, run.Attempt));
        Assert.Equal([runId], await NotificationEventRunsAsync(redis));
        Assert.Single(logs.Messages(nameof(NotificationHandler)), m => m.StartsWith("Notification from task", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Debug && e.Message == $"Run {runId}: the notification's \"log\" delivery was made earlier in this run; not made again");
        Assert.Equal("delivered earlier in this run: events, log", run.Result);
    }

    // The run id of each notification event in the stream, in order.
    private static async Task<List<string>> NotificationEventRunsAsync(RedisTestContext redis) =>
        [.. (await redis.Redis.GetDatabase().StreamRangeAsync(new RedisKeys(redis.KeyPrefix).Events))
            .Where(e => e["type"] == NotificationHandler.EventType).Select(e => (string)e["runId"]!)];
}
