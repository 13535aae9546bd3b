using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Lifecycle;

/// <summary>Several beats, restarts and downtime: every occurrence fires exactly once and nothing stored is lost.</summary>
public sealed class AvailabilityTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Two_beats_fire_every_occurrence_exactly_once()
    {
        await using var redis = await RedisTestContext.CreateAsync("ha-two-beats");
        await using var system = await InProcessSystem.StartAsync(redis, beats: 2, workers: 2);
        var client = redis.CreateClient();
        var tasks = await Task.WhenAll(Enumerable.Range(0, 24)
            .Select(i => client.ScheduleAsync(new NotificationTask($"ha {i}"), "every 1s", new ScheduleOptions { MaxRuns = 4, Overlap = OverlapPolicy.Allow })));

        foreach (var task in tasks)
            await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, Patience, $"{task.Id} to complete");
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var total = 0;
        foreach (var task in tasks)
        {
            var runs = await client.GetRunsAsync(task.Id);
            total += runs.Count;
            Assert.Equal(4, runs.Count);
            Assert.Equal(4, runs.Select(r => r.RunId).Distinct().Count());
            var dues = runs.Select(r => r.DueAt!.Value).Order().ToList();
            Assert.All(dues.Zip(dues.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(1), pair.Second - pair.First));
        }
        Assert.Equal(96, total);
    }

    [Fact]
    public async Task Schedules_history_and_firing_survive_a_full_restart()
    {
        await using var redis = await RedisTestContext.CreateAsync("ha-restart");
        var client = redis.CreateClient();
        ScheduledTask recurring, later;
        int before;
        await using (var first = await InProcessSystem.StartAsync(redis))
        {
            recurring = await client.ScheduleAsync(new NotificationTask("tick"), "every 1s");
            later = await client.ScheduleAsync(new NotificationTask("later"), "in 2 hours", new ScheduleOptions { Tags = ["keep"] });
            await client.PauseAsync(later.Id);
            before = (await Eventually.WaitAsync(() => client.GetRunsAsync(recurring.Id), r => r.Count >= 2, Patience, "runs before restart")).Count;
        }

        await using var second = await InProcessSystem.StartAsync(redis);
        await Eventually.WaitAsync(() => client.GetRunsAsync(recurring.Id), r => r.Count >= before + 2, Patience, "runs after restart");
        var kept = await client.GetAsync(later.Id);
        Assert.Equal(ScheduleStatus.Paused, kept!.Status);
        Assert.Equal(later.NextRunAt, kept.NextRunAt);
        Assert.Equal(["keep"], kept.Options.Tags);
        Assert.True((await client.GetAsync(recurring.Id))!.RunCount >= before);
    }

    [Theory]
    [InlineData(MisfirePolicy.RunOnce, 1)]
    [InlineData(MisfirePolicy.Skip, 0)]
    public async Task Occurrences_missed_while_no_beat_ran_follow_the_misfire_policy(MisfirePolicy policy, int catchUpRuns)
    {
        await using var redis = await RedisTestContext.CreateAsync("ha-misfire");
        var settings = new Dictionary<string, string?> { ["Scheduler:Beat:MisfireThreshold"] = "00:00:00.500" };
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("x"), "every 1s", new ScheduleOptions { Misfire = policy });
        await using var workerOnly = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, settings);
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        var beatStarted = DateTimeOffset.UtcNow;

        await using var beat = await InProcessSystem.StartAsync(redis, beats: 1, workers: 0, settings);
        await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count(x => x.DueAt >= beatStarted) >= 2, Patience, "regular runs after the beat started");

        var runs = await client.GetRunsAsync(task.Id, 100);
        var missedRuns = runs.Count(r => r.DueAt < beatStarted);
        // runOnce leaves its one run to the next occurrence when the Beat came back within half a second of it (an
        // every-second task: about half the time), and says so in the skip it announces; else the catch-up runs.
        var leftToNext = (await client.GetRecentEventsAsync(EventTypePattern.Parse("task.skipped"), 50, task.Id))
            .Any(e => e.Data.GetValueOrDefault("error", "").Contains("is its one run", StringComparison.Ordinal));
        Assert.Equal(catchUpRuns == 1 && leftToNext ? 0 : catchUpRuns, missedRuns);
        Assert.False(leftToNext && policy != MisfirePolicy.RunOnce);
        if (catchUpRuns == 1 && !leftToNext) Assert.Equal(task.NextRunAt, runs.Single(r => r.DueAt < beatStarted).DueAt);
    }
}
