using System.Net;
using Scheduler.Cli;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.EndToEnd;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.IntegrationTests.Reliability;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Scheduler.IntegrationTests.RedisDeployment;

/// <summary>Every component on a Sentinel connection: the primary killed mid-run, the replica promoted, no restart.</summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class SentinelFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Beat_workers_dashboard_and_cli_carry_on_against_the_promoted_replica_after_the_primary_is_killed()
    {
        await using var cluster = await SentinelCluster.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("ha", cluster.ConnectionString);
        await using var system = await ProcessSystem.StartAsync(redis, beats: 1, workers: 2);
        var client = redis.CreateClient();
        var recurring = await client.ScheduleAsync(new NotificationTask("tick"), "every 1s", new ScheduleOptions { Misfire = MisfirePolicy.Skip });
        await Eventually.WaitAsync(() => client.GetRunsAsync(recurring.Id, 1000), r => r.Count >= 3, Patience, "runs before the failover");
        var cost = await ReplicationProbe.MeasureWaitCostAsync(redis.Redis.GetDatabase(), redis.KeyPrefix + "wait-cost", writes: 300);
        var oneShots = new List<ScheduledTask>();
        for (var i = 1; i <= 5; i++) oneShots.Add(await client.ScheduleAsync(new NotificationTask($"once {i}"), $"in {i * 3} seconds"));
        // What async replication has not shipped when the primary dies is lost (the probe measures it): make sure the
        // schedules themselves are on the replica, as an application would for writes that must survive.
        Assert.Equal(1L, (long)await redis.Redis.GetDatabase().ExecuteAsync("WAIT", 1, 2000));

        await using var writes = ReplicationProbe.StartWriting(redis.Redis.GetDatabase(), redis.KeyPrefix + "acked");
        await Task.Delay(300);
        cluster.KillPrimary();
        var killed = DateTimeOffset.UtcNow;
        await Eventually.WaitAsync(cluster.CurrentPrimaryPortAsync, port => port == cluster.ReplicaPort, Patience, "the sentinels to promote the replica");
        var promoted = DateTimeOffset.UtcNow;

        var runs = await Eventually.WaitAsync(() => SafeRunsAsync(client, recurring.Id),
            r => r.Count(x => x.DueAt > promoted && x.Outcome == RunOutcome.Succeeded) >= 3, Patience, "recurring runs due after the promotion");
        var resumed = runs.Where(x => x.DueAt > promoted).Min(x => x.StartedAt);
        var probe = await writes.StopAsync();
        foreach (var task in oneShots)
        {
            var done = await Eventually.WaitAsync(() => SafeGetAsync(client, task.Id), t => t?.Status == ScheduleStatus.Completed, Patience, $"one-shot {task.Id} to complete");
            var ran = await client.GetRunsAsync(task.Id, 100);
            Assert.Equal(RunOutcome.Succeeded, Assert.Single(ran).Outcome);
        }
        // A job whose Succeeded state the failover lost is Processing again on the promoted node, under a worker that lives
        // on but no longer holds it: Beat's sweep queues it again and its next delivery ends it. With the recurring task
        // paused, no Hangfire job stays Processing.
        Assert.True(await client.PauseAsync(recurring.Id));
        await Eventually.WaitAsync(() => SafeProcessingAsync(redis), n => n == 0, Patience, "every Hangfire job to leave Processing");

        // The dashboard's REST API and health answer from the promoted node, with every process still up.
        var api = await system.Http.GetAsync($"/api/tasks/{recurring.Id}/schedule");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        await system.WaitAliveAsync(beats: 1, workers: 2);
        // The CLI, a fresh process-like connection through the sentinels, finds the promoted primary by itself.
        var list = await RunCliAsync(cluster, redis, "list");
        Assert.True(list.Code == 0, list.Err);
        Assert.Contains(recurring.Id, list.Out);
        var info = await RunCliAsync(cluster, redis, "info", recurring.Id);
        Assert.True(info.Code == 0, info.Err);
        Assert.Empty(system.Exited);

        ReliabilityReport.Write(output, $"sentinel-failover: promoted-after={(promoted - killed).TotalSeconds:0.0}s " +
            $"first-run-after-kill={(resumed - killed).TotalSeconds:0.0}s acknowledged-writes={probe.Acknowledged} lost={probe.Lost} " +
            $"failed-writes={probe.Failed} longest-write-gap={probe.LongestGap.TotalSeconds:0.0}s " +
            $"write={cost.PlainMs:0.00}ms write+WAIT1={cost.WaitMs:0.00}ms processes-exited={system.Exited.Count}");
    }

    private static Task<(int Code, string Out, string Err)> RunCliAsync(SentinelCluster cluster, RedisTestContext redis, params string[] args) =>
        InProcessCli.RunAsync(InProcessCli.Environment(cluster.ConnectionString, redis.KeyPrefix), args);

    private static async Task<IReadOnlyList<TaskRun>> SafeRunsAsync(SchedulerClient client, string id)
    {
        try { return await client.GetRunsAsync(id, 1000); }
        catch (Exception e) when (e is RedisException or TimeoutException) { return []; }
    }

    private static async Task<long> SafeProcessingAsync(RedisTestContext redis)
    {
        try { return await redis.Redis.GetDatabase().SortedSetLengthAsync(redis.HangfirePrefix + "processing"); }
        catch (Exception e) when (e is RedisException or TimeoutException) { return -1; }
    }

    private static async Task<ScheduledTask?> SafeGetAsync(SchedulerClient client, string id)
    {
        try { return await client.GetAsync(id); }
        catch (Exception e) when (e is RedisException or TimeoutException) { return null; }
    }
}
