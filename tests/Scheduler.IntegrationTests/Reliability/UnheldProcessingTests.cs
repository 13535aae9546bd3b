using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;
using static Scheduler.IntegrationTests.Reliability.StrandedProcessingTests;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// A job whose final state change a failover lost is "Processing" again under the worker that finished it, in that
/// worker's fetched list, while the worker lives on: no sweep took it back, and it stayed so for as long as the worker
/// ran. Workers now say which jobs they hold; Beat queues again a job its live worker no longer holds, and the next
/// delivery finds its run done. A job the worker still runs is left alone.
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class UnheldProcessingTests
{
    // Long enough that the worker's heartbeats (every 5 s) keep it alive through the test: the jobs' fetch times are set a
    // minute back instead.
    private static readonly Dictionary<string, string?> Settings = new() { ["Scheduler:Beat:WorkerDeadAfter"] = "00:00:20" };

    [Fact]
    public async Task Processing_job_its_live_worker_no_longer_holds_is_requeued_and_ends_without_running_again_while_one_it_runs_stays()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-unheld");
        var client = redis.CreateClient();
        var db = redis.Redis.GetDatabase();
        var hangfire = new HangfireKeys(redis.HangfirePrefix);
        var task = await client.ScheduleAsync(new NotificationTask("unheld"), "in:1s");
        var lost = await InProcessSystem.FireIntoQueueAsync(redis, settings: Settings);
        using var beat = InProcessSystem.BuildBeat(redis, Settings);

        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, Settings);
        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(30), "the task to run");
        await Eventually.WaitAsync(() => db.ListLengthAsync(hangfire.Fetched("default")), n => n == 0, TimeSpan.FromSeconds(20), "the worker to acknowledge the job");
        var server = (await db.SetMembersAsync(hangfire.Servers)).Select(s => s.ToString()).Single(s => s.StartsWith("worker:", StringComparison.Ordinal));

        // What a failover to a replica that had not received the job's Succeeded commit and acknowledge leaves behind.
        var minuteAgo = JobHelper.SerializeDateTime(DateTime.UtcNow.AddMinutes(-1));
        Assert.True(Jobs(beat).ChangeState(lost, HangfireJobs.NewProcessingState(server, Guid.NewGuid().ToString()), SucceededState.StateName));
        await db.HashSetAsync(hangfire.JobState(lost), "StartedAt", minuteAgo);
        await db.HashSetAsync(hangfire.Job(lost), "Fetched", minuteAgo);
        await db.ListLeftPushAsync(hangfire.Fetched("default"), lost);

        // The control: a job the same worker is running, fetched as long ago.
        var running = Jobs(beat).Enqueue(() => Task.Delay(12_000, CancellationToken.None));
        await Eventually.WaitAsync(() => db.HashGetAsync(hangfire.Job(running), "State"), s => s == ProcessingState.StateName, TimeSpan.FromSeconds(20), "the control job to start");
        await db.HashSetAsync(hangfire.JobState(running), "StartedAt", minuteAgo);
        await db.HashSetAsync(hangfire.Job(running), "Fetched", minuteAgo);
        // Two advertisements later (by the worker's clock, which need not be this host's), one made since the control started.
        var before = (await AdvertisementAsync(db, redis, server))?.At;
        var next = await Eventually.WaitAsync(() => AdvertisementAsync(db, redis, server), holding => holding is not null && holding.At != before,
            TimeSpan.FromSeconds(10), "the worker's next advertisement");
        await Eventually.WaitAsync(() => AdvertisementAsync(db, redis, server), holding => holding!.At > next!.At, TimeSpan.FromSeconds(10),
            "the advertisement after it");

        var sweeper = Sweeper(beat);
        Assert.Equal(0, await sweeper.SweepAsync());
        Assert.Equal(1, await sweeper.SweepAsync());
        Assert.Equal(ProcessingState.StateName, (string?)await db.HashGetAsync(hangfire.Job(running), "State"));
        Assert.Contains(running, await ListAsync(db, hangfire.Fetched("default")));
        // Its worker may have taken it again already: the Enqueued state is read from the job's history.
        Assert.Contains(await ListAsync(db, hangfire.Job(lost) + ":history"), entry => entry.Contains("no longer holds the job", StringComparison.Ordinal));

        await Eventually.WaitAsync(() => db.HashGetAsync(hangfire.Job(lost), "State"), s => s == SucceededState.StateName, TimeSpan.FromSeconds(20),
            "the re-queued job to end again");
        await Eventually.WaitAsync(() => ListAsync(db, hangfire.Fetched("default")), ids => !ids.Contains(lost), TimeSpan.FromSeconds(20),
            "the re-queued job to be acknowledged");
        var run = Assert.Single(await client.GetRunsAsync(task.Id));
        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        Assert.Equal(1, run.Attempt);
    }

    private static async Task<WorkerHolding?> AdvertisementAsync(IDatabase db, RedisTestContext redis, string server)
    {
        var process = Scheduler.Runtime.Hosting.ProcessIdentity.OfHangfireServer(server)!;
        return WorkerHolding.Parse(await db.StringGetAsync(redis.KeyPrefix + "holding:" + process));
    }
}
