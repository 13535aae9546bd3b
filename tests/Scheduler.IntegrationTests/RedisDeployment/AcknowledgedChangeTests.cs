using System.Net;
using Scheduler.Cli;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.RedisDeployment;

/// <summary>
/// <c>Scheduler:Redis:ReplicaAcknowledgement</c> for every change a user makes after creating a task (pause, resume,
/// update, delete, run now, retry, backfill, events, bulk changes), against a real primary and replica on loopback with
/// the replica stopped: the client throws naming the setting, the dashboard answers 503, the CLI exits 8. The change
/// stands on the primary, and its repeat, from any connection, answers only once the replica holds it.
/// </summary>
public sealed class AcknowledgedChangeTests(ReplicatedRedisFixture pair) : IClassFixture<ReplicatedRedisFixture>
{
    private static readonly ReplicaAcknowledgement OneReplica = new() { Replicas = 1, Timeout = TimeSpan.FromMilliseconds(100) };

    private static SchedulerClient Acknowledging(RedisTestContext redis, IConnectionMultiplexer connection) =>
        new(connection, new SchedulerClientOptions { KeyPrefix = redis.KeyPrefix, VerifyWorkers = false, ReplicaAcknowledgement = OneReplica });

    // The tasks each test changes, and a failed run of one of them to retry (recorded as a worker records it).
    private static async Task<string> ArrangeAsync(RedisTestContext redis)
    {
        var client = redis.CreateClient(verifyWorkers: false);
        var task = new NotificationTask("x");
        foreach (var id in new[] { "to-pause", "to-update", "to-delete", "to-trigger", "to-retry", "to-cancel" })
            await client.ScheduleAsync(task, "every 1 hour", new ScheduleOptions { Id = id, Tags = ["bulk"] });
        await client.ScheduleAsync(task, "every 1 hour", new ScheduleOptions { Id = "to-resume", Paused = new PauseRequest() });
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System);
        const string runId = "to-retry:1700000000000";
        await store.BeginRunAsync(runId, "job-1", "worker-a", "to-retry");
        var now = DateTimeOffset.UtcNow;
        await store.RecordAttemptAsync(new TaskRun
        {
            RunId = runId, TaskId = "to-retry", Attempt = 1, WorkerId = "worker-a", StartedAt = now, FinishedAt = now, Outcome = RunOutcome.Failed,
            IsFinal = true, Error = "boom",
        }, "job-1", oneShot: false, maxRuns: null);
        return runId;
    }

    [Fact]
    public async Task Each_change_the_replica_does_not_acknowledge_throws_naming_the_setting_and_a_repeat_from_another_connection_answers_only_once_it_holds_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("replica-ack-changes", pair.Nodes.ConnectionString);
        var failed = await ArrangeAsync(redis);
        var client = Acknowledging(redis, redis.Redis);
        // Another process's connection, which wrote none of it (the CLI's, another dashboard's): Redis's WAIT alone
        // would count its nothing as acknowledged at once.
        await using var otherConnection = await ConnectionMultiplexer.ConnectAsync(RedisConnection.Parse(redis.ConnectionString));
        var repeat = Acknowledging(redis, otherConnection);
        var (from, to) = (DateTimeOffset.UtcNow.AddHours(-3), DateTimeOffset.UtcNow.AddMinutes(-1));
        var changes = new (string What, Func<SchedulerClient, Task> Change)[]
        {
            ("pause of task to-pause", c => c.PauseAsync("to-pause")),
            ("resume of task to-resume", c => c.ResumeAsync("to-resume")),
            ("update of task to-update", c => c.UpdateAsync("to-update", new TaskUpdate { Name = "renamed" })),
            ("delete of task to-delete", c => c.DeleteAsync("to-delete")),
            ($"retry of run {failed}", c => c.RetryRunAsync(failed)),
            ("backfill of task to-update", c => c.BackfillAsync("to-update", from, to)),
            ("cancel of task to-cancel", c => c.CancelWithResultAsync("to-cancel")),
        };

        await pair.WithReplicaStalledAsync(async () =>
        {
            foreach (var (what, change) in changes)
            {
                var refused = await Assert.ThrowsAsync<ReplicaAcknowledgementException>(() => change(client));
                Assert.StartsWith($"{what}: written on the Redis primary, but 0 of 1 replica(s)", refused.Message);
                Assert.Contains(ReplicaAcknowledgementException.Setting, refused.Message);
                // The repeat finds the change made ("already paused", "not found", "a retry on its way"): not an answer yet.
                var again = await Record.ExceptionAsync(() => change(repeat));
                Assert.True(again is ReplicaAcknowledgementException, $"the repeat of the {what} answered {again?.GetType().Name ?? "at once"}");
            }
            var runNow = await Assert.ThrowsAsync<ReplicaAcknowledgementException>(() => client.TriggerNowAsync("to-trigger"));
            Assert.Contains("A repeat asks for another run: once the replicas are back, look for run to-trigger:t", runNow.Message);
            await Assert.ThrowsAsync<ReplicaAcknowledgementException>(() => client.PauseAllAsync(new ScheduleFilter { Tag = "bulk" }));
            await Assert.ThrowsAsync<ReplicaAcknowledgementException>(() => client.PublishAsync("deployed"));
        });

        // Each stood on the primary; with the replica back, the repeats answer as repeats do.
        Assert.Equal(ScheduleStatus.Paused, (await repeat.GetAsync("to-pause"))!.Status);
        await Assert.ThrowsAsync<InvalidTransitionException>(() => repeat.PauseAsync("to-pause"));
        await Assert.ThrowsAsync<InvalidTransitionException>(() => repeat.ResumeAsync("to-resume"));
        Assert.Equal("renamed", (await repeat.GetAsync("to-update"))!.Name);
        Assert.False(await repeat.DeleteAsync("to-delete"));
        Assert.Contains("on its way", (await Assert.ThrowsAsync<RetryRefusedException>(() => repeat.RetryRunAsync(failed))).Message);
        Assert.Equal(0, (await repeat.BackfillAsync("to-update", from, to))!.ToRun);
        Assert.Equal(CancelOutcome.AlreadyEnded, (await repeat.CancelWithResultAsync("to-cancel")).Outcome);
    }

    [Fact]
    public async Task The_dashboard_answers_each_change_the_replica_does_not_acknowledge_with_503_naming_the_setting()
    {
        await using var redis = await RedisTestContext.CreateAsync("replica-ack-changes-rest", pair.Nodes.ConnectionString);
        var failed = await ArrangeAsync(redis);
        var settings = redis.Settings();
        settings["Scheduler:Redis:ReplicaAcknowledgement:Replicas"] = "1";
        settings["Scheduler:Redis:ReplicaAcknowledgement:Timeout"] = "00:00:00.100";
        await using var dashboard = await InProcessDashboard.StartAsync(redis, settings);
        var (from, to) = (DateTimeOffset.UtcNow.AddHours(-3).ToString("O"), DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"));
        var requests = new (HttpMethod Method, string Path, string? Body)[]
        {
            (HttpMethod.Post, "/api/tasks/to-pause/pause", null),
            (HttpMethod.Post, "/api/tasks/to-resume/resume", null),
            (HttpMethod.Patch, "/api/tasks/to-update", """{"name": "renamed"}"""),
            (HttpMethod.Post, "/api/tasks/to-update/reschedule", """{"spec": "every 2 hours"}"""),
            (HttpMethod.Delete, "/api/tasks/to-delete", null),
            (HttpMethod.Post, "/api/tasks/to-trigger/trigger", null),
            (HttpMethod.Post, $"/api/runs/{failed}/retry", null),
            (HttpMethod.Post, "/api/tasks/to-update/backfill", $$"""{"from": "{{from}}", "to": "{{to}}"}"""),
            (HttpMethod.Delete, "/api/tasks/to-cancel/schedule", null),
            (HttpMethod.Post, "/api/schedules/pause?tag=bulk", null),
            (HttpMethod.Post, "/api/events/deployed", null),
        };

        await pair.WithReplicaStalledAsync(async () =>
        {
            foreach (var (method, path, body) in requests)
            {
                using var request = new HttpRequestMessage(method, path);
                if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
                var answer = await dashboard.Http.SendAsync(request);
                var problem = await answer.Content.ReadAsStringAsync();
                Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"{method} {path}: {(int)answer.StatusCode} {problem}");
                Assert.Contains(ReplicaAcknowledgementException.Setting, problem);
            }
        });
    }

    [Fact]
    public async Task The_cli_exits_8_naming_its_settings_when_the_replica_does_not_acknowledge_and_its_repeat_too_until_it_does()
    {
        await using var redis = await RedisTestContext.CreateAsync("replica-ack-changes-cli", pair.Nodes.ConnectionString);
        await ArrangeAsync(redis);
        // From the environment variables the components read the setting from.
        var acknowledging = InProcessCli.Environment(redis);
        acknowledging[CliContext.ReplicasVariable] = "1";
        acknowledging[CliContext.ReplicaTimeoutVariable] = "00:00:00.100";

        await pair.WithReplicaStalledAsync(async () =>
        {
            // Each command line is a new connection, as a new process's: the repeat still waits.
            foreach (var _ in Enumerable.Range(0, 2))
            {
                var paused = await InProcessCli.RunAsync(acknowledging, "pause", "to-pause");
                Assert.True(paused.Code == ExitCodes.NotAcknowledged, $"exit {paused.Code}: {paused.Err}");
                Assert.Contains($"pause of task to-pause: written on the Redis primary, but 0 of 1 replica(s) acknowledged it within 100 ms ({ReplicaAcknowledgementException.Setting})", paused.Err);
                Assert.Contains("--replica-ack", paused.Err);
            }
            // The flags, as --redis is to $SCHEDULER_REDIS; a run now names the run to look for instead of a repeat.
            var runNow = await InProcessCli.RunAsync(InProcessCli.Environment(redis), "trigger", "to-trigger", "--replica-ack", "1", "--replica-ack-timeout", "100ms");
            Assert.Equal(ExitCodes.NotAcknowledged, runNow.Code);
            Assert.Contains("look for run to-trigger:t", runNow.Err);
            // Opt-in: without the setting a command does not wait.
            Assert.Equal(ExitCodes.Ok, (await InProcessCli.RunAsync(redis, "resume", "to-resume")).Code);
        });

        var repeated = await InProcessCli.RunAsync(acknowledging, "pause", "to-pause");
        Assert.True(repeated.Code == ExitCodes.Conflict, $"exit {repeated.Code}: {repeated.Err}");
    }

    [Fact]
    public async Task A_plugins_declared_schedule_counts_as_registered_only_once_the_replica_holds_it_and_is_tried_again_until_then()
    {
        using var plugins = TestPaths.CreateTempDirectory("replica-ack-plugin");
        File.Copy(TestPaths.SamplePluginDll, plugins.File("Scheduler.SamplePlugin.dll"));
        File.WriteAllText(plugins.File("sample-schedules.json"), """[{"id": "nightly", "spec": "0 2 * * *", "command": "echo"}]""");
        await using var redis = await RedisTestContext.CreateAsync("replica-ack-plugin", pair.Nodes.ConnectionString);
        var logs = new CapturedLogs();
        // Tried again (every 5 s): the schedule it wrote is there, and now the replica holds it.
        await using var system = await RegisterPastAStalledReplicaAsync(redis, plugins.Path, logs);
        Assert.Equal(ScheduleStatus.Scheduled, (await redis.CreateClient().GetAsync("plugin.sample.nightly"))!.Status);
        Assert.DoesNotContain(logs.Messages(Registrar), line => line.StartsWith("Registering the declared schedules", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_schedule_its_plugin_no_longer_declares_is_paused_also_when_the_replica_did_not_acknowledge_the_first_pass()
    {
        // The orphan's two writes (its tag, its pause): short of the replica after the first, the pass tried again finds
        // it tagged (still orphaned, which it leaves alone) and would never pause it.
        using var plugins = TestPaths.CreateTempDirectory("replica-ack-orphan");
        File.Copy(TestPaths.SamplePluginDll, plugins.File("Scheduler.SamplePlugin.dll"));
        File.WriteAllText(plugins.File("sample-schedules.json"), "[]");
        await using var redis = await RedisTestContext.CreateAsync("replica-ack-orphan", pair.Nodes.ConnectionString);
        const string gone = "plugin.sample.gone";
        await redis.CreateClient(verifyWorkers: false).ScheduleAsync(new NotificationTask("x"), "every 1 hour",
            new ScheduleOptions { Id = gone, Tags = [Scheduler.Contracts.Plugins.DeclaredSchedules.Tag("sample")] });
        await using var system = await RegisterPastAStalledReplicaAsync(redis, plugins.Path, new CapturedLogs());
        var task = (await redis.CreateClient(verifyWorkers: false).GetAsync(gone))!;
        Assert.Contains(Scheduler.Contracts.Plugins.DeclaredSchedules.OrphanedTag, task.Options.Tags!);
        Assert.Equal(ScheduleStatus.Paused, task.Status);
    }

    [Fact]
    public async Task A_schedule_declared_again_after_it_was_orphaned_is_resumed_also_when_the_replica_did_not_acknowledge_the_first_pass()
    {
        // The declaration's write (its orphan mark gone) and then its resume: short of the replica after the first, the
        // pass tried again finds the declaration stored as declared (unchanged) and would leave the task paused for good.
        using var plugins = TestPaths.CreateTempDirectory("replica-ack-back");
        File.Copy(TestPaths.SamplePluginDll, plugins.File("Scheduler.SamplePlugin.dll"));
        File.WriteAllText(plugins.File("sample-schedules.json"), """[{"id": "nightly", "spec": "0 2 * * *", "command": "echo"}]""");
        await using var redis = await RedisTestContext.CreateAsync("replica-ack-back", pair.Nodes.ConnectionString);
        const string back = "plugin.sample.nightly";
        await redis.CreateClient(verifyWorkers: false).ScheduleAsync(new NotificationTask("x"), "every 1 hour", new ScheduleOptions
        {
            Id = back, Tags = [Scheduler.Contracts.Plugins.DeclaredSchedules.Tag("sample"), Scheduler.Contracts.Plugins.DeclaredSchedules.OrphanedTag],
            Paused = new PauseRequest(),
        });
        var logs = new CapturedLogs();
        await using var system = await RegisterPastAStalledReplicaAsync(redis, plugins.Path, logs);
        var task = (await redis.CreateClient(verifyWorkers: false).GetAsync(back))!;
        Assert.DoesNotContain(Scheduler.Contracts.Plugins.DeclaredSchedules.OrphanedTag, task.Options.Tags ?? []);
        Assert.Equal(ScheduleStatus.Scheduled, task.Status);
        // Its write went unwaited (the resume's wait covers it): said as written and short, never as registered.
        var messages = logs.Messages(Registrar);
        Assert.Contains(messages, m => m.StartsWith($"Plugin sample schedule nightly written as task {back} (", StringComparison.Ordinal)
            && m.Contains($"but not registered yet: resume of task {back}: written on the Redis primary, but 0 of 1 replica(s)", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains($"registered as task {back}", StringComparison.Ordinal));
    }

    private const string Registrar = "Plugins.Declarations.DeclarationRegistrar";

    /// <summary>
    /// Starts a worker loading the plugins of <paramref name="pluginsFolder"/> under a one-replica acknowledgement while
    /// the replica is stalled: its first pass is refused naming the setting, with no summary; returns once the pass tried
    /// again after the replica's return has logged its summary.
    /// </summary>
    private async Task<InProcessSystem> RegisterPastAStalledReplicaAsync(RedisTestContext redis, string pluginsFolder, CapturedLogs logs)
    {
        var settings = redis.Settings();
        settings["Scheduler:Redis:ReplicaAcknowledgement:Replicas"] = "1";
        settings["Scheduler:Redis:ReplicaAcknowledgement:Timeout"] = "00:00:00.100";
        settings["Scheduler:Plugins:Folder"] = pluginsFolder;
        InProcessSystem? system = null;
        try
        {
            await pair.WithReplicaStalledAsync(async () =>
            {
                system = await InProcessSystem.StartAsync(redis, beats: 0, workers: 1, settings, worker => logs.AddTo(worker.Services));
                await Eventually.WaitAsync(() => Task.FromResult(logs.Messages(Registrar)),
                    m => m.Any(line => line.Contains("not registered yet") && line.Contains(ReplicaAcknowledgementException.Setting)), TaskRuns.Patience,
                    "the registration refused for want of the replica");
                Assert.DoesNotContain(logs.Messages(Registrar), line => line.StartsWith("Plugin sample: ", StringComparison.Ordinal));
            });
            await Eventually.WaitAsync(() => Task.FromResult(logs.Messages(Registrar)), m => m.Any(line => line.StartsWith("Plugin sample: ", StringComparison.Ordinal)),
                TaskRuns.Patience, "the registration's summary");
            return system!;
        }
        catch
        {
            if (system is not null) await system.DisposeAsync();
            throw;
        }
    }
}
