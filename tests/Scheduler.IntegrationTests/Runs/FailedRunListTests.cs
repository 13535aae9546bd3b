using System.Text.Json;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Runs;

/// <summary>The failed-runs listing's pages, read from the index by rank, with entries of deleted tasks among them.</summary>
public sealed class FailedRunListTests
{
    [Fact]
    public async Task Unfiltered_pages_go_newest_first_without_gaps_or_repeats_and_drop_the_entries_of_deleted_tasks_they_meet()
    {
        await using var redis = await RedisTestContext.CreateAsync("failed-list");
        var client = redis.CreateClient();
        var db = redis.Redis.GetDatabase();
        var shell = await client.ScheduleAsync(new ShellTask("true"), "in:1h", new ScheduleOptions { Name = "Nightly shell" });
        var note = await client.ScheduleAsync(new NotificationTask("hi"), "in:1h", new ScheduleOptions { Name = "Greeting" });
        // Ten failed runs, newest first: shell 9, gone 8, note 7, gone 6, shell 5, ... (the "gone" task no longer exists).
        var owners = Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? "gone" : i % 4 == 1 ? shell.Id : note.Id).ToArray();
        await SeedFailedAsync(redis, db, owners);

        var first = await client.GetFailedRunsAsync(limit: 3);
        // The two entries of the deleted task met on the way left the index; the page still holds three rows.
        Assert.Equal([$"{shell.Id}:9", $"{note.Id}:7", $"{shell.Id}:5"], first.Runs.Select(r => r.Run.RunId));
        Assert.Equal([("shell", "Nightly shell"), ("notification", "Greeting")], first.Runs.Take(2).Select(r => (r.TaskType, r.TaskName)));
        Assert.Equal(8, first.Total);
        Assert.Null(await db.SortedSetScoreAsync(redis.KeyPrefix + "failed-runs", "gone:8"));
        Assert.False(await db.HashExistsAsync(redis.KeyPrefix + "failed-runs:data", "gone:6"));
        // Ranks past the page are not read: the deleted task's older entries wait for the page that shows them.
        Assert.NotNull(await db.SortedSetScoreAsync(redis.KeyPrefix + "failed-runs", "gone:4"));

        var second = await client.GetFailedRunsAsync(limit: 3, offset: 3);
        Assert.Equal([$"{note.Id}:3", $"{shell.Id}:1"], second.Runs.Select(r => r.Run.RunId));
        Assert.Equal(5, second.Total);
        Assert.Equal(5, await db.SortedSetLengthAsync(redis.KeyPrefix + "failed-runs"));
        Assert.Empty((await client.GetFailedRunsAsync(limit: 3, offset: 5)).Runs);

        // Filters read the whole index and agree with the pages.
        Assert.Equal(3, (await client.GetFailedRunsAsync(type: "shell")).Total);
        Assert.Equal([$"{note.Id}:7", $"{note.Id}:3"], (await client.GetFailedRunsAsync(taskId: note.Id)).Runs.Select(r => r.Run.RunId));
    }

    private static async Task SeedFailedAsync(RedisTestContext redis, IDatabase db, string[] owners)
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        for (var i = 0; i < owners.Length; i++)
        {
            var run = new TaskRun
            {
                RunId = $"{owners[i]}:{i}", TaskId = owners[i], Attempt = 1, WorkerId = "test", StartedAt = at.AddSeconds(i),
                FinishedAt = at.AddSeconds(i), Outcome = RunOutcome.Failed, Error = "boom", IsFinal = true,
            };
            await db.SortedSetAddAsync(redis.KeyPrefix + "failed-runs", run.RunId, run.FinishedAt.ToUnixTimeMilliseconds());
            await db.HashSetAsync(redis.KeyPrefix + "failed-runs:data", run.RunId, JsonSerializer.Serialize(run, TaskTypes.JsonOptions));
        }
    }
}
