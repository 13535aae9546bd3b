using System.Globalization;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>A job left in a fetched list with no worker to move it on is returned to its queue by Beat and runs once.</summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class StrandedFetchTests
{
    [Fact]
    public Task Job_fetched_by_a_worker_that_died_before_starting_it_is_requeued_and_runs() =>
        // What a worker's fetch leaves behind when the process dies before the job reaches "Processing".
        LeftInFetchedListRunsOnceAsync("rel-stranded", (db, jobKey) =>
            db.HashSetAsync(jobKey, "Fetched", DateTime.UtcNow.AddMinutes(-1).ToString("o", CultureInfo.InvariantCulture)));

    [Fact]
    public Task Job_popped_for_a_worker_that_never_got_the_reply_is_requeued_and_runs_while_that_worker_lives() =>
        // What a fetch leaves when Redis goes away between the pop and its reply: the job in a fetched list, still
        // "Enqueued", with no fetch time, and no worker that knows it has it. Requeued, it loses the sweep's date too.
        LeftInFetchedListRunsOnceAsync("rel-unreplied", (_, _) => Task.CompletedTask,
            async (db, jobKey) => Assert.False(await db.HashExistsAsync(jobKey, "Checked")));

    // Beat fires a one-shot; the test pops its job into the fetched list as a worker's fetch would, leaves behind what
    // that fetch would have left (leaveBehind: the job's hash key), then starts a worker: the job must run once.
    private static async Task LeftInFetchedListRunsOnceAsync(string name, Func<IDatabase, string, Task> leaveBehind,
        Func<IDatabase, string, Task>? afterwards = null)
    {
        await using var redis = await RedisTestContext.CreateAsync(name);
        var settings = new Dictionary<string, string?>
        {
            ["Scheduler:Beat:WorkerDeadAfter"] = "00:00:06",
            ["Scheduler:Beat:OrphanCheckInterval"] = "00:00:00.500",
        };
        await using var beat = await InProcessSystem.StartAsync(redis, beats: 1, workers: 0, settings);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask(name), "in:1s");
        var db = redis.Redis.GetDatabase();
        var queue = redis.HangfirePrefix + "queue:default";
        var fetched = queue + ":dequeued";
        await Eventually.WaitAsync(() => db.ListLengthAsync(queue), n => n == 1, TimeSpan.FromSeconds(20), "the fired job in the queue");

        var jobKey = redis.HangfirePrefix + "job:" + (string)(await db.ListRightPopLeftPushAsync(queue, fetched))!;
        await leaveBehind(db, jobKey);

        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, settings);
        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(30), "the stranded job to run");
        // The worker that ran it acknowledges the job (leaves the fetched list) just after our run is recorded.
        await Eventually.WaitAsync(() => db.ListLengthAsync(fetched), n => n == 0, TimeSpan.FromSeconds(10), "the fetched list to empty");
        Assert.Single(await client.GetRunsAsync(task.Id));
        if (afterwards is not null) await afterwards(db, jobKey);
    }
}
