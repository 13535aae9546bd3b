using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Events;

/// <summary>
/// A worker's run announces each attempt's start and outcome, and the task's completion, on the events stream: once each,
/// in order, with the fields listeners (SSE, WebSocket, <c>SubscribeAsync</c>) read.
/// </summary>
public sealed class RunEventsTests
{
    [Fact]
    public async Task Run_with_a_retry_announces_each_start_and_outcome_then_completion_once_in_order_with_their_fields()
    {
        await using var redis = await RedisTestContext.CreateAsync("events-run");
        using var dir = TestPaths.CreateTempDirectory("events-run");
        var marker = dir.File("failed-once");
        // Fails its first attempt, succeeds on the retry.
        var task = new ShellTask("/bin/sh", ["-c", $"if [ -e '{marker}' ]; then exit 0; fi; touch '{marker}'; echo boom >&2; exit 3"]) { Execution = TaskRuns.Fast(retries: 1) };
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();

        var scheduled = await TaskRuns.StartAsync(client, task);
        await Eventually.WaitAsync(() => client.GetAsync(scheduled.Id), t => t!.Status == ScheduleStatus.Completed, TaskRuns.Patience, "the one-shot to complete");
        var runs = await TaskRuns.UntilFinalAsync(client, scheduled.Id);
        string[] execution = [SchedulerEvents.Started, SchedulerEvents.Retry, SchedulerEvents.Success, SchedulerEvents.Failure, SchedulerEvents.Completed];
        var events = await Eventually.WaitAsync(
            async () => (await redis.Redis.GetDatabase().StreamRangeAsync(redis.KeyPrefix + "events"))
                .Where(e => e["taskId"] == scheduled.Id && execution.Contains((string)e["type"]!)).ToList(),
            e => e.Any(x => x["type"] == SchedulerEvents.Completed), TaskRuns.Patience, "the completed event");

        Assert.Equal([SchedulerEvents.Started, SchedulerEvents.Retry, SchedulerEvents.Started, SchedulerEvents.Success, SchedulerEvents.Completed],
            events.Select(e => (string)e["type"]!));
        var runId = runs[0].RunId;
        string[] startFields = ["type", "taskId", "at", "runId", "attempt"];
        string[] outcomeFields = [.. startFields, "outcome", "error", "durationMs"];
        Assert.Equal(startFields, Names(events[0]));
        Assert.Equal((runId, "1"), ((string)events[0]["runId"]!, (string)events[0]["attempt"]!));
        Assert.Equal(outcomeFields, Names(events[1]));
        Assert.Equal((runId, "1", "failed", runs[0].Error), ((string)events[1]["runId"]!, (string)events[1]["attempt"]!, (string)events[1]["outcome"]!, (string?)events[1]["error"]));
        Assert.Equal(((long)runs[0].Duration.TotalMilliseconds).ToString(), (string)events[1]["durationMs"]!);
        Assert.Equal((runId, "2"), ((string)events[2]["runId"]!, (string)events[2]["attempt"]!));
        Assert.Equal(outcomeFields, Names(events[3]));
        Assert.Equal((runId, "2", "succeeded", ""), ((string)events[3]["runId"]!, (string)events[3]["attempt"]!, (string)events[3]["outcome"]!, (string)events[3]["error"]!));
        Assert.Equal(["type", "taskId", "at"], Names(events[4]));
        var at = events.Select(e => long.Parse((string)e["at"]!)).ToList();
        Assert.Equal(at.Order(), at);
        Assert.InRange(at[3], runs[1].FinishedAt.ToUnixTimeMilliseconds(), runs[1].FinishedAt.ToUnixTimeMilliseconds() + 10_000);
    }

    private static IEnumerable<string> Names(StreamEntry entry) => entry.Values.Select(v => (string)v.Name!);
}
