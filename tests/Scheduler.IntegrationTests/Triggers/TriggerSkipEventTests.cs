using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.Contracts.Triggers;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Triggers;

/// <summary>
/// A published event answers "triggered" for each subscribed task before Beat applies the task's policies: one that
/// overlap skip drops must be said where people look (the events), not only in Beat's log.
/// </summary>
public sealed class TriggerSkipEventTests
{
    [Fact]
    public async Task An_event_arriving_while_the_previous_run_goes_on_is_announced_skipped_with_its_trigger_and_reason()
    {
        await using var redis = await RedisTestContext.CreateAsync("trigger-skip-event");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        await client.ScheduleAsync(new ShellTask("/bin/sh", ["-c", "sleep 3"]) { Execution = TaskRuns.Fast() },
            "on:file.uploaded", new ScheduleOptions { Id = "onup" });

        var first = await client.PublishAsync("file.uploaded");
        await TaskRuns.WaitRunningAsync(client, "onup");
        var second = await client.PublishAsync("file.uploaded");
        Assert.Equal(["onup"], second.TaskIds);

        var skipped = Assert.Single(await Eventually.WaitAsync(() => client.GetRecentEventsAsync(EventTypePattern.Parse("task.skipped"), 10, "onup"),
            e => e.Count > 0, TaskRuns.Patience, "the second event's skip to be announced"));
        Assert.Equal((SchedulerEvents.Skipped, "onup"), (skipped.Type, skipped.TaskId));
        Assert.Equal(new Dictionary<string, string>
        {
            ["runId"] = TriggerRunIds.RunId("onup", second.TriggerId!),
            ["trigger"] = second.TriggerId!,
            ["error"] = "previous run still going (overlap skip)",
        }, skipped.Data);

        // The first event's run is the only one, and its end announces no further skip.
        var runs = await TaskRuns.UntilFinalAsync(client, "onup");
        Assert.Equal((TriggerRunIds.RunId("onup", first.TriggerId!), RunOutcome.Succeeded), (Assert.Single(runs).RunId, runs[0].Outcome));
        Assert.Single(await client.GetRecentEventsAsync(EventTypePattern.Parse("task.skipped"), 10, "onup"));
    }
}
