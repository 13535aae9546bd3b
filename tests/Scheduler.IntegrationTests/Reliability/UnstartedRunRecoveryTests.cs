using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scheduler.Beat.Recovery;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// A run a worker claimed but had not started (overlap queue: it waited behind the run of its task before it) when the
/// worker died is re-queued by Beat's watchdog with no attempt recorded lost, and later runs once as its first attempt.
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class UnstartedRunRecoveryTests
{
    private static readonly Dictionary<string, string?> Settings = new() { ["Scheduler:Beat:WorkerDeadAfter"] = "00:00:06" };

    [Fact]
    public async Task Run_waiting_behind_another_on_a_dead_worker_is_requeued_without_a_lost_attempt_and_later_runs_once()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-unstarted");
        var client = redis.CreateClient();
        var db = redis.Redis.GetDatabase();
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("queued behind"), "every 1 hour", new ScheduleOptions { Overlap = OverlapPolicy.Queue });
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var (running, waiting) = ($"{task.Id}:{now - 2000}", $"{task.Id}:{now - 1000}");
        await CommittedFires.MarkAsync(redis, (running, "job-running"), (waiting, "job-waiting"));
        // The worker's own claims: the first run starts; the second finds its task running, so it waits behind it.
        Assert.Equal(AttemptClaim.Run, (await store.BeginRunAsync(running, "job-running", StrandedProcessingTests.DeadWorker, task.Id, startedEvent: "started")).Claim);
        var behind = await store.BeginRunAsync(waiting, "job-waiting", StrandedProcessingTests.DeadWorker, task.Id, startedEvent: "started");
        Assert.Equal((AttemptClaim.Run, ScheduleStatus.Running, false), (behind.Claim, behind.PreviousStatus, behind.StartAnnounced));
        await store.MarkAttemptStartedAsync(running, 1);
        var waitingView = (await client.GetRunAsync(waiting))!;
        Assert.Equal((RunState.Waiting, StrandedProcessingTests.DeadWorker, (DateTimeOffset?)null), (waitingView.State, waitingView.WorkerId, waitingView.Since));
        Assert.Equal($"waiting to start on {StrandedProcessingTests.DeadWorker} (behind the run before it)", RunDetailText.State(waitingView, t => $"{t}", o => $"{o}"));
        Assert.Equal(RunState.Running, (await client.GetRunAsync(running))!.State);
        // Then the worker died (kill -9) a minute ago, holding both.
        var longAgo = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();
        foreach (var entry in await db.HashGetAllAsync(redis.KeyPrefix + "inflight"))
            await db.HashSetAsync(redis.KeyPrefix + "inflight", entry.Name, string.Join('|', ((string)entry.Value!).Split('|')[..4]) + $"|{longAgo}");

        using (var beat = InProcessSystem.BuildBeat(redis, Settings))
            await beat.Services.GetServices<IHostedService>().OfType<OrphanedRunWatchdog>().Single().SweepAsync();

        // The run that had started lost its attempt; the one that waited lost none and counts no worker loss.
        var lost = Assert.Single(await client.GetRunsAsync(task.Id));
        Assert.Equal((running, 1, false), (lost.RunId, lost.Attempt, lost.IsFinal));
        Assert.Contains("stopped heart-beating during attempt 1", lost.Error);
        Assert.False(await db.HashExistsAsync(redis.KeyPrefix + $"run:{waiting}", "losses"));
        Assert.Equal(RunState.Waiting, (await client.GetRunAsync(waiting))!.State);

        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, Settings);
        var history = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count(x => x.IsFinal) == 2, TimeSpan.FromSeconds(30), "both re-queued runs to end");
        var ran = Assert.Single(history, r => r.RunId == waiting);
        Assert.Equal((1, RunOutcome.Succeeded, true), (ran.Attempt, ran.Outcome, ran.IsFinal));
        var rerun = Assert.Single(history, r => r.RunId == running && r.IsFinal);
        Assert.Equal((2, RunOutcome.Succeeded), (rerun.Attempt, rerun.Outcome));
        var detail = (await client.GetRunAsync(waiting))!;
        Assert.Equal((RunState.Ended, RunOutcome.Succeeded, 1), (detail.State, detail.Outcome, detail.Attempts.Count));
    }

    [Fact]
    public async Task Worker_whose_waiting_claim_was_withdrawn_while_it_was_only_slow_does_not_start_the_handler()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-unstarted-slow");
        var client = redis.CreateClient(verifyWorkers: false);
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var logs = new CapturedLogs(LogLevel.Warning);
        var task = await client.ScheduleAsync(new NotificationTask("queued behind"), "in:1s", new ScheduleOptions { Overlap = OverlapPolicy.Queue });
        var due = task.NextRunAt!.Value.ToUnixTimeMilliseconds();
        var (earlier, queued) = ($"{task.Id}:{due - 1000}", $"{task.Id}:{due}");
        await InProcessSystem.FireIntoQueueAsync(redis);
        // A run of the task before it is in flight on another worker: the fired one, claimed, waits behind it.
        await CommittedFires.MarkAsync(redis, (earlier, "job-earlier"));
        await store.BeginRunAsync(earlier, "job-earlier", "worker-other", task.Id, startedEvent: "started");
        await using var worker = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, configureWorker: w => logs.AddTo(w.Services));
        var held = (await Eventually.WaitAsync(() => store.InFlightAsync(), runs => runs.Any(r => r.RunId == queued), TimeSpan.FromSeconds(20), "the fired run's claim")).Single(r => r.RunId == queued);

        // Beat judged its worker dead (a pause longer than WorkerDeadAfter) and withdrew the claim: the run is re-queued's.
        Assert.Equal(OrphanTake.NotStarted, await store.TakeOrphanAsync(held));
        await store.LeaveRunAsync(earlier, "job-earlier", "worker-other");

        const string withdrawn = "its claim was withdrawn while it waited";
        var (history, _) = await Eventually.WaitAsync(async () => (await client.GetRunsAsync(task.Id), logs.Messages("Execution.TaskExecutor", LogLevel.Warning)),
            seen => seen.Item1.Count > 0 || seen.Item2.Any(m => m.Contains(withdrawn, StringComparison.Ordinal)), TimeSpan.FromSeconds(20), "the worker to go past its wait");
        Assert.Empty(history);
        Assert.Contains(logs.Messages("Execution.TaskExecutor", LogLevel.Warning), m => m.Contains(withdrawn, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_handed_back_by_a_stopping_worker_before_it_started_is_claimed_next_as_the_same_attempt()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-unstarted-leave");
        var client = redis.CreateClient(verifyWorkers: false);
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("queued behind"), "every 1 hour", new ScheduleOptions { Overlap = OverlapPolicy.Queue });
        var (running, waiting) = ($"{task.Id}:1000", $"{task.Id}:2000");
        await store.BeginRunAsync(running, "job-1", "worker-a", task.Id, startedEvent: "started");
        Assert.False((await store.BeginRunAsync(waiting, "job-2", "worker-a", task.Id, startedEvent: "started")).StartAnnounced);

        // SIGTERM while it waited behind the run before it: handed back, its attempt never started.
        await store.LeaveRunAsync(waiting, "job-2", "worker-a");
        var again = await store.BeginRunAsync(waiting, "job-2", "worker-b", task.Id, startedEvent: "started");
        Assert.Equal((AttemptClaim.Run, 1), (again.Claim, again.Attempt));

        // Once its handler started, a hand-back leaves the claim counted: the next delivery runs the next attempt.
        Assert.True(await store.MarkAttemptStartedAsync(waiting, 1));
        await store.LeaveRunAsync(waiting, "job-2", "worker-b");
        Assert.Equal(2, (await store.BeginRunAsync(waiting, "job-2", "worker-c", task.Id, startedEvent: "started")).Attempt);
    }

    [Fact]
    public async Task Start_of_a_waiting_attempt_is_refused_only_to_a_claim_withdrawn_or_taken_since()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-unstarted-mark");
        var client = redis.CreateClient(verifyWorkers: false);
        var db = redis.Redis.GetDatabase();
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("queued behind"), "every 1 hour", new ScheduleOptions { Overlap = OverlapPolicy.Queue });
        var (running, waiting) = ($"{task.Id}:1000", $"{task.Id}:2000");
        await store.BeginRunAsync(running, "job-1", "worker-a", task.Id, claimToken: "first", startedEvent: "started");
        await store.BeginRunAsync(waiting, "job-2", "worker-a", task.Id, claimToken: "mine", startedEvent: "started");
        var entry = (await store.InFlightAsync()).Single(r => r.RunId == waiting);

        // Its own claim starts, and again after a lost reply.
        Assert.True(await store.MarkAttemptStartedAsync(waiting, 1, "mine"));
        Assert.True(await store.MarkAttemptStartedAsync(waiting, 1, "mine"));
        // Another delivery's claim since: not this one's to start.
        await db.HashSetAsync(redis.KeyPrefix + $"run:{waiting}", [new("claim", "theirs"), new("waiting", "1")]);
        Assert.False(await store.MarkAttemptStartedAsync(waiting, 1, "mine"));
        // Withdrawn by a recovery: refused.
        await db.HashSetAsync(redis.KeyPrefix + $"run:{waiting}", "claim", "mine");
        Assert.Equal(OrphanTake.NotStarted, await store.TakeOrphanAsync(entry));
        Assert.False(await store.MarkAttemptStartedAsync(waiting, 1, "mine"));
        // The claim's own write gone (a failover dropped it, mark and all): nothing withdrew it, so it goes on.
        await db.HashDeleteAsync(redis.KeyPrefix + $"run:{waiting}", "waiting");
        Assert.True(await store.MarkAttemptStartedAsync(waiting, 1, "mine"));
    }

    [Fact]
    public async Task Withdrawn_claim_taken_again_after_a_failed_recovery_still_runs_its_own_attempt_number_and_a_started_one_does_not_withdraw()
    {
        await using var redis = await RedisTestContext.CreateAsync("rel-unstarted-again");
        var client = redis.CreateClient();
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        var task = await client.ScheduleAsync(new NotificationTask("queued behind"), "every 1 hour", new ScheduleOptions { Overlap = OverlapPolicy.Queue });
        var (running, waiting) = ($"{task.Id}:1000", $"{task.Id}:2000");
        await store.BeginRunAsync(running, "job-1", "worker-a", task.Id, startedEvent: "started");
        await store.BeginRunAsync(waiting, "job-2", "worker-a", task.Id, startedEvent: "started");
        var entry = (await store.InFlightAsync()).Single(r => r.RunId == waiting);

        // The recovery failed after the take and put the entry back; the next sweep takes it again.
        Assert.Equal(OrphanTake.NotStarted, await store.TakeOrphanAsync(entry));
        await store.RestoreInFlightAsync(entry);
        Assert.Equal(OrphanTake.NotStarted, await store.TakeOrphanAsync(entry));
        Assert.Equal(OrphanTake.NotTaken, await store.TakeOrphanAsync(entry));

        // Withdrawn once however often taken: the next claim is attempt 1 again, and once started it is a lost attempt.
        var again = await store.BeginRunAsync(waiting, "job-2", "worker-b", task.Id, startedEvent: "started");
        Assert.Equal((AttemptClaim.Run, 1), (again.Claim, again.Attempt));
        Assert.True(await store.MarkAttemptStartedAsync(waiting, 1));
        Assert.Equal(OrphanTake.Started, await store.TakeOrphanAsync((await store.InFlightAsync()).Single(r => r.RunId == waiting)));
        Assert.Equal(OrphanTake.Started, await store.TakeOrphanAsync((await store.InFlightAsync()).Single(r => r.RunId == running)));
    }
}
