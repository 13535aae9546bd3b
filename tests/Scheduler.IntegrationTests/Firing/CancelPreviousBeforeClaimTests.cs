using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.IntegrationTests.RedisDeployment;

namespace Scheduler.IntegrationTests.Firing;

/// <summary>
/// Overlap cancelPrevious's message reaching a worker between a run's claim in Redis and the claim's answer, the only
/// moment a retry asked for by hand is not yet known as one. A replica stopped under
/// <c>Scheduler:Redis:ReplicaAcknowledgement</c> holds that moment open: the claim is on the primary, its answer waits.
/// </summary>
public sealed class CancelPreviousBeforeClaimTests
{
    [Fact]
    public async Task A_retry_asked_for_by_hand_runs_when_an_occurrence_fired_while_its_claim_was_unanswered_asks_to_replace_it()
    {
        await using var nodes = await ReplicatedRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("replace-before-claim", nodes.ConnectionString);
        using var dir = TestPaths.CreateTempDirectory("replace-before-claim");
        var settings = redis.Settings();
        settings["Scheduler:Redis:ReplicaAcknowledgement:Replicas"] = "1";
        settings["Scheduler:Redis:ReplicaAcknowledgement:Timeout"] = "00:00:00.200";
        await using var system = await InProcessSystem.StartAsync(redis, settings: settings);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(
            new ShellTask("echo ran >> \"$1\"; exit 1", [dir.File("runs")], UseShell: true) { Execution = TaskRuns.Fast() },
            "every 3s", new ScheduleOptions { Overlap = OverlapPolicy.CancelPrevious });
        var failed = (await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Any(x => x.Outcome == RunOutcome.Failed), TaskRuns.Patience, "a failed run"))
            .First(x => x.Outcome == RunOutcome.Failed);
        var db = redis.Redis.GetDatabase();
        var keys = new RedisKeys(redis.KeyPrefix);

        nodes.Replica.Stall();
        try
        {
            await client.RetryRunAsync(failed.RunId);
            // The retry's claim is on the primary (the task is running), its answer held until the replica acknowledges it.
            await Eventually.WaitAsync(() => db.HashExistsAsync(keys.InFlight, failed.RunId), TaskRuns.Patience, "the retry's claim on the primary");
            var replacedBefore = (long?)await db.HashGetAsync(keys.Task(task.Id), "replacedRuns") ?? 0;
            // The next occurrence finds the task running and replaces the run in flight: the retry.
            await Eventually.WaitAsync(async () => ((long?)await db.HashGetAsync(keys.Task(task.Id), "replacedRuns") ?? 0) > replacedBefore,
                TaskRuns.Patience, "an occurrence fired under cancelPrevious");
            // Its message reaches the worker while the retry's claim still waits.
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
        finally
        {
            nodes.Replica.Resume();
        }

        var retry = (await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Any(x => x.RunId == failed.RunId && x.Attempt > failed.Attempt && x.IsFinal),
            TaskRuns.Patience, "the retry's end")).First(x => x.RunId == failed.RunId && x.Attempt > failed.Attempt);
        await client.CancelAsync(task.Id);
        // Its command ran to its own end (exit 1), rather than being cancelled as a run the occurrence replaced.
        Assert.Equal((RunOutcome.Failed, true), (retry.Outcome, retry.Error?.Contains("exit code 1") ?? false));
    }
}
