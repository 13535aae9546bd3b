using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Events;
using Microsoft.Extensions.DependencyInjection;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Jobs;
using Scheduler.Runtime.Storage;
using Scheduler.Contracts.Storage;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// A job Hangfire fetched just as its worker began to stop (SIGTERM) must be handed back unclaimed: the soak saw such
/// runs start their shell command after the stop began, finish it, record nothing and run again elsewhere (issue 14).
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class StoppingWorkerTests
{
    [Fact]
    public async Task Occurrence_delivered_after_the_worker_began_to_stop_is_handed_back_without_being_claimed_or_started()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-stopping");
        using var dir = TestPaths.CreateTempDirectory("stopping");
        var marker = dir.File("ran");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new ShellTask("touch", [marker]), "in:1h");
        var due = task.NextRunAt!.Value.ToUnixTimeMilliseconds();
        var runId = $"{task.Id}:{due}";
        using var worker = InProcessSystem.BuildWorker(redis);
        using var scope = worker.Services.CreateScope();
        var runner = scope.ServiceProvider.GetRequiredService<ITaskOccurrenceRunner>();
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(task.Id, runId, due, task.Name, null, null, stopping.Token));

        var db = redis.Redis.GetDatabase();
        Assert.False(await db.HashExistsAsync(redis.KeyPrefix + "run:" + runId, "attempts"));
        Assert.False(await db.HashExistsAsync(redis.KeyPrefix + "inflight", runId));
        Assert.False(File.Exists(marker));
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync(task.Id))!.Status);
    }

    // A misfire runAll replay rests this long after its claim (which announced its start) before anything else: a stop
    // there comes between the claim and the handler's start.
    private static readonly TimeSpan ReplaySettle = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Run_stopped_between_its_announced_claim_and_its_handler_start_gives_the_attempt_back_and_announces_its_end()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-stop-claimed");
        using var dir = TestPaths.CreateTempDirectory("stop-claimed");
        var marker = dir.File("ran");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new ShellTask("touch", [marker]), "every 1h",
            new ScheduleOptions { StartAt = DateTimeOffset.UtcNow.AddHours(-2), Misfire = MisfirePolicy.RunAll });
        var due = task.NextRunAt!.Value.ToUnixTimeMilliseconds();
        Assert.True(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - due > 5_000, "the first occurrence is a missed one, replayed");
        var runId = $"{task.Id}:{due}";
        var held = new HeldDelayTime(ReplaySettle);
        using (var stopping = InProcessSystem.BuildWorker(redis, services: s => s.AddSingleton<TimeProvider>(held)))
        {
            using var scope = stopping.Services.CreateScope();
            var runner = scope.ServiceProvider.GetRequiredService<ITaskOccurrenceRunner>();
            using var stop = new CancellationTokenSource();
            var running = runner.RunAsync(task.Id, runId, due, task.Name, null, null, stop.Token);
            // Claimed, its start announced, and resting before its handler: the worker stops now.
            await Eventually.WaitAsync(() => Task.FromResult(held.Held), n => n == 1 || running.IsCompleted, TimeSpan.FromSeconds(20), "the claimed replay's rest");
            Assert.False(running.IsCompleted, "the run rests after its claim");
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        }

        var db = redis.Redis.GetDatabase();
        Assert.False(await db.HashExistsAsync(redis.KeyPrefix + "run:" + runId, "attempts"));
        Assert.False(await db.HashExistsAsync(redis.KeyPrefix + "inflight", runId));
        Assert.False(File.Exists(marker));
        var events = (await db.StreamRangeAsync(redis.KeyPrefix + "events")).Where(e => e["runId"] == runId).ToList();
        Assert.Equal([SchedulerEvents.Started, SchedulerEvents.Retry], events.Select(e => (string)e["type"]!));
        Assert.Equal("1", (string?)events[1]["attempt"]);
        Assert.Contains("before attempt 1 started", (string?)events[1]["error"]);

        // Its next delivery runs attempt 1, the only one the history shows.
        using (var next = InProcessSystem.BuildWorker(redis))
        {
            using var scope = next.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<ITaskOccurrenceRunner>().RunAsync(task.Id, runId, due, task.Name, null, null, CancellationToken.None);
        }
        var run = Assert.Single(await client.GetRunsAsync(task.Id));
        Assert.Equal((1, RunOutcome.Succeeded), (run.Attempt, run.Outcome));
        Assert.True(File.Exists(marker));
    }

    [Fact]
    public async Task Hand_back_naming_an_attempt_its_entry_does_not_hold_withdraws_no_claim_and_announces_nothing()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-stop-other-attempt");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new ShellTask("true", []), "in:1h");
        var runId = $"{task.Id}:{task.NextRunAt!.Value.ToUnixTimeMilliseconds()}";
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var start = await store.BeginRunAsync(runId, "job-1", "worker-1", task.Id, startedEvent: SchedulerEvents.Started);
        Assert.Equal((AttemptClaim.Run, 1), (start.Claim, start.Attempt));

        await store.LeaveRunAsync(runId, "job-1", "worker-1", new UnstartedAttempt(2, Announced: true, "unknown", "stopped before attempt 2 started"));

        var db = redis.Redis.GetDatabase();
        Assert.Equal("1", (string?)await db.HashGetAsync(redis.KeyPrefix + "run:" + runId, "attempts"));
        Assert.False(await db.HashExistsAsync(redis.KeyPrefix + "inflight", runId));
        Assert.DoesNotContain(await db.StreamRangeAsync(redis.KeyPrefix + "events"), e => e["type"] == SchedulerEvents.Retry);
    }

    [Fact]
    public async Task Hand_back_of_a_withdrawn_claim_leaves_the_later_delivery_of_the_same_job_on_the_same_worker_alone()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-stop-later-delivery");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new ShellTask("true", []), "in:1h");
        var runId = $"{task.Id}:{task.NextRunAt!.Value.ToUnixTimeMilliseconds()}";
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var db = redis.Redis.GetDatabase();
        // The run before it goes on: its claim waits (marked waiting), not announced.
        await db.HashSetAsync(redis.KeyPrefix + "task:" + task.Id, "status", "running");
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(runId, "job-1", "worker-1", task.Id, claimToken: "first")).Claim);
        // Its worker judged dead meanwhile: a recovery withdraws the claim and queues the job again, and the same worker,
        // alive after all, takes it as a second delivery.
        Assert.True(await store.ReleaseOrphanAsync(Assert.Single(await store.InFlightAsync())));
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(runId, "job-1", "worker-1", task.Id, claimToken: "second")).Claim);

        // The first delivery, aborted, hands back the claim it had.
        await store.LeaveRunAsync(runId, "job-1", "worker-1", new UnstartedAttempt(1, Announced: false, "first", "stopped before attempt 1 started"));

        Assert.True(await db.HashExistsAsync(redis.KeyPrefix + "inflight", runId));
        var ledger = await db.HashGetAsync(redis.KeyPrefix + "run:" + runId, ["claim", "attempts"]);
        Assert.Equal(("second", "1"), ((string?)ledger[0], (string?)ledger[1]));
    }
}
