using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.Firing;

/// <summary>
/// A skipped occurrence is announced by the commit that moves the schedule past it, so two beats deciding the same
/// occurrence (one took over a lapsed claim) announce it once, and a fire or a plain not-fired commit announces no skip.
/// </summary>
public sealed class SkipCommitTests
{
    [Fact]
    public async Task A_skip_is_announced_once_by_the_commit_that_stands_and_a_fire_in_the_same_round_announces_none()
    {
        await using var redis = await RedisTestContext.CreateAsync("skip-commit");
        var (client, keys) = (redis.CreateClient(), new RedisKeys(redis.KeyPrefix));
        var store = new ScheduleStore(redis.Redis, keys, TimeProvider.System);
        var (skipped, fired) = (await client.ScheduleAsync(new NotificationTask("skipped"), "every 1 hour"),
            await client.ScheduleAsync(new NotificationTask("fired"), "every 1 hour"));
        var skip = new FireCommit(skipped.Id, skipped.NextRunAt!.Value.ToUnixTimeMilliseconds(), skipped.NextRunAt.Value.AddHours(1), null,
            Fired: false, SkipReason: "missed by 42 s (Skip)");

        var errors = await store.CommitFiresAsync([skip,
            new FireCommit(fired.Id, fired.NextRunAt!.Value.ToUnixTimeMilliseconds(), fired.NextRunAt.Value.AddHours(1), null, Fired: true, JobId: "job-1")]);
        Assert.All(errors, Assert.Null);
        // The same decision committed again (a second beat) finds the schedule moved on: it announces nothing.
        Assert.All(await store.CommitFiresAsync([skip]), Assert.Null);

        var announced = await client.GetRecentEventsAsync(EventTypePattern.Parse("task.skipped"), 10);
        var only = Assert.Single(announced);
        var due = skip.ExpectedDueMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((SchedulerEvents.Skipped, skipped.Id), (only.Type, only.TaskId));
        Assert.Equal(new Dictionary<string, string> { ["runId"] = $"{skipped.Id}:{due}", ["dueAt"] = due, ["error"] = "missed by 42 s (Skip)" }, only.Data);
        Assert.Equal(skipped.NextRunAt.Value.AddHours(1), (await client.GetAsync(skipped.Id))!.NextRunAt);
        Assert.Empty(await client.GetRunsAsync(skipped.Id));
    }
}
