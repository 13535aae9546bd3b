using Scheduler.Contracts.Client;
using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.FlowControl;

/// <summary>Trailing debounce for one-shot requests (issue 18 §4).</summary>
public sealed class DebounceTests
{
    private static readonly ScheduleOptions Debounced = new() { Debounce = new Debounce("digest", TimeSpan.FromSeconds(1)) };

    [Fact]
    public async Task A_burst_with_one_debounce_key_runs_once_with_the_last_requests_task_and_a_request_after_the_window_runs_again()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-debounce");
        var client = redis.CreateClient();
        var results = new List<(DateTimeOffset Asked, ScheduleResult Result)>();
        for (var i = 0; i < 5; i++)
        {
            var asked = DateTimeOffset.UtcNow;
            results.Add((asked, await client.ScheduleWithResultAsync(new NotificationTask($"burst {i}") { Execution = TaskRuns.Fast() }, "in 1 second", Debounced)));
        }
        var id = results[0].Result.Task.Id;
        Assert.All(results, r => Assert.Equal(id, r.Result.Task.Id));
        Assert.Equal(ScheduleOutcome.Created, results[0].Result.Outcome);
        Assert.All(results.Skip(1), r => Assert.Equal(ScheduleOutcome.Replaced, r.Result.Outcome));
        // Each request pushes the run to a window after itself.
        Assert.All(results, r => Assert.True(r.Result.Task.NextRunAt >= r.Asked.AddSeconds(1).AddMilliseconds(-1), $"due {r.Result.Task.NextRunAt:O}, asked {r.Asked:O}"));

        await using var system = await InProcessSystem.StartAsync(redis, beats: 1, workers: 1);
        Assert.Single(await TaskRuns.UntilFinalAsync(client, id));
        var ran = await client.GetAsync(id);
        Assert.Equal("burst 4", Assert.IsType<NotificationTask>(ran!.Task).Message);
        Assert.Single(await client.ListAsync());

