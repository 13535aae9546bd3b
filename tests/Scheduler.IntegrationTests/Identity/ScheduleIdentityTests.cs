using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Identity;

/// <summary>
/// Scheduling an id that exists (issue 21 §2) through the client against real Redis: the same definition is "already
/// scheduled", another one conflicts or (replace) replaces in place, an ended id is scheduled anew.
/// </summary>
public sealed class ScheduleIdentityTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static ScheduleOptions Id(string id, int? maxRuns = null) => new() { Id = id, MaxRuns = maxRuns, Misfire = MisfirePolicy.Skip };

    [Fact]
    public async Task The_same_id_and_definition_again_is_already_scheduled_and_writes_nothing()
    {
        await using var redis = await RedisTestContext.CreateAsync("id-same");
        var client = redis.CreateClient();
        var first = await client.ScheduleWithResultAsync(new NotificationTask("hi"), "every 10 minutes", Id("t1"));
        Assert.Equal(ScheduleOutcome.Created, first.Outcome);

        var again = await client.ScheduleWithResultAsync(new NotificationTask("hi"), " every 10 minutes ", Id("t1"));
        Assert.Equal(ScheduleOutcome.AlreadyScheduled, again.Outcome);
        Assert.False(again.Changed);
        Assert.Equal(first.Task.CreatedAt, again.Task.CreatedAt);
        Assert.Equal(first.Task.NextRunAt, again.Task.NextRunAt);
        Assert.Equal([SchedulerEvents.Scheduled], await IdentityProbe.EventTypesAsync(redis, "t1"));
    }

    [Fact]
    public async Task A_one_shot_again_at_the_same_instant_spelt_another_way_is_already_scheduled_and_another_instant_conflicts()
    {
        await using var redis = await RedisTestContext.CreateAsync("id-same-instant");
        var client = redis.CreateClient();
        var year = DateTimeOffset.UtcNow.Year + 1;
        var first = await client.ScheduleWithResultAsync(new NotificationTask("hi"), $"{year}-12-24T09:00:00Z", Id("once"));
        Assert.Equal(ScheduleOutcome.Created, first.Outcome);

        foreach (var spelt in new[] { $"{year}-12-24T10:00:00+01:00", $"dec 24 {year} at 9am", $"{year}-12-24 09:00" })
        {
            var again = await client.ScheduleWithResultAsync(new NotificationTask("hi"), spelt, Id("once"));
            Assert.True(again.Outcome == ScheduleOutcome.AlreadyScheduled, $"{spelt}: {again.Outcome}");
            Assert.Equal(first.Task.NextRunAt, again.Task.NextRunAt);
        }
        // The same text read again later, whose instant has moved, is still the same request (a retry).
        var relative = await client.ScheduleWithResultAsync(new NotificationTask("hi"), "in 2 hours", Id("relative"));
        Assert.Equal(ScheduleOutcome.AlreadyScheduled, (await client.ScheduleWithResultAsync(new NotificationTask("hi"), "in 2 hours", Id("relative"))).Outcome);

        var other = await Assert.ThrowsAsync<ScheduleConflictException>(() =>
            client.ScheduleAsync(new NotificationTask("hi"), $"{year}-12-24T09:00:01Z", Id("once")));
        Assert.Equal("spec", Assert.Single(other.Differences).Field);
        var fixedForRelative = await Assert.ThrowsAsync<ScheduleConflictException>(() =>
            client.ScheduleAsync(new NotificationTask("hi"), $"{year}-12-24T09:00:00Z", Id("relative")));
        Assert.Equal("spec", Assert.Single(fixedForRelative.Differences).Field);
        Assert.Equal($"{year}-12-24T09:00:00Z", (await client.GetAsync("once"))!.Spec);
        Assert.Equal(relative.Task.NextRunAt, (await client.GetAsync("relative"))!.NextRunAt);
    }

    [Fact]
    public async Task A_different_spec_task_or_options_on_a_live_id_conflicts_naming_what_differs_and_keeps_the_stored_one()
    {
        await using var redis = await RedisTestContext.CreateAsync("id-conflict");
        var client = redis.CreateClient();
        await client.ScheduleAsync(new NotificationTask("hi"), "every 10 minutes", Id("t1", maxRuns: 3));

        var spec = await Assert.ThrowsAsync<ScheduleConflictException>(() => client.ScheduleAsync(new NotificationTask("hi"), "every 1 hour", Id("t1", maxRuns: 3)));
        Assert.Equal(new ScheduleDifference("spec", "\"every 10 minutes\"", "\"every 1 hour\""), Assert.Single(spec.Differences));
        Assert.Equal(ScheduleStatus.Scheduled, spec.Current);
        Assert.Contains("every 1 hour", spec.Message);

        var task = await Assert.ThrowsAsync<ScheduleConflictException>(() => client.ScheduleAsync(new NotificationTask("bye"), "every 10 minutes", Id("t1", maxRuns: 3)));
        Assert.Equal("task.message", Assert.Single(task.Differences).Field);
        var options = await Assert.ThrowsAsync<ScheduleConflictException>(() => client.ScheduleAsync(new NotificationTask("hi"), "every 10 minutes", Id("t1", maxRuns: 5)));
        Assert.Equal("options.maxRuns: 3 → 5", Assert.Single(options.Differences).ToString());

        Assert.True(await client.PauseAsync("t1"));
        var paused = await Assert.ThrowsAsync<ScheduleConflictException>(() => client.ScheduleAsync(new NotificationTask("hi"), "every 1 hour", Id("t1", maxRuns: 3)));
        Assert.Equal(ScheduleStatus.Paused, paused.Current);

        var stored = (await client.GetAsync("t1"))!;
        Assert.Equal("every 10 minutes", stored.Spec);
        Assert.Equal("hi", ((NotificationTask)stored.Task).Message);
        Assert.Equal(3, stored.Options.MaxRuns);
    }

    [Fact]
    public async Task Two_clients_scheduling_one_id_at_once_create_it_once_and_the_other_definition_conflicts()
    {
        await using var redis = await RedisTestContext.CreateAsync("id-race");
        var clients = Enumerable.Range(0, 8).Select(_ => redis.CreateClient()).ToList();
        var attempts = clients.Select((c, i) => Outcome(() => c.ScheduleWithResultAsync(new NotificationTask("hi"), i % 2 == 0 ? "every 1 hour" : "every 2 hours", Id("race")))).ToList();
        var outcomes = await Task.WhenAll(attempts);

        var stored = (await clients[0].GetAsync("race"))!;
        Assert.Equal(1, outcomes.Count(o => o == "Created"));
        // Every request with the winning spec is "already scheduled", every other one a conflict: nothing in between.
        var winners = outcomes.Where((_, i) => (i % 2 == 0 ? "every 1 hour" : "every 2 hours") == stored.Spec).ToList();
        var losers = outcomes.Where((_, i) => (i % 2 == 0 ? "every 1 hour" : "every 2 hours") != stored.Spec).ToList();
        Assert.All(winners, o => Assert.Contains(o, new[] { "Created", "AlreadyScheduled" }));
        Assert.All(losers, o => Assert.Equal("conflict", o));
    }

    private static async Task<string> Outcome(Func<Task<ScheduleResult>> schedule)
    {
        try { return (await schedule()).Outcome.ToString(); }
        catch (ScheduleConflictException) { return "conflict"; }
    }

    [Fact]
    public async Task Replace_changes_a_live_task_in_place_keeping_its_id_history_creation_and_pause()
    {
        await using var redis = await RedisTestContext.CreateAsync("id-replace");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var first = await client.ScheduleAsync(new ShellTask("echo", ["old"]), "every 1s", Id("t1"));
        await Eventually.WaitAsync(() => client.GetRunsAsync("t1"), r => r.Count(x => x.IsFinal) >= 2, Patience, "two runs of the old definition");
        Assert.True(await client.PauseAsync("t1"));
        var before = (await client.GetAsync("t1"))!;
        var history = (await client.GetRunsAsync("t1", 1000)).Count;

        var replaced = await client.ScheduleWithResultAsync(new ShellTask("echo", ["new"]), "every 2s", Id("t1") with { Replace = true });
        Assert.Equal(ScheduleOutcome.Replaced, replaced.Outcome);
        Assert.Equal(ScheduleStatus.Paused, replaced.Task.Status);
        Assert.Equal(first.CreatedAt, replaced.Task.CreatedAt);
        Assert.Equal("every 2s", replaced.Task.Spec);
        Assert.Equal(0, replaced.Task.RunCount);
        Assert.True(before.RunCount >= 2);
        Assert.Equal(history, (await client.GetRunsAsync("t1", 1000)).Count);
        Assert.Null(await redis.Redis.GetDatabase().SortedSetScoreAsync(redis.KeyPrefix + "due", "t1"));
        Assert.False(replaced.Task.Options.Replace);

        // Identical again: nothing to replace.
        Assert.Equal(ScheduleOutcome.AlreadyScheduled,
            (await client.ScheduleWithResultAsync(new ShellTask("echo", ["new"]), "every 2s", Id("t1") with { Replace = true })).Outcome);

        Assert.True(await client.ResumeAsync("t1"));
        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync("t1", 1000), r => r.Count(x => x.IsFinal && x.Result?.Contains("new") == true) >= 1,
            Patience, "a run of the new definition");
        Assert.True(runs.Count > history);
        Assert.Contains(runs, r => r.Result?.Contains("old") == true);
    }

    [Fact]
    public async Task Replace_and_reschedule_anew_keep_who_created_the_task_and_record_who_changed_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("id-actor");
        var client = redis.CreateClient();
        var created = await client.As("alice").ScheduleWithResultAsync(new NotificationTask("hi"), "every 10 minutes", Id("t1"));
        Assert.Equal("alice", created.Task.CreatedBy);
        Assert.Null(created.Task.ChangedBy);

        var replaced = await client.As("bob").ScheduleWithResultAsync(new NotificationTask("bye"), "every 10 minutes", Id("t1") with { Replace = true });
        Assert.Equal(ScheduleOutcome.Replaced, replaced.Outcome);
        var stored = (await client.GetAsync("t1"))!;
        Assert.Equal(("alice", "bob"), (stored.CreatedBy, stored.ChangedBy));
        Assert.NotNull(stored.ChangedAt);
        Assert.Equal(("alice", "bob"), (replaced.Task.CreatedBy, replaced.Task.ChangedBy));

        Assert.True(await client.As("carol").CancelAsync("t1"));
        var anew = await client.As("dave").ScheduleWithResultAsync(new NotificationTask("again"), "every 1 hour", Id("t1"));
        Assert.Equal(ScheduleOutcome.Rescheduled, anew.Outcome);
        stored = (await client.GetAsync("t1"))!;
        Assert.Equal(("alice", "dave"), (stored.CreatedBy, stored.ChangedBy));
    }

    [Fact]
    public async Task Replace_while_a_run_is_in_flight_lets_it_finish_without_ending_the_new_schedule()
    {
        await using var redis = await RedisTestContext.CreateAsync("id-replace-running");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        using var dir = TestPaths.CreateTempDirectory("id-replace-running");
        var gate = dir.File("go");
        // A one-shot that runs until the test lets it finish: under the old definition it would complete the task.
        await client.ScheduleAsync(new ShellTask($"while [ ! -e '{gate}' ]; do sleep 0.05; done; echo old", UseShell: true) { Execution = TaskRuns.Fast() },
            "in 1 second", Id("t1"));
        await TaskRuns.WaitRunningAsync(client, "t1");

        var replaced = await client.ScheduleWithResultAsync(new ShellTask("echo", ["new"]), "in 1 hour", Id("t1") with { Replace = true });
        Assert.Equal(ScheduleOutcome.Replaced, replaced.Outcome);
        Assert.Equal(ScheduleStatus.Running, replaced.Task.Status);
        await File.WriteAllTextAsync(gate, "");

        var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, "t1"));
        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        Assert.Contains("old", run.Result);
        var after = await Eventually.WaitAsync(() => client.GetAsync("t1"), t => t!.Status != ScheduleStatus.Running, Patience, "the run to settle");
        Assert.Equal(ScheduleStatus.Scheduled, after!.Status);
        Assert.Equal("in 1 hour", after.Spec);
        Assert.Equal(replaced.Task.NextRunAt, after.NextRunAt);
        Assert.Equal(0, after.RunCount);
    }

    [Fact]
    public async Task An_ended_id_is_scheduled_anew_with_history_kept_and_counters_reset()
    {
        await using var redis = await RedisTestContext.CreateAsync("id-revive");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var first = await client.ScheduleAsync(new NotificationTask("tick"), "every 1s", Id("t1", maxRuns: 2));
        var completed = await Eventually.WaitAsync(() => client.GetAsync("t1"), t => t!.Status == ScheduleStatus.Completed, Patience, "max runs reached");
        Assert.Equal(2, completed!.RunCount);

        var again = await client.ScheduleWithResultAsync(new NotificationTask("tick"), "every 1s", Id("t1", maxRuns: 2));
        Assert.Equal(ScheduleOutcome.Rescheduled, again.Outcome);
        Assert.Equal(ScheduleStatus.Scheduled, again.Task.Status);
        Assert.Equal(0, again.Task.RunCount);
        Assert.Equal(first.CreatedAt, again.Task.CreatedAt);
        Assert.NotNull(await redis.Redis.GetDatabase().SortedSetScoreAsync(redis.KeyPrefix + "due", "t1"));

        // Max runs counts afresh: two more runs, so four in the kept history.
        var done = await Eventually.WaitAsync(() => client.GetAsync("t1"), t => t!.Status == ScheduleStatus.Completed, Patience, "max runs reached again");
        Assert.Equal(2, done!.RunCount);
        Assert.Equal(4, (await client.GetRunsAsync("t1")).Count(r => r.IsFinal));
    }

    [Fact]
    public async Task A_cancelled_id_is_scheduled_anew_even_with_another_definition()
    {
        await using var redis = await RedisTestContext.CreateAsync("id-cancelled");
        var client = redis.CreateClient();
        await client.ScheduleAsync(new NotificationTask("hi"), "every 10 minutes", Id("t1"));
        Assert.True(await client.CancelAsync("t1"));

        var again = await client.ScheduleWithResultAsync(new NotificationTask("hi"), "every 1 hour", Id("t1"));
        Assert.Equal(ScheduleOutcome.Rescheduled, again.Outcome);
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync("t1"))!.Status);
        Assert.Equal("every 1 hour", (await client.GetAsync("t1"))!.Spec);
        Assert.Single(await client.ListAsync());
    }
}
