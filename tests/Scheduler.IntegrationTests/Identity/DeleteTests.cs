using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

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
                types => types.SkipWhile(t => t != SchedulerEvents.Deleted).Contains(SchedulerEvents.Failure), Patience, "the worker's report of the cancelled attempt");
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
