using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.FlowControl;

/// <summary>
/// A run's own retries call the service its rate limit guards again: each retry waits for its turn in the rate window
/// and counts as a start there, so a failing task does not hammer a struggling service faster than the limit.
/// </summary>
public sealed class RetryRateLimitTests
{
    [Fact]
    public async Task Each_retry_waits_for_its_turn_under_the_rate_limit_and_counts_as_a_start()
    {
        await using var redis = await RedisTestContext.CreateAsync("retry-rate");
        await using var system = await InProcessSystem.StartAsync(redis, beats: 1, workers: 1);
        var client = redis.CreateClient();
        var per = TimeSpan.FromSeconds(3);
        // A 100 ms backoff: without the gate, the three attempts would start within half a second.
        var failing = new ShellTask("sh", ["-c", "exit 3"]) { Execution = TaskRuns.Fast(retries: 2) };
        var task = await client.ScheduleAsync(failing, "in 1 second", new ScheduleOptions { RateLimit = new RateLimit("vendor-api", 1, per) });

        var attempts = await TaskRuns.UntilFinalAsync(client, task.Id, TimeSpan.FromSeconds(40));

        var table = string.Join("\n", attempts.Select(a => $"attempt {a.Attempt} {a.StartedAt:HH:mm:ss.fff} {a.Outcome}"));
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt));
        Assert.All(attempts, a => Assert.Equal(RunOutcome.Failed, a.Outcome));
        // The gate counts a start before the attempt records its own: a few milliseconds on a quiet machine, several
        // hundred under CI load (as FlowLimitLoadTests found), so 1 s of slack on 3 s. Without the gate they are ~0.2 s apart.
        for (var i = 1; i < attempts.Count; i++)
            Assert.True(attempts[i].StartedAt - attempts[i - 1].StartedAt >= per - TimeSpan.FromSeconds(1), $"a retry started inside the rate window\n{table}");
        var waits = await client.GetRecentEventsAsync(EventTypePattern.Parse("task.waiting"), 10, task.Id);
        Assert.NotEmpty(waits);
        Assert.All(waits, e => Assert.Equal(attempts[0].RunId, e.Data["runId"]));
    }

    [Fact]
    public async Task A_retry_holding_the_concurrency_slot_is_not_queued_behind_a_run_waiting_for_that_slot()
    {
        await using var redis = await RedisTestContext.CreateAsync("retry-rate-slot");
        await using var system = await InProcessSystem.StartAsync(redis, beats: 1, workers: 1);
        var client = redis.CreateClient();
        var options = new ScheduleOptions
            { Concurrency = new ConcurrencyLimit("vendor", 1), RateLimit = new RateLimit("vendor-api", 1, TimeSpan.FromSeconds(2)) };
        var failing = new ShellTask("sh", ["-c", "sleep 3; exit 3"]) { Execution = TaskRuns.Fast(retries: 1) };
        var holder = await client.ScheduleAsync(failing, "in 1 second", options);
        await TaskRuns.WaitRunningAsync(client, holder.Id);
        // Fired while the holder runs: it waits for the slot, and stands in the rate line before the holder's retry.
        var next = await client.ScheduleAsync(new ShellTask("sh", ["-c", "exit 0"]) { Execution = TaskRuns.Fast() }, "in 1 second", options);
        await Eventually.WaitAsync(async () => (await client.GetAsync(next.Id))?.Waiting is not null, TaskRuns.Patience, "the next run to wait");

        // Before: the retry waited for the run ahead of it in the rate line, which waited for the retry's slot, forever.
        var attempts = await TaskRuns.UntilFinalAsync(client, holder.Id, TimeSpan.FromSeconds(20));
        Assert.Equal([1, 2], attempts.Select(a => a.Attempt));
        Assert.Single(await TaskRuns.UntilFinalAsync(client, next.Id, TimeSpan.FromSeconds(20)));
    }
}
