using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Scheduler.Beat.Recovery;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Hosting;
using StackExchange.Redis;
using Scheduler.Runtime.Redis;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// A job left "Processing" by a worker that died before recording its run is re-queued by Beat's sweeper; jobs of live
/// workers and jobs whose run the orphaned-run watchdog owns are not. The sweeper is the only thing that hands back a
/// fetched job: the storage runs no fetched-jobs watcher of Hangfire.Redis.StackExchange.
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class StrandedProcessingTests
{
    // Named the way our workers name their Hangfire servers; it never heart-beats.
    internal const string DeadWorker = "worker:ghost-host:4242:dead00";
    private const string Parked = "parked";

    private static readonly Dictionary<string, string?> Settings = new() { ["Scheduler:Beat:WorkerDeadAfter"] = "00:00:06" };

    [Fact]
    public async Task Processing_job_of_a_worker_that_died_before_recording_its_run_is_requeued_and_runs_once()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-abandoned");
        var client = redis.CreateClient();
        var db = redis.Redis.GetDatabase();
        var hangfire = new HangfireKeys(redis.HangfirePrefix);
        var task = await client.ScheduleAsync(new NotificationTask("abandoned"), "in:1s");
        await InProcessSystem.FireIntoQueueAsync(redis, settings: Settings);

        using var beat = InProcessSystem.BuildBeat(redis, Settings);
        using var otherBeat = InProcessSystem.BuildBeat(redis, Settings);
        var jobId = await StrandAsync(db, beat, hangfire, "default", DeadWorker);
        Assert.Empty(await db.HashGetAllAsync(redis.KeyPrefix + "inflight"));

        var sweepers = new[] { Sweeper(beat), Sweeper(otherBeat) };
        // Each beat re-queues an abandoned job on its second sighting; then only one of them may push it.
        Assert.Equal(new[] { 0, 0 }, await Task.WhenAll(sweepers.Select(s => s.SweepAsync())));
        Assert.Equal(1, (await Task.WhenAll(sweepers.Select(s => s.SweepAsync()))).Sum());
        Assert.Equal([jobId], await ListAsync(db, hangfire.Queue("default")));
        Assert.Empty(await ListAsync(db, hangfire.Fetched("default")));
        Assert.False(await db.HashExistsAsync(hangfire.Job(jobId), "Fetched"));
        // Not left "Processing" on the dead server: between a worker's fetch and its Processing, the job would look abandoned.
        Assert.Equal(EnqueuedState.StateName, (string?)await db.HashGetAsync(hangfire.Job(jobId), "State"));
        Assert.Equal(0, await sweepers[0].SweepAsync());

        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, Settings);
        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(30), "the re-queued job to run");
        await Eventually.WaitAsync(() => db.ListLengthAsync(hangfire.Fetched("default")), n => n == 0, TimeSpan.FromSeconds(10), "the worker to acknowledge the job");
        var run = Assert.Single(await client.GetRunsAsync(task.Id));
        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        Assert.True(run.Attempt == 1, $"started {run.Attempt} times; Hangfire history:\n{string.Join("\n", await ListAsync(db, hangfire.Job(jobId) + ":history"))}");
        Assert.Equal(SucceededState.StateName, (string?)await db.HashGetAsync(hangfire.Job(jobId), "State"));

        // The sweeper's premise, on a real worker: its Hangfire server id leads back to its heart-beating process.
        var server = (await db.SetMembersAsync(redis.HangfirePrefix + "servers")).Select(s => s.ToString()).Single(s => s.StartsWith("worker:"));
        var process = ProcessIdentity.OfHangfireServer(server);
        Assert.NotNull(process);
        Assert.NotNull(await db.SortedSetScoreAsync(redis.KeyPrefix + "heartbeats", process));
    }

    [Fact]
    public async Task Processing_jobs_of_a_live_worker_or_with_a_run_in_flight_are_not_requeued()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-not-abandoned");
        var db = redis.Redis.GetDatabase();
        var hangfire = new HangfireKeys(redis.HangfirePrefix);
        using var beat = InProcessSystem.BuildBeat(redis, Settings);
        const string liveWorker = "worker:live-host:777:a11ve0";
        await db.SortedSetAddAsync(redis.KeyPrefix + "heartbeats", liveWorker, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        var ofLiveWorker = await StrandAsync(db, beat, hangfire, Parked, liveWorker);
        var inFlight = await StrandAsync(db, beat, hangfire, Parked, DeadWorker);
        var started = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();
        await db.HashSetAsync(redis.KeyPrefix + "inflight", "t-watched:1", $"{inFlight}|{DeadWorker}|t-watched|1|{started}");
        // The control: the same sweeps must re-queue this one, or the others' staying put would prove nothing.
        var abandoned = await StrandAsync(db, beat, hangfire, Parked, DeadWorker);
        var fetchedBefore = await FetchedTimesAsync(db, hangfire, ofLiveWorker, inFlight);

        var sweeper = Sweeper(beat);
        Assert.Equal(0, await sweeper.SweepAsync());
        Assert.Equal(1, await sweeper.SweepAsync());

        Assert.Equal([abandoned], await ListAsync(db, hangfire.Queue(Parked)));
        Assert.Equal(new[] { ofLiveWorker, inFlight }.Order(), (await ListAsync(db, hangfire.Fetched(Parked))).Order());
        Assert.Equal(fetchedBefore, await FetchedTimesAsync(db, hangfire, ofLiveWorker, inFlight));
    }

    [Fact]
    public async Task Fetched_entry_left_by_a_dead_worker_of_a_job_already_back_in_its_queue_is_dropped_not_pushed_again()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-requeued-twice");
        var db = redis.Redis.GetDatabase();
        var hangfire = new HangfireKeys(redis.HangfirePrefix);
        using var beat = InProcessSystem.BuildBeat(redis, Settings);
        // What the watchdog's re-queue through the job's state leaves: the job waiting in its queue again, while the
        // dead worker's fetch still lists it with its old fetch time.
        var jobId = Jobs(beat).Create(Job.FromExpression(() => Console.WriteLine("never run")), new EnqueuedState(Parked));
        await db.ListLeftPushAsync(hangfire.Fetched(Parked), jobId);
        await db.HashSetAsync(hangfire.Job(jobId), "Fetched", JobHelper.SerializeDateTime(DateTime.UtcNow.AddMinutes(-1)));

        Assert.Equal(0, await Sweeper(beat).SweepAsync());

        Assert.Equal([jobId], await ListAsync(db, hangfire.Queue(Parked)));
        Assert.Empty(await ListAsync(db, hangfire.Fetched(Parked)));
    }

    [Fact]
    public async Task Entries_of_finished_or_missing_jobs_are_dropped_and_a_job_of_a_foreign_server_is_requeued_once_hangfire_dropped_that_server()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-leftovers");
        var db = redis.Redis.GetDatabase();
        var hangfire = new HangfireKeys(redis.HangfirePrefix);
        using var beat = InProcessSystem.BuildBeat(redis, Settings);
        var jobs = Jobs(beat);
        // Finished on a worker that died before acknowledging it: long ago, and (the control) just now.
        var finished = await StrandAsync(db, beat, hangfire, Parked, DeadWorker);
        Assert.True(jobs.ChangeState(finished, new SucceededState(null, 1, 1), ProcessingState.StateName));
        var justFinished = await StrandAsync(db, beat, hangfire, Parked, DeadWorker);
        Assert.True(jobs.ChangeState(justFinished, new SucceededState(null, 1, 1), ProcessingState.StateName));
        await db.HashSetAsync(hangfire.Job(justFinished), "Fetched", JobHelper.SerializeDateTime(DateTime.UtcNow));
        await db.ListLeftPushAsync(hangfire.Fetched(Parked), "expired-job");
        // Started by Hangfire servers that are not ours: one Hangfire's watchdog removed, one still listed.
        var ofGoneServer = await StrandAsync(db, beat, hangfire, Parked, DeadWorker);
        await db.HashSetAsync(hangfire.JobState(ofGoneServer), "ServerId", $"other-app:1:{Guid.NewGuid()}");
        var ofListedServer = await StrandAsync(db, beat, hangfire, Parked, DeadWorker);
        var listed = $"other-app:2:{Guid.NewGuid()}";
        await db.HashSetAsync(hangfire.JobState(ofListedServer), "ServerId", listed);
        await db.SetAddAsync(hangfire.Servers, listed);

        var sweeper = Sweeper(beat);
        Assert.Equal(0, await sweeper.SweepAsync());
        Assert.Equal((await ListAsync(db, hangfire.Fetched(Parked))).Order(), new[] { justFinished, "expired-job", ofGoneServer, ofListedServer }.Order());
        Assert.False(await db.HashExistsAsync(hangfire.Job(finished), "Fetched"));
        Assert.Equal(1, await sweeper.SweepAsync());

        Assert.Equal([ofGoneServer], await ListAsync(db, hangfire.Queue(Parked)));
        Assert.Equal(EnqueuedState.StateName, (string?)await db.HashGetAsync(hangfire.Job(ofGoneServer), "State"));
        Assert.Equal(new[] { justFinished, ofListedServer }.Order(), (await ListAsync(db, hangfire.Fetched(Parked))).Order());
        Assert.False(await db.KeyExistsAsync(hangfire.Job("expired-job")));
    }

    [Fact]
    public async Task Dropping_a_requeued_jobs_stale_entry_after_another_worker_fetched_it_leaves_that_workers_entry_and_fields()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-drop-fetched");
        var db = redis.Redis.GetDatabase();
        var hangfire = new HangfireKeys(redis.HangfirePrefix);
        var list = hangfire.Fetched(Parked);
        var job = hangfire.Job("j1");
        // The dead worker's entry, then the entry of a worker that fetched the re-queued job before the drop ran.
        await db.ListLeftPushAsync(list, ["j1", "j1"]);
        await db.HashSetAsync(job, [new("Fetched", "the new fetch"), new("State", "Processing")]);

        Assert.Equal(1, (int)await db.ScriptEvaluateAsync(StrandedFetchSweeper.DropFetched, [list, job], ["j1", "the dead fetch"]));
        Assert.Equal(["j1"], await ListAsync(db, list));
        Assert.Equal("the new fetch", (string?)await db.HashGetAsync(job, "Fetched"));
        // Its one entry now: not the dead worker's to drop.
        Assert.Equal(0, (int)await db.ScriptEvaluateAsync(StrandedFetchSweeper.DropFetched, [list, job], ["j1", "the dead fetch"]));
        Assert.Equal(["j1"], await ListAsync(db, list));
        // As read: the dead worker's entry goes with the job's fetch fields.
        Assert.Equal(1, (int)await db.ScriptEvaluateAsync(StrandedFetchSweeper.DropFetched, [list, job], ["j1", "the new fetch"]));
        Assert.Empty(await ListAsync(db, list));
        Assert.False(await db.HashExistsAsync(job, "Fetched"));
    }

    /// <summary>
    /// Leaves a job as a worker of <paramref name="process"/> would if it died right after Hangfire marked the job
    /// "Processing" (a minute ago), before our runner wrote its in-flight entry. Jobs not yet in a queue are created.
    /// </summary>
    internal static async Task<string> StrandAsync(IDatabase db, IHost beat, HangfireKeys hangfire, string queue, string process)
    {
        var jobs = Jobs(beat);
        if (await db.ListLengthAsync(hangfire.Queue(queue)) == 0)
            jobs.Create(Job.FromExpression(() => Console.WriteLine("never run")), new EnqueuedState(queue));
        // The worker's fetch: the job moves to the fetched list and gets its fetch time.
        var jobId = (string)(await db.ListRightPopLeftPushAsync(hangfire.Queue(queue), hangfire.Fetched(queue)))!;
        var minuteAgo = JobHelper.SerializeDateTime(DateTime.UtcNow.AddMinutes(-1));
        await db.HashSetAsync(hangfire.Job(jobId), "Fetched", minuteAgo);
        // Its Hangfire worker then moves the job to "Processing", written by Hangfire itself; only the time is moved back.
        var serverId = $"{process}:{process.Split(':')[2]}:{Guid.NewGuid()}";
        Assert.True(jobs.ChangeState(jobId, HangfireJobs.NewProcessingState(serverId, Guid.NewGuid().ToString()), EnqueuedState.StateName));
        await db.HashSetAsync(hangfire.JobState(jobId), "StartedAt", minuteAgo);
        return jobId;
    }

    internal static IBackgroundJobClient Jobs(IHost beat) => beat.Services.GetRequiredService<IBackgroundJobClient>();

    internal static StrandedFetchSweeper Sweeper(IHost beat) => beat.Services.GetRequiredService<StrandedFetchSweeper>();

    internal static async Task<string[]> ListAsync(IDatabase db, string key) => [.. (await db.ListRangeAsync(key)).Select(v => v.ToString())];

    private static async Task<string[]> FetchedTimesAsync(IDatabase db, HangfireKeys hangfire, params string[] jobIds) =>
        [.. await Task.WhenAll(jobIds.Select(async id => (await db.HashGetAsync(hangfire.Job(id), "Fetched")).ToString()))];
}
