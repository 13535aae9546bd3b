using System.Globalization;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Firing;

/// <summary>
/// An occurrence Beat does not fire because the previous run still goes on (overlap skip, the default) is announced
/// skipped on the events stream with the instant it was due, by the commit that moves the schedule past it.
/// </summary>
public sealed class OverlapSkipEventTests
{
    [Fact]
    public async Task An_occurrence_due_while_the_previous_run_goes_on_is_announced_skipped_with_its_instant_and_reason()
    {
        await using var redis = await RedisTestContext.CreateAsync("overlap-skip-event");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new ShellTask("/bin/sh", ["-c", "sleep 5"]) { Execution = TaskRuns.Fast() }, "every 2 seconds");

        var skipped = (await Eventually.WaitAsync(() => client.GetRecentEventsAsync(EventTypePattern.Parse("task.skipped"), 10, task.Id),
            e => e.Count > 0, TaskRuns.Patience, "an occurrence's skip to be announced"))[0];
        var fired = (await client.GetRecentEventsAsync(EventTypePattern.Parse("task.fired"), 10, task.Id))[0];

        Assert.Equal((SchedulerEvents.Skipped, task.Id), (skipped.Type, skipped.TaskId));
        var dueAt = skipped.Data["dueAt"];
        Assert.Equal(new Dictionary<string, string>
        {
            ["runId"] = $"{task.Id}:{dueAt}",
            ["dueAt"] = dueAt,
            ["error"] = "previous run still going (overlap skip)",
        }, skipped.Data);
        // An occurrence of the schedule after the one that runs: on its 2 s grid, a whole number of periods later.
        var late = long.Parse(dueAt, CultureInfo.InvariantCulture) - long.Parse(fired.Data["dueAt"], CultureInfo.InvariantCulture);
        Assert.True(late > 0 && late % 2000 == 0, $"skipped occurrence {late} ms after the fired one");
        Assert.DoesNotContain(await client.GetRunsAsync(task.Id), r => r.RunId == skipped.Data["runId"]);
    }
}
