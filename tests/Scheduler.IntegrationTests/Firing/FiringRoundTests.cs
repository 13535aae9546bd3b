using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;

namespace Scheduler.IntegrationTests.Firing;

/// <summary>
/// A round of occurrences due at the same instant, fired by a beat alone (no worker takes the jobs): each gets its
/// Hangfire job through the user's filters, and one that cannot be fired does not keep the others from firing.
/// It registers a filter in Hangfire's <c>GlobalJobFilters</c>, so it runs apart from the others (<see cref="ProcessWideState"/>).
/// </summary>
[Collection(ProcessWideState.Name)]
public sealed class FiringRoundTests
{
    private const int Count = 12;

    // Jobs are created five at a time, so a round spans three batches (the last one short) planned one after another.
    private static readonly Dictionary<string, string?> SmallBatches = new() { ["Scheduler:Beat:FireBatchSize"] = "5" };

    [Fact]
    public async Task A_round_fires_every_readable_occurrence_of_each_batch_through_the_users_hangfire_filters_and_marks_the_unreadable_one_failed()
    {
        await using var redis = await RedisTestContext.CreateAsync("round-filters");
        var prefix = $"rf{Guid.NewGuid():N}"[..12];
        using var filter = new RoundFilter(prefix).Register();
        var (keys, db) = (new RedisKeys(redis.KeyPrefix), redis.Redis.GetDatabase());
        var tasks = await ScheduleRoundAsync(redis, prefix);
        var unreadable = tasks[^1];
        await db.HashSetAsync(keys.Task(unreadable.Id), ScheduleRecord.OptionsJson, "{not json");

        await using (await InProcessSystem.StartAsync(redis, beats: 1, workers: 0, SmallBatches))
            await Eventually.WaitAsync(async () => (string?)await db.HashGetAsync(keys.Task(unreadable.Id), ScheduleRecord.Status),
                s => s == ScheduleRecord.StatusText(ScheduleStatus.Failed), TaskRuns.Patience, "the unreadable one marked failed");
        var hangfire = new HangfireJobs(redis);
        using var connection = hangfire.Storage.GetConnection();
        var queued = (await db.ListRangeAsync(new HangfireKeys(redis.HangfirePrefix).Queue("default"))).Select(v => v.ToString()).ToHashSet();
        Assert.Equal(Count - 1, queued.Count);
        foreach (var task in tasks[..^1])
        {
            var owner = (string)(await db.HashGetAsync(keys.Run($"{task.Id}:{task.NextRunAt!.Value.ToUnixTimeMilliseconds()}"), "owner"))!;
            Assert.Equal(filter.Created[task.Id], owner);
            Assert.Contains(owner, queued);
            Assert.Equal($"{owner} Enqueued", filter.Applied[task.Id]);
            Assert.Equal($"\"{task.Id}\"", connection.GetJobParameter(owner, RoundFilter.Parameter));
            Assert.Equal("Enqueued", connection.GetJobData(owner).State);
        }
        Assert.DoesNotContain(unreadable.Id, filter.Created.Keys);
    }

    [Fact]
    public async Task A_round_fires_every_other_occurrence_of_every_batch_when_a_state_filter_throws_for_one_job_and_leaves_that_one_due()
    {
        await using var redis = await RedisTestContext.CreateAsync("round-throw");
        var prefix = $"rt{Guid.NewGuid():N}"[..12];
        var (client, db) = (redis.CreateClient(), redis.Redis.GetDatabase());
        var tasks = await ScheduleRoundAsync(redis, prefix);
        var refused = tasks[3];
        using var filter = new RoundFilter(prefix) { ThrowOnApplied = [refused.Id] }.Register();

        await using (await InProcessSystem.StartAsync(redis, beats: 1, workers: 0, SmallBatches))
            await Eventually.WaitAsync(() => db.ListLengthAsync(new HangfireKeys(redis.HangfirePrefix).Queue("default")), n => n == Count - 1,
                TaskRuns.Patience, "every other occurrence's job in the queue");
        Assert.Equal(tasks.Where(t => t != refused).Select(t => t.Id).Order(), filter.Created.Keys.Order());
        var left = await client.GetAsync(refused.Id);
        Assert.Equal((ScheduleStatus.Scheduled, 0L), (left!.Status, left.RunCount));
        Assert.Equal(refused.NextRunAt, left.NextRunAt);
    }

    // One-shots due together a little ahead, scheduled before any beat runs, so that one claim takes them all.
    private static async Task<ScheduledTask[]> ScheduleRoundAsync(RedisTestContext redis, string prefix)
    {
        var client = redis.CreateClient();
        var due = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeSeconds());
        return await Task.WhenAll(Enumerable.Range(0, Count).Select(i => client.ScheduleAsync(new NotificationTask($"round {i}"),
            $"at:{due:yyyy-MM-ddTHH:mm:ssZ}", new ScheduleOptions { Id = $"{prefix}-{i:00}" })));
    }
}
