using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Triggers;

/// <summary>
/// A cycle of after: triggers cannot be scheduled, but two operators changing two tasks at once may each pass the check
/// against the other's old spec (b after a, a after b). Beat counts the links of an after: chain and stops it at
/// Scheduler:Beat:TriggerChainLimit, saying so in the events: before, the two ran each other without end.
/// </summary>
public sealed class TriggerCycleLimitTests
{
    [Fact]
    public async Task A_cycle_of_after_triggers_made_by_two_changes_at_once_stops_at_the_chain_limit_and_says_so()
    {
        await using var redis = await RedisTestContext.CreateAsync("trigger-cycle-limit");
        await using var system = await InProcessSystem.StartAsync(redis, settings: new Dictionary<string, string?> { ["Scheduler:Beat:TriggerChainLimit"] = "6" });
        var client = redis.CreateClient();
        await client.ScheduleAsync(new NotificationTask("b"), "every 1 hour", new ScheduleOptions { Id = "cyc-b", Overlap = OverlapPolicy.Allow });
        await client.ScheduleAsync(new NotificationTask("a"), "after:cyc-b", new ScheduleOptions { Id = "cyc-a", Overlap = OverlapPolicy.Allow });
        // What the other operator's change wrote, having checked its spec before a's was stored: b after a.
        var (db, keys) = (redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        var afterB = (string)(await db.HashGetAsync(keys.Task("cyc-a"), ScheduleRecord.Canonical))!;
        await db.HashSetAsync(keys.Task("cyc-b"), [new(ScheduleRecord.Kind, "Trigger"), new(ScheduleRecord.Canonical, afterB.Replace("cyc-b", "cyc-a")),
            new(ScheduleRecord.Spec, "after:cyc-a"), new(ScheduleRecord.NextRunAt, "")]);
        await db.SortedSetRemoveAsync(keys.Due, "cyc-b");
        await db.SetAddAsync(keys.Subscribers("after", "cyc-a"), "cyc-b");

        await client.TriggerNowAsync("cyc-a");

        // a by hand, then b, a, b, a, b, a: links 1 to 6; the seventh is not run.
        var stopped = await Eventually.WaitAsync(() => client.GetRecentEventsAsync(EventTypePattern.Parse("task.skipped"), 10),
            e => e.Count > 0, TaskRuns.Patience, "the cycle to be stopped");
        Assert.Contains("7 links long, past its limit of 6", Assert.Single(stopped).Data["error"]);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var (a, b) = (await client.GetRunsAsync("cyc-a"), await client.GetRunsAsync("cyc-b"));
        Assert.Equal((4, 3), (a.Count, b.Count));
        Assert.All(a.Concat(b), run => Assert.Equal(RunOutcome.Succeeded, run.Outcome));
    }
}