        var after = await client.ScheduleWithResultAsync(new NotificationTask("after the window") { Execution = TaskRuns.Fast() }, "in 1 second", Debounced);
        Assert.Equal(ScheduleOutcome.Created, after.Outcome);
        Assert.NotEqual(id, after.Task.Id);
        Assert.Single(await TaskRuns.UntilFinalAsync(client, after.Task.Id));
        Assert.Single(await client.GetRunsAsync(id));
        Assert.Equal(2, (await client.ListAsync()).Count);
    }

    [Fact]
    public async Task A_debounce_window_with_sub_millisecond_ticks_is_cut_to_whole_milliseconds_as_the_due_time_it_gives_is_stored()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-debounce-ticks");
        var asked = new DateTimeOffset(2027, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var client = redis.CreateClient(new ManualTime(asked));
        // 1 s and 0.4999 ms: due instants are stored as Unix ms, the window used to keep the ticks they lack.
        var options = new ScheduleOptions { TimeZone = "UTC", Debounce = new Debounce("digest", TimeSpan.FromTicks(10_004_999)) };

        var first = await client.ScheduleWithResultAsync(new NotificationTask("first"), "in 1 second", options);
        var again = await client.ScheduleWithResultAsync(new NotificationTask("again"), "in 1 second", options);
        var stored = await client.GetAsync(first.Task.Id);

        Assert.Equal(ScheduleOutcome.Replaced, again.Outcome);
        foreach (var task in new[] { first.Task, again.Task, stored! })
        {
            Assert.Equal(TimeSpan.FromSeconds(1), task.Options.Debounce!.Window);
            Assert.Equal((asked.AddSeconds(1), asked.AddSeconds(1)), (task.NextRunAt, task.Schedule.Anchor));
        }
    }

    [Fact]
    public async Task A_debounced_one_shot_shows_the_instant_it_runs_at_not_the_one_its_request_named_and_keeps_it_through_an_update()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-debounce-shown");
        var asked = new DateTimeOffset(2027, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var time = new ManualTime(asked);
        var client = redis.CreateClient(time);
        var options = new ScheduleOptions { TimeZone = "UTC", Debounce = new Debounce("digest", TimeSpan.FromMinutes(5)) };

        var first = await client.ScheduleAsync(new NotificationTask("first"), "in 1 second", options);
        Assert.Equal((asked.AddMinutes(5), asked.AddMinutes(5), "once at 2027-12-01 10:05 (UTC)"), (first.NextRunAt, first.Schedule.Anchor, first.Schedule.Description));

        time.Advance(TimeSpan.FromMinutes(1));
        var later = await client.ScheduleWithResultAsync(new NotificationTask("later"), "in 1 second", options);
        Assert.Equal(ScheduleOutcome.Replaced, later.Outcome);
        var stored = (await client.GetAsync(first.Id))!;
        Assert.Equal((asked.AddMinutes(6), asked.AddMinutes(6), "once at 2027-12-01 10:06 (UTC)"), (stored.NextRunAt, stored.Schedule.Anchor, stored.Schedule.Description));
        Assert.Equal([asked.AddMinutes(6)], stored.Schedule.NextInZone(3, time.GetUtcNow()));

        // Read again for a new zone, "in 1 second" names an instant gone by; the run keeps the instant the debounce gave it.
        time.Advance(TimeSpan.FromMinutes(1));
        var moved = (await client.UpdateAsync(first.Id, new TaskUpdate { TimeZone = "Europe/Berlin" }))!;
        Assert.Equal((asked.AddMinutes(6), asked.AddMinutes(6), "once at 2027-12-01 11:06 (Europe/Berlin)"), (moved.NextRunAt, moved.Schedule.Anchor, moved.Schedule.Description));
    }

    [Fact]
    public async Task A_debounced_one_shot_given_a_start_after_past_its_held_instant_runs_no_sooner_than_that_start_and_an_end_before_it_is_refused()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-debounce-start-after");
        var asked = new DateTimeOffset(2027, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var time = new ManualTime(asked);
        var client = redis.CreateClient(time);
        var first = await client.ScheduleAsync(new NotificationTask("first"), "in 1 second",
            new ScheduleOptions { TimeZone = "UTC", Debounce = new Debounce("digest", TimeSpan.FromMinutes(5)) });
        Assert.Equal(asked.AddMinutes(5), first.NextRunAt);

        // The debounce holds the run to 10:05; a start bound after that moves it on, as it moves any one-shot.
        time.Advance(TimeSpan.FromMinutes(1));
        var moved = (await client.UpdateAsync(first.Id, new TaskUpdate { StartAfter = asked.AddMinutes(10) }))!;
        Assert.Equal((asked.AddMinutes(10), asked.AddMinutes(10)), (moved.NextRunAt, moved.Schedule.Anchor));

        // An end before the instant a debounce holds a run to, given with a new zone (which reads the spec again), leaves it no
        // run, as for any one-shot due then: refused, not run after its end.
        var held = await client.ScheduleAsync(new NotificationTask("held"), "in 1 second",
            new ScheduleOptions { TimeZone = "UTC", Debounce = new Debounce("other", TimeSpan.FromMinutes(5)) });
        time.Advance(TimeSpan.FromMinutes(1));
        var refused = await Assert.ThrowsAsync<InvalidTaskException>(() => client.UpdateAsync(held.Id, new TaskUpdate { TimeZone = "Europe/Berlin", EndAt = asked.AddMinutes(5) }));
        Assert.Contains("has no occurrence between", refused.Message);
        Assert.Equal(asked.AddMinutes(6), (await client.GetAsync(held.Id))!.NextRunAt);
    }

    [Fact]
    public async Task Concurrent_requests_with_one_debounce_key_collapse_into_one_task()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-debounce-race");
        var client = redis.CreateClient();
        var options = new ScheduleOptions { Debounce = new Debounce("race:{message}", TimeSpan.FromSeconds(30)) };
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            client.ScheduleWithResultAsync(new NotificationTask("same") { Execution = TaskRuns.Fast() }, "in 1 second", options)));
        Assert.Single(results.Select(r => r.Task.Id).Distinct());
        Assert.Single(results, r => r.Outcome == ScheduleOutcome.Created);
        Assert.Single(await client.ListAsync());
    }

    [Fact]
    public async Task An_idempotency_key_returns_the_same_task_inside_its_window_and_schedules_anew_after_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-idem-window");
        var client = redis.CreateClient();
        var db = redis.Redis.GetDatabase();
        var task = new NotificationTask("order 7");
        var windowed = new ScheduleOptions { IdempotencyKey = "order-7", IdempotencyWindow = TimeSpan.FromSeconds(1) };
        var first = await client.ScheduleWithResultAsync(task, "in 1 hour", windowed);
        var repeat = await client.ScheduleWithResultAsync(task, "in 1 hour", windowed);
        Assert.Equal(ScheduleOutcome.AlreadyScheduled, repeat.Outcome);
        Assert.Equal(first.Task.Id, repeat.Task.Id);

        var key = redis.KeyPrefix + "idem:order-7";
        var ttl = await db.KeyTimeToLiveAsync(key);
        Assert.True(ttl is { } t && t > TimeSpan.Zero && t <= TimeSpan.FromSeconds(1), $"idempotency key TTL {ttl}");
        await Eventually.WaitAsync(async () => !await db.KeyExistsAsync(key), TimeSpan.FromSeconds(10), "the idempotency key to expire");

        var after = await client.ScheduleWithResultAsync(task, "in 1 hour", windowed);
        Assert.Equal(ScheduleOutcome.Created, after.Outcome);
        Assert.NotEqual(first.Task.Id, after.Task.Id);

        await client.ScheduleWithResultAsync(task, "in 1 hour", new ScheduleOptions { IdempotencyKey = "order-8" });
        Assert.Null(await db.KeyTimeToLiveAsync(redis.KeyPrefix + "idem:order-8"));
    }
}
