using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Scheduler.Beat.Recovery;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// Beat's reconciler on runs left in flight by a worker that is alive (issue 14): its Hangfire job no longer processes
/// them, so the watchdog (dead workers only) never would. Each is re-queued exactly once, even by two beats sweeping at
/// the same time, then runs once; a run its worker still holds is left to it; a schedule left "running" is set back.
/// The runs are claimed here exactly as a worker's claim leaves them, so no worker races the sweeps.
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class RunReconcilerTests
{
    private const string LiveWorker = "worker:live-host:777:a11ve0";
    private const string Missing = "missing";

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Scheduler:Beat:WorkerDeadAfter"] = "00:00:06",
        ["Scheduler:Beat:ReconcileAfter"] = "00:00:01",
    };

    [Theory]
    [InlineData("Failed")]
    [InlineData("Succeeded")]
    [InlineData(Missing)]
    public async Task Run_in_flight_on_a_live_worker_whose_job_ended_is_requeued_once_its_worker_lets_it_go_once_by_racing_beats_and_then_runs_once(string jobState)
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-reconcile");
        var (client, db, hangfire) = (redis.CreateClient(), redis.Redis.GetDatabase(), new HangfireKeys(redis.HangfirePrefix));
        var (task, runId, jobId) = await FireAsync(redis, client);
        using var beat = InProcessSystem.BuildBeat(redis, Settings);
        using var otherBeat = InProcessSystem.BuildBeat(redis, Settings);
        EndJob(beat, redis, jobId, jobState);
        await ClaimAsLiveWorkerAsync(redis, task.Id, runId, jobId);
        // Nothing advertised (expired, or lost with a Redis restart): no evidence the worker let it go, so it is left.
        await Watchdog(beat).SweepAsync();
        Assert.True(await db.HashExistsAsync(redis.KeyPrefix + "inflight", runId));
        Assert.Empty(await client.GetRunsAsync(task.Id));
        // The worker advertises, after the claim, that it does not hold the run.
        await AdvertiseAsync(db, redis);

        await Task.WhenAll(Watchdog(beat).SweepAsync(), Watchdog(otherBeat).SweepAsync());
        await Watchdog(beat).SweepAsync();

        Assert.Empty(await db.HashGetAllAsync(redis.KeyPrefix + "inflight"));
        var lost = Assert.Single(await client.GetRunsAsync(task.Id));
        Assert.Equal((1, RunOutcome.Failed, false), (lost.Attempt, lost.Outcome, lost.IsFinal));
        Assert.Contains("never finished", lost.Error);
        var queued = Assert.Single((await db.ListRangeAsync(hangfire.Queue("default"))).Select(v => v.ToString()));
        Assert.Equal(EnqueuedState.StateName, (string?)await db.HashGetAsync(hangfire.Job(queued), "State"));
        // A job that vanished is replaced by one the run ledger hands the run to.
        Assert.Equal(jobState == Missing ? (string?)await db.HashGetAsync(redis.KeyPrefix + "run:" + runId, "owner") : jobId, queued);
        if (jobState == Missing) Assert.NotEqual(jobId, queued);

        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, Settings);
        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(30), "the re-queued run to complete");
        var runs = await client.GetRunsAsync(task.Id);
        var succeeded = Assert.Single(runs, r => r.Outcome == RunOutcome.Succeeded);
        Assert.Equal(2, succeeded.Attempt);
        Assert.Equal(2, runs.Count);
    }

    [Fact]
    public async Task Run_in_flight_on_a_live_worker_whose_job_was_deleted_is_recorded_stopped_once_by_racing_beats_not_requeued()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-reconcile-deleted");
        var (client, db, hangfire) = (redis.CreateClient(), redis.Redis.GetDatabase(), new HangfireKeys(redis.HangfirePrefix));
        var (task, runId, jobId) = await FireAsync(redis, client);
        using var beat = InProcessSystem.BuildBeat(redis, Settings);
        using var otherBeat = InProcessSystem.BuildBeat(redis, Settings);
        EndJob(beat, redis, jobId, "Deleted");
        await ClaimAsLiveWorkerAsync(redis, task.Id, runId, jobId);
        await AdvertiseAsync(db, redis);

        await Task.WhenAll(Watchdog(beat).SweepAsync(), Watchdog(otherBeat).SweepAsync());
        await Watchdog(beat).SweepAsync();

        Assert.Empty(await db.HashGetAllAsync(redis.KeyPrefix + "inflight"));
        var run = Assert.Single(await client.GetRunsAsync(task.Id));
        Assert.Equal((1, RunOutcome.Cancelled, true), (run.Attempt, run.Outcome, run.IsFinal));
        Assert.Equal("stopped by whoever deleted its Hangfire job, the task going on: attempt 1 did not finish (its Hangfire job is Deleted)", run.Error);
        Assert.Equal(0, await db.ListLengthAsync(hangfire.Queue("default")));
        // The one-shot's only run was stopped: nothing of it is left to run.
        Assert.Equal(ScheduleStatus.Cancelled, (await client.GetAsync(task.Id))!.Status);
    }

    [Fact]
    public async Task Requeued_run_of_an_overlap_queue_task_does_not_wait_for_its_own_lost_attempt()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-reconcile-queue");
        var client = redis.CreateClient();
        var (task, runId, jobId) = await FireAsync(redis, client, new ScheduleOptions { Overlap = OverlapPolicy.Queue });
        using var beat = InProcessSystem.BuildBeat(redis, Settings);
        EndJob(beat, redis, jobId, "Failed");
        // The lost attempt left the schedule "running": the re-delivery sees that as a previous run still going.
        await ClaimAsLiveWorkerAsync(redis, task.Id, runId, jobId);
        await AdvertiseAsync(redis.Redis.GetDatabase(), redis);

        await Watchdog(beat).SweepAsync();
        // The sweep sets the schedule back once nothing is in flight; a worker that takes the re-queued job before
        // that step (the race seen in production) finds it still "running": leave it as that worker finds it.
        await redis.Redis.GetDatabase().HashSetAsync(redis.KeyPrefix + "task:" + task.Id, "status", "running");
        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, Settings);

        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(20), "the re-queued run to complete");
        Assert.Contains(await client.GetRunsAsync(task.Id), r => r.Outcome == RunOutcome.Succeeded && r.Attempt == 2);
    }

    [Fact]
    public async Task Run_its_live_worker_still_holds_is_left_to_it_until_the_worker_lets_it_go()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-reconcile-held");
        var (client, db, hangfire) = (redis.CreateClient(), redis.Redis.GetDatabase(), new HangfireKeys(redis.HangfirePrefix));
        var (task, runId, jobId) = await FireAsync(redis, client);
        using var beat = InProcessSystem.BuildBeat(redis, Settings);
        EndJob(beat, redis, jobId, "Failed");
        await ClaimAsLiveWorkerAsync(redis, task.Id, runId, jobId);
        // What a worker whose outcome waits for Redis advertises: it holds the run, whatever its Hangfire job says.
        await AdvertiseAsync(db, redis, runId);

        await Watchdog(beat).SweepAsync();

        Assert.True(await db.HashExistsAsync(redis.KeyPrefix + "inflight", runId));
        Assert.Empty(await client.GetRunsAsync(task.Id));
        Assert.Equal(0, await db.ListLengthAsync(hangfire.Queue("default")));
        Assert.Equal(ScheduleStatus.Running, (await client.GetAsync(task.Id))!.Status);

        // The worker gave up the run (its outcome could not be written in time): now it is repaired.
        await AdvertiseAsync(db, redis);
        await Watchdog(beat).SweepAsync();

        Assert.False(await db.HashExistsAsync(redis.KeyPrefix + "inflight", runId));
        Assert.Equal([jobId], (await db.ListRangeAsync(hangfire.Queue("default"))).Select(v => v.ToString()));
    }

    [Fact]
    public async Task Advertisements_are_not_judged_until_redis_has_answered_for_worker_dead_after_since_it_failed()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-reconcile-after-outage");
        var (client, db) = (redis.CreateClient(), redis.Redis.GetDatabase());
        var (task, runId, jobId) = await FireAsync(redis, client);
        using var beat = InProcessSystem.BuildBeat(redis, Settings);
        EndJob(beat, redis, jobId, "Failed");
        await ClaimAsLiveWorkerAsync(redis, task.Id, runId, jobId);
        // Published after Redis came back, before the worker re-published (or rewrote a rolled-back outcome).
        await AdvertiseAsync(db, redis);
        beat.Services.GetRequiredService<RedisHealth>().ReportTrouble();

        await Watchdog(beat).SweepAsync();

        Assert.True(await db.HashExistsAsync(redis.KeyPrefix + "inflight", runId));
        Assert.Empty(await client.GetRunsAsync(task.Id));
    }

    [Fact]
    public async Task Schedule_left_running_with_no_run_in_flight_is_set_back_to_scheduled_and_one_with_a_run_is_not()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-reconcile-stuck");
        var (client, db) = (redis.CreateClient(), redis.Redis.GetDatabase());
        var stuck = await client.ScheduleAsync(new NotificationTask("stuck"), "every 1 hour");
        var busy = await client.ScheduleAsync(new NotificationTask("busy"), "every 1 hour");
        using var beat = InProcessSystem.BuildBeat(redis, Settings);
        await db.SortedSetAddAsync(redis.KeyPrefix + "heartbeats", LiveWorker, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        foreach (var task in new[] { stuck, busy }) await db.HashSetAsync(redis.KeyPrefix + "task:" + task.Id, "status", "running");
        // Held by its live worker, so the reconciler leaves the busy one's run in flight.
        await db.HashSetAsync(redis.KeyPrefix + "inflight", $"{busy.Id}:1", $"job-1|{LiveWorker}|{busy.Id}|1|{DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds()}");
        await AdvertiseAsync(db, redis, $"{busy.Id}:1");
        await db.SortedSetRemoveAsync(redis.KeyPrefix + "due", stuck.Id);

        await Watchdog(beat).SweepAsync();

        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync(stuck.Id))!.Status);
        Assert.NotNull(await db.SortedSetScoreAsync(redis.KeyPrefix + "due", stuck.Id));
        Assert.True(ScheduleStatus.Running == (await client.GetAsync(busy.Id))!.Status,
            $"in flight: {string.Join(", ", (await db.HashGetAllAsync(redis.KeyPrefix + "inflight")).Select(e => $"{e.Name}={e.Value}"))}; busy {busy.Id}");
    }

    // A one-shot fired into the "default" queue with no worker running: its task, run id and Hangfire job.
    private static async Task<(ScheduledTask Task, string RunId, string JobId)> FireAsync(RedisTestContext redis, SchedulerClient client, ScheduleOptions? options = null)
    {
        var task = await client.ScheduleAsync(new NotificationTask("reconciled"), "in:1s", options);
        var jobId = await InProcessSystem.FireIntoQueueAsync(redis, settings: Settings);
        return (task, $"{task.Id}:{task.NextRunAt!.Value.ToUnixTimeMilliseconds()}", jobId);
    }

    // The job is taken from its queue (a worker fetched it) and ends as issue 14 saw it, or is gone altogether.
    private static void EndJob(IHost beat, RedisTestContext redis, string jobId, string state)
    {
        var db = redis.Redis.GetDatabase();
        var hangfire = new HangfireKeys(redis.HangfirePrefix);
        db.ListRemove(hangfire.Queue("default"), jobId);
        var jobs = beat.Services.GetRequiredService<IBackgroundJobClient>();
        IState? next = state switch
        {
            "Failed" => new FailedState(new InvalidOperationException("our bookkeeping write failed")),
            "Succeeded" => new SucceededState(null, 0, 0),
            "Deleted" => new DeletedState(),
            _ => null,
        };
        if (next is not null) Assert.True(jobs.ChangeState(jobId, next, null));
        else db.KeyDelete([hangfire.Job(jobId), hangfire.JobState(jobId), hangfire.Job(jobId) + ":history"]);
    }

    // What a worker's claim leaves (a minute ago), on a worker that still heart-beats.
    private static async Task ClaimAsLiveWorkerAsync(RedisTestContext redis, string taskId, string runId, string jobId)
    {
        var db = redis.Redis.GetDatabase();
        var claimed = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();
        await db.SortedSetAddAsync(redis.KeyPrefix + "heartbeats", LiveWorker, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await db.HashSetAsync(redis.KeyPrefix + "run:" + runId, [new("owner", jobId), new("attempts", 1)]);
        await db.HashSetAsync(redis.KeyPrefix + "inflight", runId, $"{jobId}|{LiveWorker}|{taskId}|1|{claimed}");
        await db.HashSetAsync(redis.KeyPrefix + "task:" + taskId, "status", "running");
    }

    private static Task AdvertiseAsync(IDatabase db, RedisTestContext redis, params string[] runIds) =>
        db.StringSetAsync(redis.KeyPrefix + "holding:" + LiveWorker,
            string.Join('\n', runIds.Prepend(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString())), TimeSpan.FromMinutes(1));

    private static OrphanedRunWatchdog Watchdog(IHost beat) => beat.Services.GetServices<IHostedService>().OfType<OrphanedRunWatchdog>().Single();
}
