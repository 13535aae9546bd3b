using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Identity;

/// <summary>Replacing or scheduling anew a task whose fired occurrences still wait in Hangfire's queue.</summary>
public sealed class ReplaceQueuedTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Queued_runs_of_a_replaced_task_are_recorded_without_ending_the_new_one_shot_and_an_ended_tasks_never_run()
    {
        await using var redis = await RedisTestContext.CreateAsync("replace-queued");
        var client = redis.CreateClient();
        var db = redis.Redis.GetDatabase();
        // Fired while no worker runs: their Hangfire jobs wait in the queue.
        await using (await InProcessSystem.StartAsync(redis, beats: 1, workers: 0))
        {
            await client.ScheduleAsync(new NotificationTask("old"), "every 1 second", new ScheduleOptions { Id = "live" });
            await client.ScheduleAsync(new NotificationTask("old"), "every 1 second", new ScheduleOptions { Id = "ended" });
            await Eventually.WaitAsync(async () => (await db.SortedSetRangeByRankAsync(redis.KeyPrefix + "fired")).Select(m => m.ToString()).ToList(),
                f => f.Count(m => m.StartsWith("live:")) >= 2 && f.Count(m => m.StartsWith("ended:")) >= 2, Patience, "two fired occurrences of each");
        }
        await client.ScheduleAsync(new NotificationTask("new"), "in 1 hour", new ScheduleOptions { Id = "live", Replace = true });
        Assert.True(await client.CancelAsync("ended"));
        await client.ScheduleAsync(new NotificationTask("new"), "in 1 hour", new ScheduleOptions { Id = "ended" });

        await using (await InProcessSystem.StartAsync(redis, beats: 0, workers: 1))
            await Eventually.WaitAsync(() => db.ListLengthAsync(redis.HangfirePrefix + "queue:default"), n => n == 0, Patience, "the worker to take the queued jobs");
        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync("live"), r => r.Count >= 2 && r.All(x => x.IsFinal), Patience, "the replaced task's queued runs");

        // They ran and are in the history; the new one-shot is still to come, its counters untouched.
        Assert.All(runs, r => Assert.Equal(RunOutcome.Succeeded, r.Outcome));
        var live = (await client.GetAsync("live"))!;
        Assert.Equal((ScheduleStatus.Scheduled, 0L), (live.Status, live.RunCount));
        Assert.Empty(await client.GetRunsAsync("ended"));
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync("ended"))!.Status);
    }
}
