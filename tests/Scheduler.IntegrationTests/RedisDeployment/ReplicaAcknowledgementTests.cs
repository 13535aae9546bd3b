using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.RedisDeployment;

/// <summary>
/// <c>Scheduler:Redis:ReplicaAcknowledgement</c> against a real primary and replica on loopback: with the replica stopped
/// (SIGSTOP) a write cannot be acknowledged, so a client's create is refused naming the setting and a worker does not
/// start a run's handler until the replica holds its claim. Also the server-wide form, <c>min-replicas-to-write</c>:
/// its NOREPLICAS refusals are a short outage to every process, and nothing is lost or run twice.
/// </summary>
public sealed class ReplicaAcknowledgementTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    private static readonly ReplicaAcknowledgement OneReplica = new() { Replicas = 1, Timeout = TimeSpan.FromMilliseconds(200) };

    private static Dictionary<string, string?> AcknowledgedSettings(RedisTestContext redis)
    {
        var settings = redis.Settings();
        settings["Scheduler:Redis:ReplicaAcknowledgement:Replicas"] = "1";
        settings["Scheduler:Redis:ReplicaAcknowledgement:Timeout"] = "00:00:00.200";
        return settings;
    }

    [Fact]
    public async Task A_create_the_replica_does_not_acknowledge_is_refused_naming_the_setting_and_succeeds_once_it_is_back()
    {
        await using var nodes = await ReplicatedRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("replica-ack-create", nodes.ConnectionString);
        var client = new SchedulerClient(redis.Redis, new SchedulerClientOptions { KeyPrefix = redis.KeyPrefix, VerifyWorkers = false, ReplicaAcknowledgement = OneReplica });
        var task = new ShellTask("true") { Execution = TaskRuns.Fast() };
        await client.ScheduleAsync(task, "in 1 hour", new ScheduleOptions { Id = "acknowledged" });

        nodes.Replica.Stall();
        try
        {
            var refused = await Assert.ThrowsAsync<ReplicaAcknowledgementException>(() => client.ScheduleAsync(task, "in 1 hour", new ScheduleOptions { Id = "unacknowledged" }));
            Assert.Contains("Scheduler:Redis:ReplicaAcknowledgement", refused.Message);
            Assert.Contains("0 of 1 replica", refused.Message);
            await Assert.ThrowsAsync<ReplicaAcknowledgementException>(() => client.CancelAsync("acknowledged"));
        }
        finally
        {
            nodes.Replica.Resume();
        }

        // The same call again: it finds what the refused one wrote, and returns once the replica holds it.
        var again = await client.ScheduleAsync(task, "in 1 hour", new ScheduleOptions { Id = "unacknowledged" });
        Assert.Equal("unacknowledged", again.Id);
        await using var replica = await ConnectionMultiplexer.ConnectAsync(nodes.Replica.ConnectionString);
        Assert.True(await replica.GetDatabase().KeyExistsAsync(redis.KeyPrefix + "task:unacknowledged"));
    }

    [Fact]
    public async Task The_dashboard_answers_a_create_the_replica_does_not_acknowledge_with_503_naming_the_setting()
    {
        await using var nodes = await ReplicatedRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("replica-ack-rest", nodes.ConnectionString);
        await using var dashboard = await InProcessDashboard.StartAsync(redis, AcknowledgedSettings(redis));
        var body = new StringContent("""{"task": {"type": "notification", "message": "hi"}, "spec": "in 1 hour"}""", System.Text.Encoding.UTF8, "application/json");

        nodes.Replica.Stall();
        try
        {
            var refused = await dashboard.Http.PostAsync("/api/tasks/rest-ack/schedule", body);
            var problem = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable, $"{refused.StatusCode}: {problem}");
            Assert.Contains("Scheduler:Redis:ReplicaAcknowledgement", problem);
        }
        finally
        {
            nodes.Replica.Resume();
        }
    }

    [Fact]
    public async Task A_worker_starts_no_handler_until_the_replica_holds_its_claim_and_then_runs_it_once()
    {
        await using var nodes = await ReplicatedRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("replica-ack-claim", nodes.ConnectionString);
        using var dir = TestPaths.CreateTempDirectory("replica-ack");
        var ran = Path.Combine(dir.Path, "ran");
        await using var system = await InProcessSystem.StartAsync(redis, settings: AcknowledgedSettings(redis));
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new ShellTask("sh", ["-c", $"echo run >> '{ran}'"]) { Execution = TaskRuns.Fast() }, "in 2 seconds");

        nodes.Replica.Stall();
        try
        {
            // The claim is on the primary (the run is in flight), but not acknowledged: the handler must not start.
            await Eventually.WaitAsync(() => redis.Redis.GetDatabase().HashLengthAsync(redis.KeyPrefix + "inflight"), n => n == 1, Patience, "the claim on the primary");
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            Assert.False(File.Exists(ran), "the handler started before the replica acknowledged its claim");
        }
        finally
        {
            nodes.Replica.Resume();
        }

        var runs = await TaskRuns.UntilFinalAsync(client, task.Id, Patience);
        Assert.Equal([(1, RunOutcome.Succeeded)], runs.Select(r => (r.Attempt, r.Outcome)));
        Assert.Equal(["run"], await File.ReadAllLinesAsync(ran));
    }

    // The lost write itself: the replica is promoted while the old primary takes the fire and the claim, which the
    // replica never gets. Without the setting the handler has run on the old primary and runs again on the new one, where the
    // occurrence was never fired; with it the handler waited for the replica, so it runs once, on the new primary.
    [Fact]
    public async Task A_claim_the_replica_never_got_is_not_run_before_a_failover_so_the_occurrence_runs_once_on_the_promoted_replica()
    {
        await using var nodes = await ReplicatedRedis.StartAsync();
        // Not disposed with await using: its cleanup would look for keys on the old primary, killed by then.
        var redis = await RedisTestContext.CreateAsync("replica-ack-failover", nodes.ConnectionString);
        using var dir = TestPaths.CreateTempDirectory("replica-ack-failover");
        var ran = Path.Combine(dir.Path, "ran");
        var task = new ShellTask("sh", ["-c", $"echo run >> '{ran}'"]) { Execution = TaskRuns.Fast() };
        ScheduledTask scheduled;
        await using var promoted = await ConnectionMultiplexer.ConnectAsync(nodes.Replica.ConnectionString);
        var before = AcknowledgedSettings(redis);
        // Its worker is stopped while it waits for the acknowledgement: it need not wait Hangfire's 15 s for that.
        before["Scheduler:Worker:ShutdownTimeout"] = "00:00:01";
        await using (var system = await InProcessSystem.StartAsync(redis, settings: before))
        {
            scheduled = await redis.CreateClient().ScheduleAsync(task, "in 2 seconds");
            await nodes.WaitInSyncAsync();
            // The failover begins: the replica is promoted while the old primary, not yet demoted, goes on taking writes
            // (the firing, the claim) that the replica never gets. (A replica stopped with SIGSTOP would not do: once
            // resumed it reads what the primary had sent into its socket before dying.)
            await promoted.GetServers().First().ExecuteAsync("REPLICAOF", "NO", "ONE");
            await Eventually.WaitAsync(() => redis.Redis.GetDatabase().HashLengthAsync(redis.KeyPrefix + "inflight"), n => n == 1, Patience, "the claim on the old primary");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        await nodes.Primary.KillAsync();
        await redis.Redis.DisposeAsync();

        // Pointed at the promoted node, which has no replica of its own: the acknowledgement is off there.
        var settings = redis.Settings();
        settings["Scheduler:Redis:ConnectionString"] = settings["SCHEDULER_REDIS"] = nodes.Replica.ConnectionString;
        await using var after = await InProcessSystem.StartAsync(redis, settings: settings);
        var client = new SchedulerClient(promoted, new SchedulerClientOptions { KeyPrefix = redis.KeyPrefix, VerifyWorkers = false });
        var runs = await TaskRuns.UntilFinalAsync(client, scheduled.Id, Patience);
        Assert.Equal([RunOutcome.Succeeded], runs.Select(r => r.Outcome));
        Assert.Equal(["run"], await File.ReadAllLinesAsync(ran));
    }

    [Fact]
    public async Task Under_min_replicas_to_write_a_stopped_replica_is_a_short_outage_and_every_run_happens_once_after_it()
    {
        await using var nodes = await ReplicatedRedis.StartAsync("--min-replicas-to-write", "1", "--min-replicas-max-lag", "2");
        await using var redis = await RedisTestContext.CreateAsync("replica-min-write", nodes.ConnectionString);
        using var dir = TestPaths.CreateTempDirectory("replica-min-write");
        await using var system = await InProcessSystem.StartAsync(redis, settings: redis.Settings());
        var client = redis.CreateClient();
        var tasks = new List<ScheduledTask>();
        for (var i = 0; i < 3; i++)
            tasks.Add(await client.ScheduleAsync(new ShellTask("sh", ["-c", $"echo run >> '{Path.Combine(dir.Path, $"ran-{i}")}'"]) { Execution = TaskRuns.Fast() },
                "in 5 seconds"));

        nodes.Replica.Stall();
        try
        {
            // Refused once the primary counts the replica as lagging (over 2 s without its acknowledgement), before
            // the tasks are due.
            var probe = redis.Redis.GetDatabase();
            await Eventually.WaitAsync(async () =>
            {
                try { await probe.StringSetAsync(redis.KeyPrefix + "probe", "1"); return false; }
                catch (RedisServerException e) when (e.Message.StartsWith("NOREPLICAS", StringComparison.Ordinal)) { return true; }
            }, Patience, "writes refused with NOREPLICAS");
            // Held until the tasks have been due for 2 s, so their firing meets the refusal (on a fast start they were
            // due before the primary counted the replica as lagging, and ran before the outage).
            var due = tasks.Max(t => t.NextRunAt!.Value);
            await Task.Delay(TimeSpan.FromTicks(Math.Max(0, (due - DateTimeOffset.UtcNow).Ticks)) + TimeSpan.FromSeconds(2));
        }
        finally
        {
            nodes.Replica.Resume();
        }
        // The primary counts the replica good again at its next acknowledgement (about a second): writes are refused until
        // then, the test's own clean-up included.
        await Eventually.WaitAsync(async () =>
        {
            try { await redis.Redis.GetDatabase().StringSetAsync(redis.KeyPrefix + "probe", "1"); return true; }
            catch (RedisServerException e) when (e.Message.StartsWith("NOREPLICAS", StringComparison.Ordinal)) { return false; }
        }, Patience, "writes accepted again");

        for (var i = 0; i < tasks.Count; i++)
        {
            var runs = await TaskRuns.UntilFinalAsync(client, tasks[i].Id, Patience);
            Assert.Equal([(1, RunOutcome.Succeeded)], runs.Select(r => (r.Attempt, r.Outcome)));
            Assert.Equal(["run"], await File.ReadAllLinesAsync(Path.Combine(dir.Path, $"ran-{i}")));
        }
    }
}
