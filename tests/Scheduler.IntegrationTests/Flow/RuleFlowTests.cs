using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Flow;

/// <summary>An RFC 5545 rule schedule stored, restored by Beat, fired COUNT times and then ended, on real Redis.</summary>
public sealed class RuleFlowTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Counted_rule_fires_each_occurrence_through_beat_and_worker_then_ends()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-rule");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();

        var task = await client.ScheduleAsync(new NotificationTask("rule"), "RRULE:FREQ=SECONDLY;INTERVAL=2;COUNT=3",
            new ScheduleOptions { Overlap = OverlapPolicy.Allow });
        Assert.Equal(ScheduleKind.Rule, task.Schedule.Kind);
        Assert.StartsWith("DTSTART:", task.Schedule.Canonical);

        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count >= 3, Patience, "three runs");
        // After its third occurrence the rule has no next one: Beat ends the schedule instead of planning another.
        var ended = await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Expired, Patience, "the rule to end");
        Assert.Null(ended!.NextRunAt);
        runs = await client.GetRunsAsync(task.Id);
        Assert.Equal(3, runs.Count);
        Assert.All(runs, r => Assert.Equal(RunOutcome.Succeeded, r.Outcome));
        var dues = runs.Select(r => r.DueAt!.Value).Order().ToList();
        Assert.Equal(task.NextRunAt, dues[0]);
        Assert.All(dues.Zip(dues.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(2), pair.Second - pair.First));
    }
}
