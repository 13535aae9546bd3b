using System.Globalization;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>A job a worker fetched but died before starting is returned to its queue by Beat and runs.</summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class StrandedFetchTests
{
    [Fact]
    public async Task Job_fetched_by_a_worker_that_died_before_starting_it_is_requeued_and_runs()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-stranded");
        var settings = new Dictionary<string, string?>
        {
            ["Scheduler:Beat:WorkerDeadAfter"] = "00:00:06",
            ["Scheduler:Beat:OrphanCheckInterval"] = "00:00:00.500",
        };
        await using var beat = await InProcessSystem.StartAsync(redis, beats: 1, workers: 0, settings);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("stranded"), "in:1s");
        var db = redis.Redis.GetDatabase();
        var queue = redis.HangfirePrefix + "queue:default";
        var fetched = queue + ":dequeued";
        await Eventually.WaitAsync(() => db.ListLengthAsync(queue), n => n == 1, TimeSpan.FromSeconds(20), "the fired job in the queue");

        // What a worker's fetch leaves behind when the process dies before the job reaches "Processing".
        var jobId = (string)(await db.ListRightPopLeftPushAsync(queue, fetched))!;
        await db.HashSetAsync(redis.HangfirePrefix + "job:" + jobId, "Fetched",
            DateTime.UtcNow.AddMinutes(-1).ToString("o", CultureInfo.InvariantCulture));

        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, settings);
        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(30), "the stranded job to run");
        // The worker that ran it acknowledges the job (leaves the fetched list) just after our run is recorded.
        await Eventually.WaitAsync(() => db.ListLengthAsync(fetched), n => n == 0, TimeSpan.FromSeconds(10), "the fetched list to empty");
        Assert.Single(await client.GetRunsAsync(task.Id));
    }

    [Fact]
    public async Task Job_popped_for_a_worker_that_never_got_the_reply_is_requeued_and_runs_while_that_worker_lives()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-unreplied");
        var settings = new Dictionary<string, string?>
        {
            ["Scheduler:Beat:WorkerDeadAfter"] = "00:00:06",
            ["Scheduler:Beat:OrphanCheckInterval"] = "00:00:00.500",
        };
        await using var beat = await InProcessSystem.StartAsync(redis, beats: 1, workers: 0, settings);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("unreplied"), "in:1s");
        var db = redis.Redis.GetDatabase();
        var queue = redis.HangfirePrefix + "queue:default";
        var fetched = queue + ":dequeued";
        await Eventually.WaitAsync(() => db.ListLengthAsync(queue), n => n == 1, TimeSpan.FromSeconds(20), "the fired job in the queue");

        // What a fetch leaves when Redis goes away between the pop and its reply: the job in a fetched list, still
        // "Enqueued", with no fetch time, and no worker that knows it has it.
        var jobId = (string)(await db.ListRightPopLeftPushAsync(queue, fetched))!;
        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, settings);

        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(30), "the unreplied job to run");
        await Eventually.WaitAsync(() => db.ListLengthAsync(fetched), n => n == 0, TimeSpan.FromSeconds(10), "the fetched list to empty");
        Assert.Single(await client.GetRunsAsync(task.Id));
        Assert.False(await db.HashExistsAsync(redis.HangfirePrefix + "job:" + jobId, "Checked"));
    }
}
