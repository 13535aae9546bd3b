using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Scheduler.Beat.Recovery;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>The orphaned-run watchdog re-queues a dead worker's run to the queue the task was fired to.</summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class OrphanedRunQueueTests
{
    private static readonly Dictionary<string, string?> Settings = new() { ["Scheduler:Beat:WorkerDeadAfter"] = "00:00:06" };

    [Fact]
    public async Task Run_of_a_dead_worker_goes_back_to_its_tasks_own_queue_not_default()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-orphan-queue");
        var client = redis.CreateClient();
        var db = redis.Redis.GetDatabase();
        var hangfire = new HangfireKeys(redis.HangfirePrefix);
        var task = await client.ScheduleAsync(new NotificationTask("critical work"), "in:1s", new ScheduleOptions { Queue = "critical" });
        await InProcessSystem.FireIntoQueueAsync(redis, "critical", Settings);

        using var beat = InProcessSystem.BuildBeat(redis, Settings);
        var jobId = await StrandedProcessingTests.StrandAsync(db, beat, hangfire, "critical", StrandedProcessingTests.DeadWorker);
        // The dead worker had recorded the run: the watchdog, not the stranded-fetch sweeper, owns its recovery.
        var startedMs = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();
        await db.HashSetAsync(redis.KeyPrefix + "inflight", $"{task.Id}:1", $"{jobId}|{StrandedProcessingTests.DeadWorker}|{task.Id}|1|{startedMs}");

        await beat.Services.GetServices<IHostedService>().OfType<OrphanedRunWatchdog>().Single().SweepAsync();

        Assert.Contains(jobId, (await db.ListRangeAsync(hangfire.Queue("critical"))).Select(v => v.ToString()));
        Assert.Equal(0, await db.ListLengthAsync(hangfire.Queue("default")));
        Assert.Equal("Enqueued", (string?)await db.HashGetAsync(hangfire.Job(jobId), "State"));
        var lost = Assert.Single(await client.GetRunsAsync(task.Id));
        Assert.Contains("stopped heart-beating", lost.Error);
        Assert.False(lost.IsFinal);
    }
}
