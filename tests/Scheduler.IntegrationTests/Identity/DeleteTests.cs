using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Identity;

/// <summary>Permanent delete through the client, against real Redis, a real Beat and a real worker running shell commands.</summary>
public sealed class DeleteTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Delete_removes_the_task_its_history_and_every_index_entry_and_frees_the_id()
    {
        await using var redis = await RedisTestContext.CreateAsync("del-indexes");
        var client = redis.CreateClient();
        await client.ScheduleAsync(new NotificationTask("hi"), "every 10 minutes", new ScheduleOptions { Id = "doomed", IdempotencyKey = "order-7", Tags = ["x"] });
        await client.ScheduleAsync(new NotificationTask("hi"), "every 10 minutes", new ScheduleOptions { Id = "keeper" });
        Assert.NotNull(await client.TriggerNowAsync("doomed"));
        // A history and a ledger entry as a worker leaves them, so the delete has every kind of entry to remove.
        var db = redis.Redis.GetDatabase();
        await db.ListLeftPushAsync(redis.KeyPrefix + "runs:doomed", """{"runId":"doomed:1000","taskId":"doomed","attempt":1}""");
        await db.HashSetAsync(redis.KeyPrefix + "run:doomed:1000", "done", "succeeded");
        await db.HashSetAsync(redis.KeyPrefix + "inflight", "doomed:2000", "job-1|worker-1|doomed|1|2000");
        await db.HashSetAsync(redis.KeyPrefix + "run:doomed:2000", "attempts", "1");
        // What a failed run, a retry asked for and a backfill in progress leave; the keeper's failed run must stay.
        await db.SortedSetAddAsync(redis.KeyPrefix + "failed-runs", [new("doomed:1000", 1000), new("doomed:900", 900), new("keeper:1000", 1000)]);
        await db.HashSetAsync(redis.KeyPrefix + "failed-runs:data", [new("doomed:1000", Failed("doomed:1000", "doomed")), new("doomed:900", Failed("doomed:900", "doomed")),
            new("keeper:1000", Failed("keeper:1000", "keeper"))]);
        await db.SortedSetAddAsync(redis.KeyPrefix + "triggers", [new("!r:900:doomed:900", 900), new("!b:doomed", 900), new("!r:1000:keeper:1000", 1000)]);
        await db.SortedSetAddAsync(redis.KeyPrefix + "backfill:doomed", "5000|1000|ops", 5000);
        await db.StringSetAsync(redis.KeyPrefix + "backfill-current:doomed", "doomed:4000");
        Assert.NotEmpty(await IdentityProbe.TracesAsync(redis, "doomed"));

        Assert.True(await client.DeleteAsync("doomed"));

        Assert.Empty(await IdentityProbe.TracesAsync(redis, "doomed"));
        Assert.Null(await client.GetAsync("doomed"));
        Assert.Empty(await client.GetRunsAsync("doomed"));
        Assert.Equal(["keeper"], (await client.ListAsync()).Select(t => t.Id));
        Assert.Equal(["keeper:1000"], (await client.GetFailedRunsAsync()).Runs.Select(r => r.Run.RunId));
        Assert.Contains("!r:1000:keeper:1000", (await db.SortedSetRangeByRankAsync(redis.KeyPrefix + "triggers")).Select(m => m.ToString()));
        Assert.False(await client.DeleteAsync("doomed"));
        Assert.False(await client.DeleteAsync("never-existed"));
        Assert.Equal(SchedulerEvents.Deleted, (await IdentityProbe.EventTypesAsync(redis, "doomed"))[^1]);

        // The id and its idempotency key are free: scheduling again creates a new task from scratch.
        var again = await client.ScheduleWithResultAsync(new NotificationTask("other"), "every 1 hour", new ScheduleOptions { Id = "doomed", IdempotencyKey = "order-7" });
        Assert.Equal(ScheduleOutcome.Created, again.Outcome);
        // The new task has no failed runs of the old one to list or retry.
        Assert.Equal(0, (await client.GetFailedRunsAsync("doomed")).Total);
    }

    [Fact]
    public async Task Delete_by_hand_finds_its_entries_among_thousands_in_the_shared_indexes_and_leaves_lookalike_ids_alone()
    {
        await using var redis = await RedisTestContext.CreateAsync("del-backlog");
        var client = redis.CreateClient();
        foreach (var id in new[] { "job", "job2", "a-job" })
            await client.ScheduleAsync(new NotificationTask("hi"), "every 10 minutes", new ScheduleOptions { Id = id });
        var db = redis.Redis.GetDatabase();
        var (fired, inFlight, failed, failedData, triggers) = (redis.KeyPrefix + "fired", redis.KeyPrefix + "inflight", redis.KeyPrefix + "failed-runs",
            redis.KeyPrefix + "failed-runs:data", redis.KeyPrefix + "triggers");
        // A backlog of ids that begin or end like the doomed one, past the sizes Redis keeps compact (so the scans page),
        // with the doomed task's own entries among them.
        var owners = Enumerable.Range(0, 3000).Select(i => i % 300 == 7 ? "job" : i % 2 == 0 ? "job2" : "a-job").ToArray();
        await db.SortedSetAddAsync(fired, [.. owners.Select((o, i) => new SortedSetEntry($"{o}:{i}", i))]);
        await db.SortedSetAddAsync(failed, [.. owners.Select((o, i) => new SortedSetEntry($"{o}:{i}", i))]);
        await db.HashSetAsync(failedData, [.. owners.Select((o, i) => new HashEntry($"{o}:{i}", Failed($"{o}:{i}", o)))]);
        await db.HashSetAsync(inFlight, [.. owners.Take(600).Select((o, i) => new HashEntry($"{o}:{i}", $"job-{i}|worker-1|{o}|1|{i}"))]);
        await db.SortedSetAddAsync(triggers, [.. owners.Take(600).SelectMany((o, i) => new SortedSetEntry[] { new($"#ev{i}:{o}", i), new($"!r:{i}:{o}:{i}", i), new($"{o}:r{i}", i) })]);
        await db.HashSetAsync(redis.KeyPrefix + "run:job:7", "attempts", "1");
        var doomed = owners.Count(o => o == "job");

        Assert.True(await client.DeleteAsync("job"));

        static bool Names(string member) => member.StartsWith("job:", StringComparison.Ordinal) || member.EndsWith(":job", StringComparison.Ordinal)
            || member.Contains(":job:", StringComparison.Ordinal);
        foreach (var index in new[] { fired, failed, triggers })
        {
            var members = (await db.SortedSetRangeByRankAsync(index)).Select(m => m.ToString()).ToList();
            Assert.DoesNotContain(members, Names);
        }
        Assert.DoesNotContain((await db.HashKeysAsync(inFlight)).Select(k => k.ToString()), Names);
        Assert.DoesNotContain((await db.HashKeysAsync(failedData)).Select(k => k.ToString()), Names);
        // The run's ledger is only the mark that makes a delivery of it stand down.
        Assert.Equal([new HashEntry("owner", "!deleted")], await db.HashGetAllAsync(redis.KeyPrefix + "run:job:7"));
        // Every entry of the lookalikes stays.
        Assert.Equal((3000 - doomed, 3000 - doomed, 3000 - doomed), (await db.SortedSetLengthAsync(fired), await db.SortedSetLengthAsync(failed), await db.HashLengthAsync(failedData)));
        Assert.Equal((600 - 2, 3 * (600 - 2)), (await db.HashLengthAsync(inFlight), await db.SortedSetLengthAsync(triggers)));
    }

    [Fact]
    public async Task A_runaway_task_with_thousands_of_runs_waiting_and_failed_is_deleted_with_all_of_them()
    {
        await using var redis = await RedisTestContext.CreateAsync("del-thousands");
        var client = redis.CreateClient();
        await client.ScheduleAsync(new NotificationTask("hi"), "every 1 second", new ScheduleOptions { Id = "runaway" });
        var db = redis.Redis.GetDatabase();
        // More than Lua's unpack takes at once (about 8,000): fired while the workers were down, and failed.
        var runs = Enumerable.Range(0, 9000).Select(i => $"runaway:{i}").ToArray();
        await db.SortedSetAddAsync(redis.KeyPrefix + "fired", [.. runs.Select((r, i) => new SortedSetEntry(r, i))]);
        await db.SortedSetAddAsync(redis.KeyPrefix + "failed-runs", [.. runs.Select((r, i) => new SortedSetEntry(r, i))]);
        await db.SortedSetAddAsync(redis.KeyPrefix + "triggers", [.. runs.Select((r, i) => new SortedSetEntry($"!r:{i}:{r}", i))]);

        Assert.True(await client.DeleteAsync("runaway"));

        Assert.Empty(await IdentityProbe.TracesAsync(redis, "runaway"));
    }

    [Fact]
    public async Task Occurrences_queued_before_a_delete_never_run_the_definition_later_scheduled_under_the_same_id()
    {
        await using var redis = await RedisTestContext.CreateAsync("del-reuse");
        var client = redis.CreateClient();
        // Fired while no worker runs: their Hangfire jobs wait in the queue.
        await using (await InProcessSystem.StartAsync(redis, beats: 1, workers: 0))
        {
            await client.ScheduleAsync(new NotificationTask("old"), "every 1 second", new ScheduleOptions { Id = "reused" });
            await Eventually.WaitAsync(() => redis.Redis.GetDatabase().SortedSetLengthAsync(redis.KeyPrefix + "fired"), n => n >= 2, Patience, "two fired occurrences");
        }
        // One of them as a run re-queued after a lost attempt leaves it: named in the history too.
        var requeued = (string)(await redis.Redis.GetDatabase().SortedSetRangeByRankAsync(redis.KeyPrefix + "fired", 0, 0))[0]!;
        await redis.Redis.GetDatabase().ListLeftPushAsync(redis.KeyPrefix + "runs:reused", $$"""{"runId":"{{requeued}}","taskId":"reused","attempt":1}""");
        Assert.True(await client.DeleteAsync("reused"));
        await client.ScheduleAsync(new NotificationTask("new"), "in 1 hour", new ScheduleOptions { Id = "reused" });

        var queued = (await redis.Redis.GetDatabase().ListRangeAsync(redis.HangfirePrefix + "queue:default")).Select(v => v.ToString()).ToList();
        Assert.True(queued.Count >= 2, $"{queued.Count} queued job(s)");
        var hangfire = new HangfireJobs(redis);
        await using (await InProcessSystem.StartAsync(redis, beats: 0, workers: 1))
        {
            // Each queued job delivered and done with (a run it had run would be recorded before its job succeeds).
            foreach (var job in queued) Assert.Equal("Succeeded", (await hangfire.FinalStateAsync(job)).Name);
        }

        Assert.Empty(await client.GetRunsAsync("reused"));
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync("reused"))!.Status);
    }

    [Fact]
    public async Task An_idempotency_key_a_replace_left_behind_does_not_outlive_the_task_it_named()
    {
        await using var redis = await RedisTestContext.CreateAsync("del-key");
        var client = redis.CreateClient();
        await client.ScheduleAsync(new NotificationTask("first"), "every 1 hour", new ScheduleOptions { Id = "keyed", IdempotencyKey = "order-9" });
        await client.ScheduleAsync(new NotificationTask("second"), "every 2 hours", new ScheduleOptions { Id = "keyed", Replace = true });
        Assert.True(await client.DeleteAsync("keyed"));

        var again = await client.ScheduleWithResultAsync(new NotificationTask("third"), "every 3 hours", new ScheduleOptions { Id = "other", IdempotencyKey = "order-9" });

        Assert.Equal((ScheduleOutcome.Created, "other"), (again.Outcome, again.Task.Id));
        Assert.NotNull(await client.GetAsync("other"));
        // And the key now names the new task: a repeat of the request finds it.
        Assert.Equal(ScheduleOutcome.AlreadyScheduled, (await client.ScheduleWithResultAsync(new NotificationTask("third"), "every 3 hours",
            new ScheduleOptions { Id = "other", IdempotencyKey = "order-9" })).Outcome);
    }

    private static string Failed(string runId, string taskId) =>
        $$"""{"runId":"{{runId}}","taskId":"{{taskId}}","attempt":1,"workerId":"worker-1","outcome":"failed","startedAt":"2026-01-01T00:00:00+00:00","finishedAt":"2026-01-01T00:00:01+00:00","error":"boom"}""";

    [Fact]
    public async Task Deleting_a_running_shell_task_kills_its_process_and_its_late_outcome_writes_nothing()
    {
        await using var redis = await RedisTestContext.CreateAsync("del-running");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        using var dir = TestPaths.CreateTempDirectory("del-running");
        var pid = 0;
        try
        {
            await client.ScheduleAsync(new ShellTask("sleep 60 & echo $! > \"$1\"; wait", [dir.File("pid")], UseShell: true)
                { Execution = TaskRuns.Fast(retries: 3, softSeconds: 120, hardSeconds: 180) }, "in 1 second", new ScheduleOptions { Id = "doomed" });
            pid = await ProcessProbe.ReadPidAsync(dir.File("pid"));
            await TaskRuns.WaitRunningAsync(client, "doomed");

            Assert.True(await client.DeleteAsync("doomed"));

            await Eventually.WaitAsync(() => Task.FromResult(!ProcessProbe.IsAlive(pid)), TimeSpan.FromSeconds(10), $"shell child {pid} to die");
            // The worker reports the cancelled attempt after it tried to record it: by then nothing may have come back.
            await Eventually.WaitAsync(() => IdentityProbe.EventTypesAsync(redis, "doomed"),
                types => types.SkipWhile(t => t != SchedulerEvents.Deleted).Contains(SchedulerEvents.Stopped), Patience, "the worker's report of the cancelled attempt");
            Assert.Empty(await IdentityProbe.TracesAsync(redis, "doomed"));
            Assert.Null(await client.GetAsync("doomed"));
            Assert.Empty(await client.GetRunsAsync("doomed"));
        }
        finally { ProcessProbe.KillIfAlive(pid); }
    }

    [Fact]
    public async Task Beat_never_fires_a_deleted_task_again_while_it_keeps_firing_the_others()
    {
        await using var redis = await RedisTestContext.CreateAsync("del-beat");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var options = new ScheduleOptions { Misfire = MisfirePolicy.Skip };
        await client.ScheduleAsync(new NotificationTask("doomed"), "every 1s", options with { Id = "doomed" });
        await client.ScheduleAsync(new NotificationTask("keeper"), "every 1s", options with { Id = "keeper" });
        await Eventually.WaitAsync(() => client.GetRunsAsync("doomed"), r => r.Any(x => x.IsFinal), Patience, "a first run of the doomed task");

        Assert.True(await client.DeleteAsync("doomed"));
        var keeperRuns = (await client.GetRunsAsync("keeper", 1000)).Count(r => r.IsFinal);
        await Eventually.WaitAsync(() => client.GetRunsAsync("keeper", 1000), r => r.Count(x => x.IsFinal) >= keeperRuns + 3, Patience, "three more runs of the other task");

        var afterDelete = (await IdentityProbe.EventTypesAsync(redis, "doomed")).SkipWhile(t => t != SchedulerEvents.Deleted).Skip(1).ToList();
        Assert.DoesNotContain(SchedulerEvents.Fired, afterDelete);
        Assert.DoesNotContain(SchedulerEvents.Started, afterDelete);
        Assert.Empty(await IdentityProbe.TracesAsync(redis, "doomed"));
    }
}
