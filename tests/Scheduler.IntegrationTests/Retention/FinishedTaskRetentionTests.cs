using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Scheduler.Beat.Retention;
using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Identity;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Retention;

/// <summary>
/// Beat's retention sweep against a real Redis, a real Beat and a real worker: a task that finished without failure is
/// marked when first found finished and deleted with every trace once the retention has passed since; failed,
/// recurring, revived and recently run tasks stay.
/// </summary>
public sealed class FinishedTaskRetentionTests
{
    private static readonly Dictionary<string, string?> OneSecond = new() { ["Scheduler:Beat:FinishedTaskRetention"] = "00:00:01" };
    private static readonly Dictionary<string, string?> Off = new() { ["Scheduler:Beat:FinishedTaskRetention"] = "00:00:00" };

    [Fact]
    public async Task Finished_tasks_go_with_every_trace_a_retention_after_they_were_found_finished_and_failed_recurring_revived_or_recent_ones_stay()
    {
        await using var redis = await RedisTestContext.CreateAsync("retention");
        var client = redis.CreateClient();
        var db = redis.Redis.GetDatabase();
        var done = await RunOneShotAsync(redis, client);
        Assert.NotEmpty(await client.GetRunsAsync(done.Id));
        var cancelled = await client.ScheduleAsync(new NotificationTask("called off"), "in 1 hour");
        Assert.True(await client.CancelAsync(cancelled.Id));
        var recurring = await client.ScheduleAsync(new NotificationTask("daily"), "every day at 9:00");
        var failed = await client.ScheduleAsync(new NotificationTask("broke"), "in 1 hour");
        var revived = await client.ScheduleAsync(new NotificationTask("again"), "in 1 hour");
        var recent = await client.ScheduleAsync(new NotificationTask("just ran"), "in 1 hour");
        var maxedOutFailing = await client.ScheduleAsync(new NotificationTask("every run failed"), "every day at 9:00");
        // As a worker leaves a one-shot that failed after its retries, and ones that completed.
        await db.HashSetAsync(redis.KeyPrefix + "task:" + failed.Id, "status", "failed");
        await db.HashSetAsync(redis.KeyPrefix + "task:" + revived.Id, "status", "completed");
        await db.HashSetAsync(redis.KeyPrefix + "task:" + recent.Id, "status", "completed");
        // As the outcome leaves a recurring task its max runs ended with a failed run.
        await db.HashSetAsync(redis.KeyPrefix + "task:" + maxedOutFailing.Id, [new("status", "completed"), new("lastOutcome", "failed")]);

        using var beat = InProcessSystem.BuildBeat(redis, OneSecond);
        var sweeper = beat.Services.GetServices<IHostedService>().OfType<FinishedTaskSweeper>().Single();
        Assert.Equal((4, 0), await sweeper.SweepAsync());
        Assert.False((await db.HashGetAsync(redis.KeyPrefix + "task:" + done.Id, "retainedFrom")).IsNull, "the finished task is marked");
        Assert.True((await db.HashGetAsync(redis.KeyPrefix + "task:" + failed.Id, "retainedFrom")).IsNull);

        // Revived after it was marked; another ran again after the cutoff (its mark is old, its last run is not).
        Assert.NotNull(await client.RescheduleAsync(revived.Id, "in 2 hours"));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        // A minute ahead: a machine stalled for over a second before the sweep cannot age it past the one-second cutoff.
        await db.HashSetAsync(redis.KeyPrefix + "task:" + recent.Id, "lastRunAt", (DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1)).ToUnixTimeMilliseconds());
        Assert.Equal((0, 2), await sweeper.SweepAsync());

