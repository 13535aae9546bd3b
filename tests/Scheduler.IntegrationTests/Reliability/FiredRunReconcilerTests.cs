using Scheduler.Contracts.Schedules;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Scheduler.Beat.Recovery;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// Occurrences fired but never claimed by any worker (issue 14): their Hangfire job failed in Hangfire's pipeline past
/// the workers' hand-backs, or vanished. The run ledger lists every fired run until it is done, so Beat finds them: each
/// is re-queued once, and one that never gets to run is recorded failed with the reason in its history. (One whose job
/// was deleted was stopped, not lost: HangfireDeleteStopsRunTests.)
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class FiredRunReconcilerTests
{
    private const string Missing = "missing";

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Scheduler:Beat:WorkerDeadAfter"] = "00:00:06",
        ["Scheduler:Beat:ReconcileAfter"] = "00:00:01",
        ["Scheduler:Beat:StuckRunningCheckInterval"] = "00:00:01",
        ["Scheduler:Beat:OrphanCheckInterval"] = "00:00:00.200",
    };

    [Theory]
    [InlineData("Failed")]
    [InlineData(Missing)]
    public async Task Occurrence_fired_but_never_claimed_is_requeued_once_by_racing_beats_and_then_runs_once(string jobState)
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-fired");
        var (client, db, hangfire) = (redis.CreateClient(), redis.Redis.GetDatabase(), new HangfireKeys(redis.HangfirePrefix));
        var task = await client.ScheduleAsync(new NotificationTask("fired"), "in:1s");
        var jobId = await InProcessSystem.FireIntoQueueAsync(redis, settings: Settings);
        var runId = $"{task.Id}:{task.NextRunAt!.Value.ToUnixTimeMilliseconds()}";
        Assert.NotNull(await db.SortedSetScoreAsync(redis.KeyPrefix + "fired", runId));
        using var beat = InProcessSystem.BuildBeat(redis, Settings);
        using var otherBeat = InProcessSystem.BuildBeat(redis, Settings);
        // Taken from its queue and ended before any worker claimed the run, or gone altogether.
        await db.ListRemoveAsync(hangfire.Queue("default"), jobId);
        if (jobState == Missing) await db.KeyDeleteAsync([hangfire.Job(jobId), hangfire.JobState(jobId), hangfire.Job(jobId) + ":history"]);
        else Assert.True(beat.Services.GetRequiredService<IBackgroundJobClient>().ChangeState(jobId,
            new FailedState(new InvalidOperationException("pipeline failed")), null));

        await Eventually.WaitAsync(async () =>
        {
            await Task.WhenAll(Watchdog(beat).SweepAsync(), Watchdog(otherBeat).SweepAsync());
            return await db.ListLengthAsync(hangfire.Queue("default"));
        }, n => n > 0, TimeSpan.FromSeconds(20), "the fired run to be re-queued");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await Task.WhenAll(Watchdog(beat).SweepAsync(), Watchdog(otherBeat).SweepAsync());

        var queued = Assert.Single((await db.ListRangeAsync(hangfire.Queue("default"))).Select(v => v.ToString()));
        Assert.Equal(jobState == Missing ? (string?)await db.HashGetAsync(redis.KeyPrefix + "run:" + runId, "owner") : jobId, queued);
        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, Settings);
        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(30), "the re-queued run to complete");
        var run = Assert.Single(await client.GetRunsAsync(task.Id));
        Assert.Equal((1, RunOutcome.Succeeded), (run.Attempt, run.Outcome));
        Assert.Null(await db.SortedSetScoreAsync(redis.KeyPrefix + "fired", runId));
    }

    [Fact]
    public async Task Enqueued_job_missing_from_its_queue_is_pushed_back_once_by_racing_beats_and_runs_once_while_one_queued_or_fetched_is_left_alone()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-fired-unqueued");
        var (client, db, hangfire) = (redis.CreateClient(), redis.Redis.GetDatabase(), new HangfireKeys(redis.HangfirePrefix));
        var task = await client.ScheduleAsync(new NotificationTask("fired"), "in:1s");
        var jobId = await InProcessSystem.FireIntoQueueAsync(redis, settings: Settings);
        var runId = $"{task.Id}:{task.NextRunAt!.Value.ToUnixTimeMilliseconds()}";
        using var beat = InProcessSystem.BuildBeat(redis, Settings);
        using var otherBeat = InProcessSystem.BuildBeat(redis, Settings);
        async Task SweepPastGraceAsync()
        {
            // Past ReconcileAfter and the one-Beat pass lock (both 1 s), so each sweep judges the fired run again.
            await Task.Delay(TimeSpan.FromSeconds(1.2));
            await Task.WhenAll(Watchdog(beat).SweepAsync(), Watchdog(otherBeat).SweepAsync());
        }

        // Waiting in its queue, then taken by a worker (in a fetched list, not yet started): on its way, left alone.
        await SweepPastGraceAsync();
        Assert.Equal(new[] { jobId }, (await db.ListRangeAsync(hangfire.Queue("default"))).Select(v => v.ToString()));
        Assert.Equal(jobId, (string?)await db.ListRightPopLeftPushAsync(hangfire.Queue("default"), hangfire.Fetched("default")));
        await SweepPastGraceAsync();
        Assert.Equal(0, await db.ListLengthAsync(hangfire.Queue("default")));

        // Still "Enqueued" but in no list (a push Redis lost): nothing would ever fetch it.
        await db.ListRemoveAsync(hangfire.Fetched("default"), jobId);
        Assert.Equal("Enqueued", (string?)await db.HashGetAsync(hangfire.Job(jobId), "State"));
        await Eventually.WaitAsync(async () =>
        {
            await Task.WhenAll(Watchdog(beat).SweepAsync(), Watchdog(otherBeat).SweepAsync());
            return await db.ListLengthAsync(hangfire.Queue("default"));
        }, n => n > 0, TimeSpan.FromSeconds(20), "the unqueued job to be pushed back");
        await SweepPastGraceAsync();
        Assert.Equal(new[] { jobId }, (await db.ListRangeAsync(hangfire.Queue("default"))).Select(v => v.ToString()));

        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, Settings);
        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(30), "the pushed-back run to complete");
        var run = Assert.Single(await client.GetRunsAsync(task.Id));
        Assert.Equal((1, RunOutcome.Succeeded), (run.Attempt, run.Outcome));
        Assert.Null(await db.SortedSetScoreAsync(redis.KeyPrefix + "fired", runId));
    }

    [Fact]
    public async Task Processing_job_no_worker_holds_in_no_list_is_requeued_to_its_lane_once_by_racing_beats_on_the_second_look_and_runs_once()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-fired-stranded");
        var (client, db, hangfire) = (redis.CreateClient(), redis.Redis.GetDatabase(), new HangfireKeys(redis.HangfirePrefix));
        var task = await client.ScheduleAsync(new NotificationTask("fired"), "in:1s", new ScheduleOptions { Priority = Contracts.Flow.TaskPriority.Low });
        var jobId = await InProcessSystem.FireIntoQueueAsync(redis, "default-low", Settings);
        var runId = $"{task.Id}:{task.NextRunAt!.Value.ToUnixTimeMilliseconds()}";
        var (lane, fetched) = (hangfire.Queue("default-low"), hangfire.Fetched("default-low"));
        using var beat = InProcessSystem.BuildBeat(redis, Settings);
        using var otherBeat = InProcessSystem.BuildBeat(redis, Settings);
        async Task SweepPastGraceAsync()
        {
            await Task.Delay(TimeSpan.FromSeconds(1.2));
            await Task.WhenAll(Watchdog(beat).SweepAsync(), Watchdog(otherBeat).SweepAsync());
        }
        async Task<string[]> LaneAsync() => [.. (await db.ListRangeAsync(lane)).Select(v => v.ToString())];

        // "Processing" and handed back to its queue (a stopping worker's hand-back), then fetched again: on its way.
        Assert.True(Jobs(beat).ChangeState(jobId, HangfireJobs.NewProcessingState("worker:gone:1", "w"), EnqueuedState.StateName));
        await SweepPastGraceAsync();
        Assert.Equal([jobId], await LaneAsync());
        Assert.Equal(jobId, (string?)await db.ListRightPopLeftPushAsync(lane, fetched));
        await SweepPastGraceAsync();
        Assert.Empty(await LaneAsync());

        // In no list, but a live worker says it holds the job (Redis lost its fetched entry): that worker's.
        await db.ListRemoveAsync(fetched, jobId);
        var store = new Contracts.Storage.ScheduleStore(redis.Redis, new Contracts.Storage.RedisKeys(redis.KeyPrefix), TimeProvider.System);
        await db.SortedSetAddAsync(redis.KeyPrefix + "heartbeats", "worker:holder", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await store.WriteHoldingAsync("worker:holder", DateTimeOffset.UtcNow, [], [jobId], TimeSpan.FromMinutes(1));
        await SweepPastGraceAsync();
        await SweepPastGraceAsync();
        Assert.Empty(await LaneAsync());

        // Held by none (a fenced hand-back whose re-queue Redis refused): the first look only notes it, the second re-queues
        // it, to the low-priority lane it was fired to, once.
        await store.ClearHoldingAsync("worker:holder");
        await SweepPastGraceAsync();
        Assert.Empty(await LaneAsync());
        await Eventually.WaitAsync(async () =>
        {
            await SweepPastGraceAsync();
            return await LaneAsync();
        }, ids => ids.Length > 0, TimeSpan.FromSeconds(20), "the stranded job to be re-queued");
        await SweepPastGraceAsync();
        Assert.Equal([jobId], await LaneAsync());
        Assert.Equal(EnqueuedState.StateName, (string?)await db.HashGetAsync(hangfire.Job(jobId), "State"));

        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, Settings);
        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(30), "the re-queued run to complete");
        var run = Assert.Single(await client.GetRunsAsync(task.Id));
        Assert.Equal((1, RunOutcome.Succeeded), (run.Attempt, run.Outcome));
        Assert.Null(await db.SortedSetScoreAsync(redis.KeyPrefix + "fired", runId));
    }

    [Fact]
    public async Task Occurrence_whose_job_keeps_failing_before_it_runs_is_recorded_failed_with_the_reason_in_its_history()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-fired-gaveup");
        var (client, db, hangfire) = (redis.CreateClient(), redis.Redis.GetDatabase(), new HangfireKeys(redis.HangfirePrefix));
        var task = await client.ScheduleAsync(new NotificationTask("fired"), "in:1s");
        var jobId = await InProcessSystem.FireIntoQueueAsync(redis, settings: Settings);
        // Hangfire's pipeline fails on this job every time (see PipelineFailureTests), its hand-backs already spent.
        await db.HashSetAsync(hangfire.Job(jobId), [new(FaultyParameterFilter.Parameter, "{unreadable"), new("SchedulerPipelineRetries", "5")]);

        await using var system = await InProcessSystem.StartAsync(redis, beats: 1, workers: 1, Settings, FaultyParameterFilter.AddTo);

        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Failed, TimeSpan.FromSeconds(60), "the occurrence to be recorded failed");
        var run = Assert.Single(await client.GetRunsAsync(task.Id));
        Assert.True(run.IsFinal);
        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.Contains("never ran", run.Error);
        Assert.Contains($"re-queued {FiredRunReconciler.MaxRequeues} times", run.Error);
        Assert.Equal(0, await db.SortedSetLengthAsync(redis.KeyPrefix + "fired"));
    }

    [Fact]
    public async Task Backfilled_occurrences_taken_by_a_beat_that_died_before_enqueueing_them_are_fired_by_another_and_run_once()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-fired-backfill");
        var (client, db, hangfire) = (redis.CreateClient(), redis.Redis.GetDatabase(), new HangfireKeys(redis.HangfirePrefix));
        var task = await client.ScheduleAsync(new NotificationTask("backfilled"), "cron:0 * * * *",
            new ScheduleOptions { Overlap = Contracts.Schedules.OverlapPolicy.Allow });
        var now = DateTimeOffset.UtcNow;
        // Three tops of the hour whatever the minute now (now − 3 h to now − 1 min held two in an hour's first minute).
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        Assert.NotNull(await client.BackfillAsync(task.Id, hour.AddHours(-3).AddMinutes(-30), hour.AddMinutes(-30)));
        // What a beat leaves when it dies right after taking the occurrences: each in the run ledger and the fired
        // index, no job made for any.
        var store = new Contracts.Storage.ScheduleStore(redis.Redis, new Contracts.Storage.RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var taken = await store.TakeBackfillAsync(task.Id, Contracts.Runs.RunScripts.BackfillMember + task.Id, oneAtATime: false, 100, now.AddHours(1));
        Assert.Equal(3, taken!.Count);

        using var beat = InProcessSystem.BuildBeat(redis, Settings);
        using var otherBeat = InProcessSystem.BuildBeat(redis, Settings);
        await Eventually.WaitAsync(async () =>
        {
            await Task.WhenAll(Watchdog(beat).SweepAsync(), Watchdog(otherBeat).SweepAsync());
            return await db.ListLengthAsync(hangfire.Queue("default"));
        }, n => n == taken.Count, TimeSpan.FromSeconds(20), "the taken occurrences to be fired");

        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, Settings);
        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count >= taken.Count, TimeSpan.FromSeconds(30), "the backfilled runs");
        await Task.Delay(TimeSpan.FromSeconds(1));
        runs = await client.GetRunsAsync(task.Id);
        Assert.Equal(taken.Order(), runs.Select(r => r.RunId).Order());
        Assert.All(runs, r => Assert.Equal((1, RunOutcome.Succeeded), (r.Attempt, r.Outcome)));
    }

    private static IBackgroundJobClient Jobs(IHost beat) => beat.Services.GetRequiredService<IBackgroundJobClient>();

    private static OrphanedRunWatchdog Watchdog(IHost beat) => beat.Services.GetServices<IHostedService>().OfType<OrphanedRunWatchdog>().Single();
}
