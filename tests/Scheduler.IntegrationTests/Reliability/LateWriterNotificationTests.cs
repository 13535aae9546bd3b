using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Scheduler.Contracts.Events;
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
/// A worker taken for dead while it still runs a lone notification (stalled, then back) and the re-delivery of its run
/// both finish it: whichever writes its outcome first, the notification event is published once.
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class LateWriterNotificationTests
{
    private const string WorkerA = "worker:host-a:1:aaaa01", WorkerB = "worker:host-b:2:bbbb02";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_late_writer_and_the_redelivery_publish_the_lone_notification_event_once(bool redeliveryFirst)
    {
        await using var redis = await RedisTestContext.CreateAsync("notify-late-writer");
        var (client, db) = (redis.CreateClient(), redis.Redis.GetDatabase());
        var queue = new HangfireKeys(redis.HangfirePrefix).Queue("default");
        var keys = new RedisKeys(redis.KeyPrefix);
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("deploy done") { Execution = TaskRuns.Fast() }, "in:1s");
        var jobId = await InProcessSystem.FireIntoQueueAsync(redis);
        var runId = $"{task.Id}:{task.NextRunAt!.Value.ToUnixTimeMilliseconds()}";
        await db.ListRemoveAsync(queue, jobId);
        using var host = InProcessSystem.BuildWorker(redis);
        var handler = ActivatorUtilities.CreateInstance<NotificationHandler>(host.Services, NullLogger<NotificationHandler>.Instance);

        await store.BeginRunAsync(runId, jobId, WorkerA, task.Id);
        var slotA = new OutcomeEventSlot();
        await handler.HandleAsync((NotificationTask)task.Task, new TaskExecutionContext(task.Id, runId, 1, WorkerA) { WithOutcome = slotA }, default);
        // A is taken for dead (its run released by the watchdog) and the run is delivered to B as attempt 2.
        Assert.True(await store.ReleaseOrphanAsync(Assert.Single(await store.InFlightAsync())));
        var b = await store.BeginRunAsync(runId, jobId, WorkerB, task.Id);
        Assert.Equal(2, b.Attempt);

        // A's final success, as its executor writes it: the event in the outcome write, no note (nothing follows a success).
        Task WriteA() => store.RecordAttemptAsync(Succeeded(task.Id, runId, 1, WorkerA), jobId, true, null, Guid.NewGuid().ToString("N"),
            new RunAnnouncement(SchedulerEvents.Success) { HandlerEvent = (slotA.Type!, slotA.Fields, []) });
        async Task RunB()
        {
            var slotB = new OutcomeEventSlot();
            await handler.HandleAsync((NotificationTask)task.Task, new TaskExecutionContext(task.Id, runId, b.Attempt, WorkerB) { WithOutcome = slotB }, default);
            await store.RecordAttemptAsync(Succeeded(task.Id, runId, b.Attempt, WorkerB), jobId, true, null, Guid.NewGuid().ToString("N"),
                new RunAnnouncement(SchedulerEvents.Success) { HandlerEvent = slotB.Type is { } t ? (t, slotB.Fields, []) : null });
        }
        if (redeliveryFirst) { await RunB(); await WriteA(); }
        else { await WriteA(); await RunB(); }

        Assert.Equal(1, (await db.StreamRangeAsync(keys.Events)).Count(e => e["type"] == NotificationHandler.EventType));
    }

    private static TaskRun Succeeded(string taskId, string runId, int attempt, string worker) => new()
    {
        RunId = runId, TaskId = taskId, Attempt = attempt, WorkerId = worker, StartedAt = DateTimeOffset.UtcNow,
        FinishedAt = DateTimeOffset.UtcNow, Outcome = RunOutcome.Succeeded, Result = "delivered to: events, log", IsFinal = true,
    };
}
