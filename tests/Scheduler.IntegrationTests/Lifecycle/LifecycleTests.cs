using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Lifecycle;

/// <summary>The client's management operations against real Redis, with Beat and a worker running.</summary>
public sealed class LifecycleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // An occurrence fired just before a pause or a reschedule still runs, later on a loaded machine: the count is read
    // once a whole second passes without a new run. Were the task still firing every second, it would never settle.
    private static async Task<int> SettledRunCountAsync(SchedulerClient client, string id)
    {
        var last = -1;
        return await Eventually.WaitAsync(async () =>
        {
            var (before, now) = (last, (await client.GetRunsAsync(id)).Count);
            last = now;
            if (before != now) await Task.Delay(TimeSpan.FromSeconds(1));
            return before == now ? now : -1;
        }, count => count >= 0, Patience, "no new run for a second");
    }

    [Fact]
    public async Task Pause_stops_firing_and_resume_continues()
    {
        await using var redis = await RedisTestContext.CreateAsync("life-pause");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("tick"), "every 1s", new ScheduleOptions { Misfire = MisfirePolicy.Skip });
        await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count >= 1, Patience, "a first run");

        Assert.True(await client.PauseAsync(task.Id));
        Assert.Equal(ScheduleStatus.Paused, (await client.GetAsync(task.Id))!.Status);
        var whilePaused = await SettledRunCountAsync(client, task.Id);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(whilePaused, (await client.GetRunsAsync(task.Id)).Count);

        Assert.True(await client.ResumeAsync(task.Id));
        await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count >= whilePaused + 2, Patience, "runs after resume");
    }

    [Fact]
    public async Task Invalid_transitions_are_clear_errors_and_unknown_ids_return_false()
    {
        await using var redis = await RedisTestContext.CreateAsync("life-transitions");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("x"), "in 1 hour");

        var resume = await Assert.ThrowsAsync<InvalidTransitionException>(() => client.ResumeAsync(task.Id));
        Assert.Contains("is scheduled and cannot become scheduled", resume.Message);
        Assert.True(await client.CancelAsync(task.Id));
        var pause = await Assert.ThrowsAsync<InvalidTransitionException>(() => client.PauseAsync(task.Id));
        Assert.Equal(ScheduleStatus.Cancelled, pause.Current);
        Assert.Contains("cancelled and cannot become paused", pause.Message);
        await Assert.ThrowsAsync<InvalidTransitionException>(() => client.TriggerNowAsync(task.Id));
        Assert.False(await client.PauseAsync("no-such-task"));
        Assert.False(await client.CancelAsync("bad*id[?]"));
        Assert.Null(await client.TriggerNowAsync("no-such-task"));
    }

    [Fact]
    public async Task Trigger_now_runs_once_and_leaves_the_schedule_unchanged()
    {
        await using var redis = await RedisTestContext.CreateAsync("life-trigger");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("daily"), $"every day at {(DateTime.UtcNow.Hour + 12) % 24}:00");

        var runId = await client.TriggerNowAsync(task.Id);
        var result = await client.WaitForResultAsync(task.Id, Patience, runId);

        Assert.NotNull(result);
        Assert.Equal(RunOutcome.Succeeded, result.Outcome);
        Assert.Equal(runId, result.RunId);
        var after = await client.GetAsync(task.Id);
        Assert.Equal(task.NextRunAt, after!.NextRunAt);
        Assert.Equal(ScheduleStatus.Scheduled, after.Status);
    }

    [Fact]
    public async Task Wait_for_result_times_out_cleanly_with_null_looks_once_at_zero_and_refuses_a_negative_wait()
    {
        await using var redis = await RedisTestContext.CreateAsync("life-wait");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("later"), "in 1 hour");
        Assert.Null(await client.WaitForResultAsync(task.Id, TimeSpan.FromMilliseconds(300)));
        Assert.Null(await client.WaitForResultAsync("no-such-task", TimeSpan.FromSeconds(5)));
        // Zero looks once; a negative wait is a mistake, refused with what is accepted; infinite waits for cancellation.
        Assert.Null(await client.WaitForResultAsync(task.Id, TimeSpan.Zero));
        var negative = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.WaitForResultAsync(task.Id, TimeSpan.FromSeconds(-5)));
        Assert.Contains("Timeout.InfiniteTimeSpan", negative.Message);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.WaitForResultAsync(task.Id, Timeout.InfiniteTimeSpan, cancellationToken: stop.Token));
    }

    [Fact]
    public async Task Reschedule_moves_the_next_run_without_firing_at_once()
    {
        await using var redis = await RedisTestContext.CreateAsync("life-reschedule");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("x"), "every 1s");
        await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Count >= 1, Patience, "a first run");

        // An hour twelve hours away: a fixed hour failed a run that happened to start a minute before it.
        var daily = $"every day at {(DateTime.UtcNow.Hour + 12) % 24}:00";
        var moved = await client.RescheduleAsync(task.Id, daily);
        Assert.Equal(ScheduleKind.Cron, moved!.Schedule.Kind);
        Assert.True(moved.NextRunAt > DateTimeOffset.UtcNow.AddMinutes(1), $"next run {moved.NextRunAt:O} should be twelve hours away, not now");
        var count = await SettledRunCountAsync(client, task.Id);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(count, (await client.GetRunsAsync(task.Id)).Count);
        Assert.Equal(daily, (await client.GetAsync(task.Id))!.Spec);
    }

    [Fact]
    public async Task Update_changes_parameters_and_rejects_bad_values_without_writing()
    {
        await using var redis = await RedisTestContext.CreateAsync("life-update");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("old"), "in 1 hour", new ScheduleOptions { Name = "n1" });

        var updated = await client.UpdateAsync(task.Id, new TaskUpdate { Task = new NotificationTask("new"), Name = "n2", MaxRuns = 5 });
        Assert.Equal("new", ((NotificationTask)updated!.Task).Message);
        Assert.Equal("n2", updated.Name);
        Assert.Equal(5, updated.Options.MaxRuns);
        Assert.Equal(task.NextRunAt, updated.NextRunAt);

        await Assert.ThrowsAsync<ScheduleSpecException>(() => client.UpdateAsync(task.Id, new TaskUpdate { Spec = "every munday" }));
        await Assert.ThrowsAsync<InvalidTaskException>(() => client.UpdateAsync(task.Id, new TaskUpdate { MaxRuns = -1 }));
        var unchanged = await client.GetAsync(task.Id);
        Assert.Equal("in 1 hour", unchanged!.Spec);
        Assert.Equal(5, unchanged.Options.MaxRuns);
        Assert.Null(await client.UpdateAsync("no-such-task", new TaskUpdate { Name = "x" }));
    }

    [Fact]
    public async Task Same_idempotency_key_or_id_returns_the_same_task_never_two()
    {
        await using var redis = await RedisTestContext.CreateAsync("life-idem");
        var client = redis.CreateClient();
        var options = new ScheduleOptions { IdempotencyKey = "order-42" };
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.ScheduleAsync(new NotificationTask("x"), "in 1 hour", options)));
        Assert.Single(results.Select(r => r.Id).Distinct());
        var byId = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.ScheduleAsync(new NotificationTask("y"), "in 1 hour", new ScheduleOptions { Id = "fixed-id" })));
        Assert.All(byId, t => Assert.Equal("fixed-id", t.Id));
        Assert.Equal(2, (await client.ListAsync()).Count);
    }

    [Fact]
    public async Task Max_runs_ends_the_schedule_exactly_at_n()
    {
        await using var redis = await RedisTestContext.CreateAsync("life-maxruns");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("x"), "every 1s", new ScheduleOptions { MaxRuns = 3 });

        var done = await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, Patience, "completion");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(3, (await client.GetRunsAsync(task.Id)).Count);
        Assert.Equal(3, done!.RunCount);
    }

    [Fact]
    public async Task End_at_expires_the_schedule()
    {
        await using var redis = await RedisTestContext.CreateAsync("life-endat");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("x"), "every 1s", new ScheduleOptions { EndAt = DateTimeOffset.UtcNow.AddSeconds(3) });

        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Expired, Patience, "expiry");
        var runs = await client.GetRunsAsync(task.Id);
        Assert.InRange(runs.Count, 1, 4);
        Assert.All(runs, r => Assert.True(r.DueAt <= task.Options.EndAt));
    }

    [Fact]
    public async Task An_update_moving_end_at_before_the_next_run_is_refused_and_one_after_it_is_kept()
    {
        await using var redis = await RedisTestContext.CreateAsync("life-endat-update");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("x"), "every 1h");

        var error = await Assert.ThrowsAsync<InvalidTaskException>(() =>
            client.UpdateAsync(task.Id, new TaskUpdate { EndAt = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero) }));
        Assert.Contains("endAt 2000-01-01T00:00:00Z is before the task's next run", error.Message);
        var unchanged = (await client.GetAsync(task.Id))!;
        Assert.Null(unchanged.Options.EndAt);
        Assert.Equal(ScheduleStatus.Scheduled, unchanged.Status);

        var later = task.NextRunAt!.Value.AddHours(5);
        var updated = await client.UpdateAsync(task.Id, new TaskUpdate { EndAt = later });
        Assert.Equal(later, updated!.Options.EndAt);
        Assert.Equal(task.NextRunAt, updated.NextRunAt);
    }

    [Fact]
    public async Task List_filters_and_cancel_all_counts()
    {
        await using var redis = await RedisTestContext.CreateAsync("life-list");
        var client = redis.CreateClient();
        await client.ScheduleAsync(new NotificationTask("a"), "in 1 hour", new ScheduleOptions { Name = "alpha report", Tags = ["reports"], ModuleId = "m1" });
        await client.ScheduleAsync(new NotificationTask("b"), "every 1h", new ScheduleOptions { Name = "beta", Tags = ["ops"], ModuleId = "m1" });
        var gamma = await client.ScheduleAsync(new NotificationTask("c"), "every 2h", new ScheduleOptions { Name = "gamma report", ModuleId = "m2" });
        await client.PauseAsync(gamma.Id);

        Assert.Equal(2, (await client.ListAsync(new ScheduleFilter { NameContains = "REPORT" })).Count);
        Assert.Single(await client.ListAsync(new ScheduleFilter { Tag = "ops" }));
        Assert.Single(await client.ListAsync(new ScheduleFilter { Recurring = false }));
        Assert.Single(await client.ListAsync(new ScheduleFilter { Status = ScheduleStatus.Paused }));
        Assert.Equal(2, (await client.ListAsync(limit: 2)).Count);
        Assert.Single(await client.ListAsync(limit: 2, offset: 2));

        Assert.Equal(2, await client.CancelAllAsync(new ScheduleFilter { ModuleId = "m1" }));
        Assert.Equal(2, (await client.ListAsync(new ScheduleFilter { Status = ScheduleStatus.Cancelled })).Count);
    }

    [Fact]
    public async Task Subscription_resumes_after_a_given_event_without_missing_any()
    {
        await using var redis = await RedisTestContext.CreateAsync("life-events");
        var client = redis.CreateClient();
        var first = await client.ScheduleAsync(new NotificationTask("1"), "in 1 hour");
        using var cts = new CancellationTokenSource(Patience);
        var seen = new List<SchedulerEvent>();
        await foreach (var e in client.SubscribeAsync("0", cts.Token)) { seen.Add(e); break; }
        Assert.Equal(SchedulerEvents.Scheduled, seen[0].Type);
        Assert.Equal(first.Id, seen[0].TaskId);

        await client.PauseAsync(first.Id);
        await client.ResumeAsync(first.Id);
        await client.CancelAsync(first.Id);
        var resumed = new List<string>();
        await foreach (var e in client.SubscribeAsync(seen[0].Id, cts.Token))
        {
            resumed.Add(e.Type);
            if (resumed.Count == 3) break;
        }
        Assert.Equal([SchedulerEvents.Paused, SchedulerEvents.Resumed, SchedulerEvents.Cancelled], resumed);
    }
}
