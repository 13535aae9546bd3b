using Microsoft.Extensions.DependencyInjection;
using Scheduler.Beat.Firing;
using Scheduler.Beat.Triggers;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.Contracts.Triggers;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;
using Scheduler.Worker.Execution;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Firing;

/// <summary>
/// Overlap cancelPrevious replaces the runs before a fire only once that fire stands: an occurrence's replace is made
/// by its commit, a trigger's by its reservation, each in the same Redis step. A run already going on a worker is not
/// stopped for a fire that did not stand (the task changed before the commit) or never came (Beat died before it), and
/// a beat that takes over a trigger's reservation leaves no run going beside the trigger's. Beat's steps are called by
/// hand in the order that goes wrong; the worker's side is what its listener does with each replace message and with
/// its sweep's read of the task.
/// </summary>
public sealed class CancelPreviousCommitOrderTests
{
    private static readonly ScheduleOptions CancelPrevious = new() { Overlap = OverlapPolicy.CancelPrevious };

    // What a worker's TaskCancellationListener does: each replace message published so far (read up to a marker published
    // after them, as a channel keeps its order), then its sweep over the task's record.
    private static async Task ListenAndSweepAsync(ChannelMessageQueue replaced, ScheduleStore store, RunningAttempts running, string taskId)
    {
        var marker = $"marker-{Guid.NewGuid():N}";
        await store.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(store.Keys.TaskReplaced), marker);
        using var timeout = new CancellationTokenSource(TaskRuns.Patience);
        for (var message = await replaced.ReadAsync(timeout.Token); (string?)message.Message != marker; message = await replaced.ReadAsync(timeout.Token))
            if (ReplaceMessage.TryParse((string?)message.Message) is var (task, count, replacing)) running.Replace(task, count, replacing);
        foreach (var state in await store.CancelStatesAsync([taskId]))
            running.CancelReplaced(state.TaskId, state.ReplacedRuns, state.ReplacingRunId);
    }

    private static async Task<RunningAttempts.Registration> ClaimAsync(ScheduleStore store, RunningAttempts running, string taskId, string runId, string jobId,
        bool beforeItsFire = false)
    {
        var start = await store.BeginRunAsync(runId, jobId, "worker-1", taskId);
        Assert.Equal((AttemptClaim.Run, beforeItsFire), (start.Claim, start.ClaimedBeforeFire));
        var registration = running.Register(taskId, runId);
        registration.Claimed(start.ReplacedRuns, byHand: start.Request is not null, start.FiredUnder, start.ReplacingRunId, start.ClaimedBeforeFire);
        return registration;
    }

    private static async Task<(long Count, string? Replacing)> ReplacedAsync(ScheduleStore store, string taskId)
    {
        var fields = await store.Db.HashGetAsync(store.Keys.Task(taskId), [ScheduleRecord.ReplacedRuns, ScheduleRecord.ReplacingRun]);
        return ((long?)fields[0] ?? 0, (string?)fields[1]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_run_going_on_is_not_stopped_for_a_replace_whose_fire_did_not_stand_or_never_came(bool commitRefused)
    {
        await using var redis = await RedisTestContext.CreateAsync("replace-commit-order");
        var client = redis.CreateClient(verifyWorkers: false);
        using var beat = InProcessSystem.BuildBeat(redis);
        var (store, firer) = (beat.Services.GetRequiredService<ScheduleStore>(), beat.Services.GetRequiredService<OccurrenceFirer>());
        var task = await client.ScheduleAsync(new NotificationTask("replace-commit-order"), "every 1 hour", CancelPrevious);
        var (first, second) = (task.NextRunAt!.Value, task.NextRunAt.Value.AddHours(1));
        // The first occurrence fired and committed, its run claimed on a worker and going on: the task is running.
        await store.CommitFiresAsync([new FireCommit(task.Id, first.ToUnixTimeMilliseconds(), second, null, Fired: true, JobId: "job-1", Replaceable: true)]);
        var running = new RunningAttempts();
        using var firstRun = await ClaimAsync(store, running, task.Id, $"{task.Id}:{first.ToUnixTimeMilliseconds()}", "job-1");
        var replaced = await store.Redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(store.Keys.TaskReplaced));

        // Beat claims and plans the second occurrence: the task runs, so it would replace the first run.
        var round = await store.ClaimRoundAsync(second, limit: 10, TimeSpan.FromSeconds(30), recordsUpTo: 10);
        var fire = await firer.PrepareAsync(task.Id, round.Records![0]);
        Assert.True(fire!.Plan.CancelsPrevious);
        if (commitRefused)
        {
            // Rescheduled between the plan and the commit: the commit does not stand.
            await client.RescheduleAsync(task.Id, "every 3 hours");
            await firer.EnqueueAndCommitAsync(fire);
            Assert.Equal(StoreScripts.DeletedOwner, (string?)await store.Db.HashGetAsync(store.Keys.Run($"{task.Id}:{second.ToUnixTimeMilliseconds()}"), "owner"));
        }
        // Otherwise Beat died before the commit (its job never made).
        else fire.Job.Dispose();

        await ListenAndSweepAsync(replaced, store, running, task.Id);
        Assert.False(firstRun.IsCancelled);
        Assert.Equal(0, (await ReplacedAsync(store, task.Id)).Count);
    }

    [Fact]
    public async Task A_replace_whose_fire_stood_stops_the_run_before_it_and_not_its_own_run_claimed_before_the_commit()
    {
        await using var redis = await RedisTestContext.CreateAsync("replace-commit-stood");
        var client = redis.CreateClient(verifyWorkers: false);
        using var beat = InProcessSystem.BuildBeat(redis);
        var (store, firer) = (beat.Services.GetRequiredService<ScheduleStore>(), beat.Services.GetRequiredService<OccurrenceFirer>());
        var task = await client.ScheduleAsync(new NotificationTask("replace-commit-stood"), "every 1 hour", CancelPrevious);
        var (first, second) = (task.NextRunAt!.Value, task.NextRunAt.Value.AddHours(1));
        await store.CommitFiresAsync([new FireCommit(task.Id, first.ToUnixTimeMilliseconds(), second, null, Fired: true, JobId: "job-1", Replaceable: true)]);
        var running = new RunningAttempts();
        using var firstRun = await ClaimAsync(store, running, task.Id, $"{task.Id}:{first.ToUnixTimeMilliseconds()}", "job-1");
        var replaced = await store.Redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(store.Keys.TaskReplaced));

        var round = await store.ClaimRoundAsync(second, limit: 10, TimeSpan.FromSeconds(30), recordsUpTo: 10);
        var fire = await firer.PrepareAsync(task.Id, round.Records![0]);
        // The round's job is in Hangfire, and a worker claims its run before Beat commits the fire.
        var secondRunId = $"{task.Id}:{second.ToUnixTimeMilliseconds()}";
        using var secondRun = await ClaimAsync(store, running, task.Id, secondRunId, "job-2", beforeItsFire: true);
        Assert.All(await firer.CommitEnqueuedAsync([(fire!, "job-2")]), Assert.Null);

        await ListenAndSweepAsync(replaced, store, running, task.Id);
        Assert.Equal((1L, secondRunId), await ReplacedAsync(store, task.Id));
        Assert.True(firstRun.Replaced);
        Assert.False(secondRun.IsCancelled);
    }

    [Fact]
    public async Task A_claim_before_the_commit_repeated_with_its_token_still_says_it_came_before_the_fire()
    {
        await using var redis = await RedisTestContext.CreateAsync("replace-commit-repeated-claim");
        var client = redis.CreateClient(verifyWorkers: false);
        using var beat = InProcessSystem.BuildBeat(redis);
        var store = beat.Services.GetRequiredService<ScheduleStore>();
        var task = await client.ScheduleAsync(new NotificationTask("replace-commit-repeated-claim"), "every 1 hour", CancelPrevious);
        var runId = $"{task.Id}:{task.NextRunAt!.Value.ToUnixTimeMilliseconds()}";
        var token = Guid.NewGuid().ToString("N");

        // The job is in Hangfire and a worker claims its run before Beat commits the fire; the reply is lost, and the
        // worker's claim is tried again with the same token (TaskOccurrenceRunner.BeginRunAsync), still before the commit.
        var first = await store.BeginRunAsync(runId, "job-1", "worker-1", task.Id, claimToken: token);
        var again = await store.BeginRunAsync(runId, "job-1", "worker-1", task.Id, claimToken: token);

        Assert.Equal((AttemptClaim.Run, true), (first.Claim, first.ClaimedBeforeFire));
        // Otherwise a replace message for the run before it, heard before this claim, stops the run its own commit names.
        Assert.Equal((AttemptClaim.Run, first.Attempt, true), (again.Claim, again.Attempt, again.ClaimedBeforeFire));
    }

    [Fact]
    public async Task A_trigger_fired_again_by_the_beat_that_takes_over_its_reservation_has_replaced_the_run_before_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("replace-trigger-refire");
        var client = redis.CreateClient(verifyWorkers: false);
        using var beat = InProcessSystem.BuildBeat(redis);
        var (store, triggers) = (beat.Services.GetRequiredService<ScheduleStore>(), beat.Services.GetRequiredService<TriggerFirer>());
        var task = await client.ScheduleAsync(new NotificationTask("replace-trigger-refire"), "on:replace-trigger-refire", CancelPrevious);
        // A run of the task goes on (fired by an earlier trigger, claimed on a worker).
        var running = new RunningAttempts();
        await store.Db.HashSetAsync(store.Keys.Task(task.Id), ScheduleRecord.Status, "running");
        using var earlier = await ClaimAsync(store, running, task.Id, $"{task.Id}:earlier", "job-1");
        var replaced = await store.Redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(store.Keys.TaskReplaced));
        var triggerId = (await client.PublishAsync("replace-trigger-refire")).TriggerId!;
        var member = TriggerRunIds.Member(triggerId, task.Id);

        // A beat reserves the trigger's run as TriggerFirer does, then dies before it enqueues the job.
        Assert.Equal("fire", await store.Triggers.ReserveAsync(member, task.Id, triggerId, "fire", 0, null, TimeSpan.FromDays(7), SchedulerEvents.Fired,
            replaceable: true, cancelsPrevious: true));
        // Its claim lapses and another beat fires the reservation again.
        await triggers.FireAsync(member);

        var triggerRunId = TriggerRunIds.RunId(task.Id, triggerId);
        var jobId = (string?)await store.Db.HashGetAsync(store.Keys.Run(triggerRunId), "owner");
        using var triggerRun = await ClaimAsync(store, running, task.Id, triggerRunId, jobId!);
        await ListenAndSweepAsync(replaced, store, running, task.Id);
        Assert.Equal((1L, triggerRunId), await ReplacedAsync(store, task.Id));
        Assert.True(earlier.Replaced);
        Assert.False(triggerRun.IsCancelled);
    }
}
