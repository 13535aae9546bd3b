using System.Net.Http.Json;
using System.Text.Json;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.EndToEnd;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Triggers;

/// <summary>after: specs on real beat, worker and dashboard processes: chains, outcomes, the context passed on, cycles.</summary>
public sealed class TriggerChainTests(TriggerProcesses processes) : IClassFixture<TriggerProcesses>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_chain_of_three_runs_each_link_once_per_run_of_the_one_before_and_passes_that_run_on()
    {
        var (redis, system) = (processes.Redis, processes.System);
        try
        {
            var client = redis.CreateClient();
            // Scheduled last to first, so the chain is complete before a has run at all.
            var c = await client.ScheduleAsync(new ShellTask("/bin/sh", ["-c", "printf '%s|%s|%s' \"$SCHEDULER_TRIGGER_TASK\" \"$SCHEDULER_TRIGGER_RUN\" \"$SCHEDULER_TRIGGER_OUTCOME\""]),
                "after:b", new ScheduleOptions { Id = "c", Overlap = OverlapPolicy.Allow });
            // Allow: a slow machine may still run c for b's first run when b's second ends; skip (the default) would drop it.
            var b = await client.ScheduleAsync(new ShellTask("/bin/sh", ["-c", "printf '%s' \"$SCHEDULER_TRIGGER_RESULT\""]), "after:a:succeeded",
                new ScheduleOptions { Id = "b", Overlap = OverlapPolicy.Allow });
            // Allow here too: a worker behind by one period takes both occurrences at once, and skip would record one skipped.
            var a = await client.ScheduleAsync(new ShellTask("echo", ["from-a"]), "every 2 seconds",
                new ScheduleOptions { Id = "a", MaxRuns = 2, Overlap = OverlapPolicy.Allow });
            Assert.Equal("after task b succeeds", c.Schedule.Description);
            Assert.Null(c.NextRunAt);

            await Eventually.WaitAsync(() => client.GetAsync("a"), t => t!.Status == ScheduleStatus.Completed, Patience, "a to run twice");
            var cRuns = await Eventually.WaitAsync(() => client.GetRunsAsync("c"), r => r.Count >= 2, Patience, "c to run once per run of a");
            var aRuns = await client.GetRunsAsync("a");
            var bRuns = await client.GetRunsAsync("b");
            Assert.Equal(2, aRuns.Count);
            Assert.Equal(2, bRuns.Count);
            Assert.Equal(2, cRuns.Count);
            Assert.All(aRuns.Concat(bRuns).Concat(cRuns), r => Assert.Equal(RunOutcome.Succeeded, r.Outcome));

            // Each b run names the a run that started it, and started after it ended; same for c after b.
            foreach (var bRun in bRuns)
            {
                var trigger = bRun.Trigger!;
                Assert.Equal(("after", "a", "succeeded"), (trigger.Kind, trigger.Source, trigger.Outcome));
                var aRun = Assert.Single(aRuns, r => r.RunId == trigger.SourceRunId);
                Assert.True(bRun.StartedAt >= aRun.FinishedAt);
                Assert.Contains("from-a", trigger.Result);
                Assert.Contains("from-a", bRun.Result);
            }
            foreach (var cRun in cRuns)
            {
                var bRun = Assert.Single(bRuns, r => r.RunId == cRun.Trigger!.SourceRunId);
                Assert.Contains($"b|{bRun.RunId}|succeeded", cRun.Result);
            }
            Assert.Equal(2, cRuns.Select(r => r.RunId).Distinct().Count());

            // a after c would close the loop a → b → c → a: refused, naming it, and a keeps its spec.
            var cycle = await Assert.ThrowsAsync<ScheduleSpecException>(() => client.RescheduleAsync("a", "after:c"));
            Assert.Contains("a after c after b after a", cycle.Message);
            Assert.Equal("every 2 seconds", (await client.GetAsync("a"))!.Spec);
            var refused = await system.Http.PostAsJsonAsync("/api/tasks/d/schedule",
                new { task = new { type = "notification", message = "x" }, spec = "after:d" });
            Assert.Equal(400, (int)refused.StatusCode);
            Assert.Contains("d after d", await refused.Content.ReadAsStringAsync());

            var parsed = await (await system.Http.PostAsJsonAsync("/api/schedules/parse", new { spec = "after:b:failed" })).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("after task b fails", parsed.GetProperty("description").GetString());
            Assert.Equal("trigger", parsed.GetProperty("kind").GetString());
            Assert.Contains("after task b succeeds", await system.Http.GetStringAsync("/scheduler/schedules/c"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n\nprocess output:\n{system.Logs()}");
        }
    }

    [Fact]
    public async Task A_failed_run_after_its_retries_triggers_the_failed_and_finished_subscribers_once_and_not_the_succeeded_one()
    {
        var (redis, system) = (processes.Redis, processes.System);
        try
        {
            var client = redis.CreateClient();
            var report = new ShellTask("/bin/sh", ["-c", "printf '%s|%s' \"$SCHEDULER_TRIGGER_OUTCOME\" \"$SCHEDULER_TRIGGER_ERROR\""]);
            await client.ScheduleAsync(report, "after:x:failed", new ScheduleOptions { Id = "on-fail" });
            await client.ScheduleAsync(report, "after:x:finished", new ScheduleOptions { Id = "on-finish" });
            await client.ScheduleAsync(report, "after:x", new ScheduleOptions { Id = "on-success" });
            var failing = new ShellTask("/bin/sh", ["-c", "echo boom >&2; exit 3"]) { Execution = new ExecutionPolicy(MaxRetries: 1, BackoffBase: TimeSpan.FromMilliseconds(100)) };
            await client.ScheduleAsync(failing, "in 1 second", new ScheduleOptions { Id = "x" });

            await Eventually.WaitAsync(() => client.GetAsync("x"), t => t!.Status == ScheduleStatus.Failed, Patience, "x to fail after its retry");
            var failRuns = await Eventually.WaitAsync(() => client.GetRunsAsync("on-fail"), r => r.Count >= 1, Patience, "the failed subscriber to run");
            var finishRuns = await Eventually.WaitAsync(() => client.GetRunsAsync("on-finish"), r => r.Count >= 1, Patience, "the finished subscriber to run");

            Assert.Equal(2, (await client.GetRunsAsync("x")).Count);
            var failRun = Assert.Single(failRuns);
            Assert.Equal(RunOutcome.Succeeded, failRun.Outcome);
            Assert.StartsWith("failed|", JsonDocument.Parse(failRun.Result!).RootElement.GetProperty("stdout").GetString());
            Assert.Equal("failed", failRun.Trigger!.Outcome);
            Assert.Contains("boom", failRun.Trigger.Error);
            Assert.Single(finishRuns);
            // The succeeded subscriber's trigger would have been written with the others, in the same call.
            Assert.Empty(await client.GetRunsAsync("on-success"));
            Assert.Equal(0, (await client.GetAsync("on-success"))!.RunCount);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n\nprocess output:\n{system.Logs()}");
        }
    }
}
