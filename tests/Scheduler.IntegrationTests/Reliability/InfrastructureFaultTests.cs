using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.EndToEnd;
using Scheduler.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>Redis restarted and a Beat killed under real processes: they recover on their own, nothing is lost or fired twice.</summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class InfrastructureFaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Processes_survive_a_redis_restart_and_schedules_and_history_are_kept()
    {
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("rel-redis", server.ConnectionString);
        await using var system = await ProcessSystem.StartAsync(redis, beats: 1, workers: 2);
        var client = redis.CreateClient();
        var recurring = await client.ScheduleAsync(new NotificationTask("tick"), "every 1s", new ScheduleOptions { Misfire = MisfirePolicy.Skip });
        var later = new List<ScheduledTask>();
        for (var i = 0; i < 5; i++) later.Add(await client.ScheduleAsync(new NotificationTask($"later {i}"), "in 2 hours"));
        var before = (await Eventually.WaitAsync(() => client.GetRunsAsync(recurring.Id, 1000), r => r.Count >= 3, Patience, "runs before the restart")).Count;

        await server.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await server.StartAgainAsync();
        var restarted = DateTimeOffset.UtcNow;
        var resumed = await Eventually.WaitAsync(() => SafeRunsAsync(client, recurring.Id), r => r.Any(x => x.StartedAt > restarted), Patience, "a run after the restart");
        await system.WaitAliveAsync(1, 2);

        var kept = 0;
        foreach (var task in later) if (await client.GetAsync(task.Id) is { Status: ScheduleStatus.Scheduled }) kept++;
        var recovery = resumed.Where(x => x.StartedAt > restarted).Min(x => x.StartedAt) - restarted;
        ReliabilityReport.Write(output, $"redis-restart: processes-exited={system.Exited.Count} schedules-kept={kept}/{later.Count} " +
            $"history-before={before} history-after={resumed.Count} resumed-after={recovery.TotalSeconds:0.0}s");
        Assert.Empty(system.Exited);
        Assert.Equal(later.Count, kept);
        Assert.True(resumed.Count >= before);
    }

    [Fact]
    public async Task Remaining_beat_keeps_firing_when_one_is_killed_and_nothing_fires_twice()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-beat");
        // The killed Beat's claims hold this long before the other takes them over: shorter than the default 10 s so the
        // recovery is seen in seconds; every Beat here (the replacement too) gets it.
        var lease = TimeSpan.FromSeconds(3);
        await using var system = await ProcessSystem.StartAsync(redis, beats: 2, workers: 1,
            new Dictionary<string, string?> { ["Scheduler:Beat:ClaimLease"] = lease.ToString() });
        var client = redis.CreateClient();
        var tasks = new List<ScheduledTask>();
        for (var i = 0; i < 10; i++)
            tasks.Add(await client.ScheduleAsync(new NotificationTask($"beat {i}"), "every 1s", new ScheduleOptions { Overlap = OverlapPolicy.Allow }));
        // Firing is under way before a Beat dies: every schedule has run twice (not a fixed wait, which a slow start outlasts).
        foreach (var task in tasks)
            await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count >= 2, Patience, $"{task.Id} to run");

        system.Kill("beat1");
        var killed = DateTimeOffset.UtcNow;
        // Past the lease with room to spare: every schedule must have fired again after it.
        var recovered = killed + lease + TimeSpan.FromSeconds(2);
        await Task.Delay(recovered - killed + TimeSpan.FromSeconds(3));
        system.Start("beat3", "Scheduler.Beat");
        await Task.Delay(TimeSpan.FromSeconds(5));
        await client.CancelAllAsync(new ScheduleFilter());
        await Task.Delay(TimeSpan.FromSeconds(2));

        var runs = new List<TaskRun>();
        foreach (var task in tasks) runs.AddRange(await client.GetRunsAsync(task.Id, 1000));
        var duplicates = runs.GroupBy(r => r.RunId).Count(g => g.Count() > 1);
        var stalled = tasks.Count(t => !runs.Any(r => r.TaskId == t.Id && r.DueAt > recovered));
        var lateness = runs.Max(r => r.StartedAt - r.DueAt!.Value);
        ReliabilityReport.Write(output, $"beat-kill: firings={runs.Count} duplicates={duplicates} stalled-schedules={stalled} " +
            $"max-lateness={lateness.TotalSeconds:0.0}s (claim lease recovery)");
        Assert.Equal(0, duplicates);
        Assert.Equal(0, stalled);
        Assert.All(runs, r => Assert.Equal(RunOutcome.Succeeded, r.Outcome));
    }

    private static async Task<IReadOnlyList<TaskRun>> SafeRunsAsync(SchedulerClient client, string id)
    {
        try { return await client.GetRunsAsync(id, 1000); }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException) { return []; }
    }
}