        foreach (var gone in new[] { done.Id, cancelled.Id })
        {
            Assert.Null(await client.GetAsync(gone));
            Assert.Empty(await IdentityProbe.TracesAsync(redis, gone));
            var audit = Assert.Single((await client.GetAuditAsync(new AuditFilter { TaskId = gone, Action = AuditActions.Delete })).Entries);
            Assert.Equal(FinishedTaskSweeper.Actor, audit.Actor);
            Assert.Contains("FinishedTaskRetention", audit.Note);
        }
        Assert.Equal(ScheduleStatus.Failed, (await client.GetAsync(failed.Id))!.Status);
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync(recurring.Id))!.Status);
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync(revived.Id))!.Status);
        Assert.True((await db.HashGetAsync(redis.KeyPrefix + "task:" + revived.Id, "retainedFrom")).IsNull, "a revived task loses its mark");
        Assert.Equal(ScheduleStatus.Completed, (await client.GetAsync(recent.Id))!.Status);
        Assert.Equal(ScheduleStatus.Completed, (await client.GetAsync(maxedOutFailing.Id))!.Status);
    }

    [Fact]
    public async Task A_sweep_reads_one_slice_of_the_tasks_after_the_last_and_deletes_every_indexed_task_past_the_retention_in_any_slice()
    {
        await using var redis = await RedisTestContext.CreateAsync("retention-slices");
        var client = redis.CreateClient();
        var db = redis.Redis.GetDatabase();
        var ids = new List<string>();
        foreach (var name in new[] { "first", "second", "third" })
        {
            var task = await client.ScheduleAsync(new NotificationTask(name), "in 1 hour");
            await db.HashSetAsync(redis.KeyPrefix + "task:" + task.Id, "status", "completed");
            ids.Add(task.Id);
            await Task.Delay(5); // distinct creation times: the tasks index's order is theirs
        }
        // Marked by an earlier version of the sweep, before the index existed.
        var markedBefore = await client.ScheduleAsync(new NotificationTask("marked before"), "in 1 hour");
        await db.HashSetAsync(redis.KeyPrefix + "task:" + markedBefore.Id, [new("status", "cancelled"), new("retainedFrom", "1")]);

        using var beat = InProcessSystem.BuildBeat(redis, OneSecond);
        var sweeper = beat.Services.GetServices<IHostedService>().OfType<FinishedTaskSweeper>().Single();
        Assert.Equal((1, 0), await sweeper.SweepAsync(slice: 1));
        Assert.Equal((1, 0), await sweeper.SweepAsync(slice: 1));
        var marks = await Task.WhenAll(ids.Select(id => db.HashGetAsync(redis.KeyPrefix + "task:" + id, "retainedFrom")));
        Assert.Equal([false, false, true], marks.Select(mark => mark.IsNull));
        Assert.Equal(2, await db.SortedSetLengthAsync(redis.KeyPrefix + "retained"));

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        // This slice reads the third task and the one marked before; the first two, marked in earlier slices, go from the index.
        Assert.Equal((1, 3), await sweeper.SweepAsync(slice: 2));
        Assert.Null(await client.GetAsync(ids[0]));
        Assert.Null(await client.GetAsync(ids[1]));
        Assert.Null(await client.GetAsync(markedBefore.Id));
        Assert.Equal(ScheduleStatus.Completed, (await client.GetAsync(ids[2]))!.Status);
        Assert.Equal([ids[2]], (await db.SortedSetRangeByRankAsync(redis.KeyPrefix + "retained")).Select(id => (string)id!));

        // The slice went past the end: the next starts over, and the last task goes a retention after its mark.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal((0, 1), await sweeper.SweepAsync(slice: 1));
        Assert.Null(await client.GetAsync(ids[2]));
        Assert.Equal(0, await db.SortedSetLengthAsync(redis.KeyPrefix + "retained"));

        // Deleted by hand once indexed: its index entry goes with it.
        var byHand = await client.ScheduleAsync(new NotificationTask("deleted by hand"), "in 1 hour");
        Assert.True(await client.CancelAsync(byHand.Id));
        Assert.Equal((1, 0), await sweeper.SweepAsync());
        Assert.True(await client.DeleteAsync(byHand.Id));
        Assert.Empty(await IdentityProbe.TracesAsync(redis, byHand.Id));
    }

    [Fact]
    public async Task A_task_past_the_retention_goes_without_a_search_of_the_shared_run_indexes_and_an_entry_left_behind_is_dropped_when_next_read()
    {
        await using var redis = await RedisTestContext.CreateAsync("retention-backlog");
        var client = redis.CreateClient();
        var db = redis.Redis.GetDatabase();
        var done = await RunOneShotAsync(redis, client);
        var ran = Assert.Single(await client.GetRunsAsync(done.Id)).RunId;
        // Entries that outlived their runs (a crash between writes): one of a run its history names, one of a run it does
        // not; and a backlog of another task's fired runs, which the delete must leave alone.
        var (fired, inFlight, failedRuns, stray) = (redis.KeyPrefix + "fired", redis.KeyPrefix + "inflight", redis.KeyPrefix + "failed-runs", $"{done.Id}:1");
        await db.SortedSetAddAsync(fired, [new(ran, 1), new(stray, 1), .. Enumerable.Range(1, 100).Select(i => new StackExchange.Redis.SortedSetEntry($"other:{i}", 1))]);
        await db.HashSetAsync(inFlight, ran, $"job|worker|{done.Id}|1|1");
        await db.SortedSetAddAsync(failedRuns, [new(ran, 1), new(stray, 1), new("other:1", 1)]);

        using var beat = await SweepPastTheRetentionAsync(redis);

        Assert.Null(await client.GetAsync(done.Id));
        Assert.Null(await db.SortedSetScoreAsync(fired, ran));
        Assert.False(await db.HashExistsAsync(inFlight, ran));
        Assert.Null(await db.SortedSetScoreAsync(failedRuns, ran));
        // Not searched for: the stray entries are still there, and so is the backlog.
        Assert.NotNull(await db.SortedSetScoreAsync(fired, stray));
        Assert.NotNull(await db.SortedSetScoreAsync(failedRuns, stray));
        Assert.Equal(101, await db.SortedSetLengthAsync(fired));
        // Whoever reads them next drops them: the failed-runs listing and the reconciler.
        Assert.Empty((await client.GetFailedRunsAsync(done.Id)).Runs);
        Assert.Null(await db.SortedSetScoreAsync(failedRuns, stray));
        Assert.NotNull(await db.SortedSetScoreAsync(failedRuns, "other:1"));
        await beat.Services.GetRequiredService<Scheduler.Beat.Recovery.FiredRunReconciler>()
            .SweepAsync(new HashSet<string>(), DateTimeOffset.UtcNow + TimeSpan.FromHours(1));
        Assert.Null(await db.SortedSetScoreAsync(fired, stray));
        Assert.Empty(await IdentityProbe.TracesAsync(redis, done.Id));
    }

    [Fact]
    public async Task A_task_past_the_retention_with_a_full_history_has_its_older_failed_runs_found_without_a_search_of_the_trigger_index()
    {
        await using var redis = await RedisTestContext.CreateAsync("retention-cap");
        var client = redis.CreateClient();
        var db = redis.Redis.GetDatabase();
        var done = await RunOneShotAsync(redis, client);
        // A history at its cap may have dropped older runs: one of them failed, and a retry of it is still asked for.
        await db.ListRightPushAsync(redis.KeyPrefix + "runs:" + done.Id,
            [.. Enumerable.Range(0, 1000).Select(i => (StackExchange.Redis.RedisValue)$$"""{"runId":"{{done.Id}}:h{{i}}","taskId":"{{done.Id}}","attempt":1}""")]);
        var (failedRuns, triggers, old) = (redis.KeyPrefix + "failed-runs", redis.KeyPrefix + "triggers", $"{done.Id}:old");
        await db.SortedSetAddAsync(failedRuns, [new(old, 1), new("other:1", 1)]);
        await db.SortedSetAddAsync(triggers, [new($"!r:5:{old}", 5), new($"!b:{done.Id}", 5)]);

        using var beat = await SweepPastTheRetentionAsync(redis);

        Assert.Null(await client.GetAsync(done.Id));
        Assert.Null(await db.SortedSetScoreAsync(failedRuns, old));
        Assert.NotNull(await db.SortedSetScoreAsync(failedRuns, "other:1"));
        Assert.Null(await db.SortedSetScoreAsync(triggers, $"!b:{done.Id}"));
        // Not searched for: the retry request is dropped when it comes due and finds its task gone.
        Assert.NotNull(await db.SortedSetScoreAsync(triggers, $"!r:5:{old}"));
    }

    // A Beat whose sweep finds the one finished task finished, then deletes it a retention (one second) later.
    private static async Task<IHost> SweepPastTheRetentionAsync(RedisTestContext redis)
    {
        var beat = InProcessSystem.BuildBeat(redis, OneSecond);
        var sweeper = beat.Services.GetServices<IHostedService>().OfType<FinishedTaskSweeper>().Single();
        Assert.Equal((1, 0), await sweeper.SweepAsync());
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal((0, 1), await sweeper.SweepAsync());
        return beat;
    }

    // A one-shot run to completion by a real Beat and worker, with no retention sweep meanwhile.
    private static async Task<ScheduledTask> RunOneShotAsync(RedisTestContext redis, SchedulerClient client)
    {
        var done = await client.ScheduleAsync(new NotificationTask("ran"), "in:1s");
        await using (await InProcessSystem.StartAsync(redis, settings: Off))
            await Eventually.WaitAsync(() => client.GetAsync(done.Id), t => t?.Status == ScheduleStatus.Completed, TaskRuns.Patience, "the one-shot to complete");
        return done;
    }

    [Fact]
    public async Task A_retention_of_zero_keeps_every_task_and_the_turn_goes_to_one_beat_per_interval()
    {
        await using var redis = await RedisTestContext.CreateAsync("retention-off");
        var client = redis.CreateClient();
        var cancelled = await client.ScheduleAsync(new NotificationTask("called off"), "in 1 hour");
        Assert.True(await client.CancelAsync(cancelled.Id));

        await using (await InProcessSystem.StartAsync(redis, beats: 1, workers: 0, Off))
            await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.True((await redis.Redis.GetDatabase().HashGetAsync(redis.KeyPrefix + "task:" + cancelled.Id, "retainedFrom")).IsNull);
        Assert.False(await redis.Redis.GetDatabase().KeyExistsAsync(redis.KeyPrefix + "retention-turn"));

        await using (await InProcessSystem.StartAsync(redis, beats: 2, workers: 0))
            await Eventually.WaitAsync(() => redis.Redis.GetDatabase().HashExistsAsync(redis.KeyPrefix + "task:" + cancelled.Id, "retainedFrom"),
                TaskRuns.Patience, "a started Beat's sweep to mark the cancelled task");
        var turn = await redis.Redis.GetDatabase().StringGetWithExpiryAsync(redis.KeyPrefix + "retention-turn");
        Assert.False(turn.Value.IsNull);
        Assert.InRange(turn.Expiry!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
        Assert.NotNull(await client.GetAsync(cancelled.Id));
    }
}
