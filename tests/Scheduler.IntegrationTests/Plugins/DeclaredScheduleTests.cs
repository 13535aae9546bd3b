using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Plugins;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Plugins;

/// <summary>
/// Schedules the sample plugin declares (read from <c>sample-schedules.json</c> beside its copy in a temporary plugins
/// folder, so a test changes them between worker starts), registered by real in-process workers on real Redis.
/// </summary>
public sealed class DeclaredScheduleTests : IDisposable
{
    private const string Registrar = "Plugins.Declarations.DeclarationRegistrar";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly TestPaths.TempDirectory _plugins = TestPaths.CreateTempDirectory("plugin-schedules");

    public DeclaredScheduleTests() => File.Copy(TestPaths.SamplePluginDll, _plugins.File("Scheduler.SamplePlugin.dll"));

    public void Dispose() => _plugins.Dispose();

    private void Declare(string json) => File.WriteAllText(_plugins.File("sample-schedules.json"), json);

    private const string Nightly = """{"id": "nightly", "spec": "0 2 * * *", "command": "echo", "arguments": {"days": "7"}, "options": {"name": "Daily cleanup"}}""";

    // Starts workers (and beats) and returns once each worker has registered the plugin's declarations.
    private async Task<InProcessSystem> StartAsync(RedisTestContext redis, CapturedLogs logs, int workers = 1, int beats = 0)
    {
        var before = Summaries(logs).Count;
        var system = await InProcessSystem.StartAsync(redis, beats, workers, new Dictionary<string, string?> { ["Scheduler:Plugins:Folder"] = _plugins.Path },
            worker => logs.AddTo(worker.Services));
        await Eventually.WaitAsync(() => Task.FromResult(Summaries(logs).Count), n => n >= before + workers, Patience, "the workers' registration summaries");
        return system;
    }

    private static IReadOnlyList<string> Summaries(CapturedLogs logs) => [.. logs.Messages(Registrar).Where(m => m.StartsWith("Plugin sample: ", StringComparison.Ordinal))];

    private static async Task<IReadOnlyList<string>> EventTypesAsync(RedisTestContext redis, string taskId) =>
        [.. (await redis.Redis.GetDatabase().StreamRangeAsync(new RedisKeys(redis.KeyPrefix).Events))
            .Where(e => e["taskId"] == taskId).Select(e => (string)e["type"]!)];

    [Fact]
    public async Task A_declared_schedule_is_registered_when_a_worker_loads_the_plugin_and_runs_its_command()
    {
        Declare("""[{"id": "soon", "spec": "every 1 second", "command": "echo", "arguments": {"k": "v"}, "options": {"maxRuns": 1, "tags": ["demo"]}}]""");
        await using var redis = await RedisTestContext.CreateAsync("plugsched-run");
        var logs = new CapturedLogs();
        await using var system = await StartAsync(redis, logs, beats: 1);
        var client = redis.CreateClient();

        var task = await client.GetAsync("plugin.sample.soon");
        Assert.NotNull(task);
        var command = Assert.IsType<PluginCommandTask>(task.Task);
        Assert.Equal(("sample", "echo", "v"), (command.PluginName, command.CommandName, command.Arguments!["k"]));
        Assert.Equal(("sample", "sample: soon", "plugin:sample"), (task.Options.ModuleId, task.Name, task.CreatedBy));
        Assert.Equal(["demo", DeclaredSchedules.Tag("sample")], task.Options.Tags);
        var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, task.Id));
        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        Assert.Equal("{\"k\":\"v\"}", run.Result);
    }

    [Fact]
    public async Task Two_workers_loading_the_plugin_at_once_store_each_schedule_once_and_a_restart_writes_nothing()
    {
        Declare($"[{Nightly}]");
        await using var redis = await RedisTestContext.CreateAsync("plugsched-twice");
        var logs = new CapturedLogs();
        await using (await StartAsync(redis, logs, workers: 2)) { }
        await using (await StartAsync(redis, logs)) { }

        var task = Assert.Single(await redis.CreateClient().ListAsync(new() { Tag = DeclaredSchedules.Tag("sample") }));
        Assert.Equal(("plugin.sample.nightly", "Daily cleanup", ScheduleStatus.Scheduled), (task.Id, task.Name, task.Status));
        Assert.Equal([SchedulerEvents.Scheduled], await EventTypesAsync(redis, task.Id));
        Assert.Single(logs.Messages(Registrar), m => m.Contains("registered as task plugin.sample.nightly (Created)"));
        Assert.Equal(2, Summaries(logs).Count(m => m.Contains("0 written, 1 unchanged")));
    }

    [Fact]
    public async Task A_changed_declaration_replaces_its_schedule_under_the_same_id()
    {
        Declare($"[{Nightly}]");
        await using var redis = await RedisTestContext.CreateAsync("plugsched-change");
        var logs = new CapturedLogs();
        await using (await StartAsync(redis, logs)) { }
        var client = redis.CreateClient();
        var before = (await client.GetAsync("plugin.sample.nightly"))!;

        Declare("""[{"id": "nightly", "spec": "0 3 * * *", "command": "echo", "arguments": {"days": "14"}, "options": {"name": "Daily cleanup"}}]""");
        await using (await StartAsync(redis, logs)) { }

        var after = (await client.GetAsync("plugin.sample.nightly"))!;
        Assert.Equal(("0 3 * * *", "14"), (after.Spec, ((PluginCommandTask)after.Task).Arguments!["days"]));
        Assert.Equal(before.CreatedAt, after.CreatedAt);
        Assert.Equal("plugin:sample", after.ChangedBy);
        Assert.Contains(logs.Messages(Registrar), m => m.Contains("registered as task plugin.sample.nightly (Replaced)"));
        Assert.Equal([SchedulerEvents.Scheduled, SchedulerEvents.Updated], await EventTypesAsync(redis, after.Id));
    }

    [Fact]
    public async Task A_schedule_no_longer_declared_is_paused_tagged_logged_and_flagged_on_the_dashboard()
    {
        Declare($$"""[{{Nightly}}, {"id": "weekly", "spec": "weekly", "command": "echo"}]""");
        await using var redis = await RedisTestContext.CreateAsync("plugsched-orphan");
        var logs = new CapturedLogs();
        await using (await StartAsync(redis, logs)) { }

        Declare($"[{Nightly}]");
        await using (await StartAsync(redis, logs)) { }

        var client = redis.CreateClient();
        var weekly = (await client.GetAsync("plugin.sample.weekly"))!;
        Assert.Equal(ScheduleStatus.Paused, weekly.Status);
        Assert.True(DeclaredSchedules.IsOrphaned(weekly));
        Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync("plugin.sample.nightly"))!.Status);
        var warning = Assert.Single(logs.Messages(Registrar, LogLevel.Warning));
        Assert.StartsWith("Plugin sample no longer declares schedule plugin.sample.weekly: tagged plugin-orphaned and paused it.", warning);
        Assert.Contains("scheduler delete plugin.sample.weekly", warning);

        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var list = await dashboard.Http.GetStringAsync("/scheduler/schedules");
        Assert.Single(list.Split("data-testid=\"orphaned-declaration\"").Skip(1));
        Assert.Contains("no longer declares this schedule", await dashboard.Http.GetStringAsync("/scheduler/schedules/plugin.sample.weekly"));
        Assert.DoesNotContain("orphaned-declaration", await dashboard.Http.GetStringAsync("/scheduler/schedules/plugin.sample.nightly"));
    }

    [Fact]
    public async Task Invalid_declarations_are_logged_by_plugin_and_id_and_the_others_are_registered()
    {
        Declare($$"""
            [{"id": "typo", "spec": "0 2 * * *", "command": "eccho"},
             {"id": "badspec", "spec": "0 2 * *", "command": "echo"},
             {{Nightly}}]
            """);
        await using var redis = await RedisTestContext.CreateAsync("plugsched-invalid");
        var logs = new CapturedLogs();
        await using var system = await StartAsync(redis, logs);

        var errors = logs.Messages(Registrar, LogLevel.Error);
        Assert.Equal(2, errors.Count);
        Assert.Contains("Plugin sample schedule typo is not registered: command \"eccho\" is not one of the plugin's commands (echo, fail, fail-once, sleep, crash)", errors);
        Assert.Contains(errors, e => e.StartsWith("Plugin sample schedule badspec is not registered: spec \"0 2 * *\" is not accepted: ", StringComparison.Ordinal));
        var registered = await redis.CreateClient().ListAsync(new() { ModuleId = "sample" });
        Assert.Equal(["plugin.sample.nightly"], registered.Select(t => t.Id));
        Assert.Contains("3 schedule(s) declared; 1 written, 0 unchanged, 2 refused, 0 no longer declared", Assert.Single(Summaries(logs)));
    }
    [Fact]
    public async Task A_plugin_whose_declarations_cannot_be_read_registers_nothing_and_has_nothing_taken_for_removed()
    {
        Declare($"[{Nightly}]");
        await using var redis = await RedisTestContext.CreateAsync("plugsched-unreadable");
        var logs = new CapturedLogs();
        await using (await StartAsync(redis, logs)) { }

        Declare("[{\"id\": ");
        var system = await InProcessSystem.StartAsync(redis, beats: 1, workers: 1, new Dictionary<string, string?> { ["Scheduler:Plugins:Folder"] = _plugins.Path },
            worker => logs.AddTo(worker.Services));
        await using (system)
        {
            var error = await Eventually.WaitAsync(() => Task.FromResult(logs.Messages(Registrar, LogLevel.Error)), e => e.Count > 0, Patience, "the registrar's error");
            Assert.StartsWith("Plugin sample's declared schedules could not be read, so none is registered or reported: JsonException", Assert.Single(error));
            // The worker goes on: it still runs the plugin's commands.
            var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), new PluginCommandTask("sample", "echo") { Execution = TaskRuns.Fast() }));
            Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        }
        Assert.Equal(ScheduleStatus.Scheduled, (await redis.CreateClient().GetAsync("plugin.sample.nightly"))!.Status);
        Assert.DoesNotContain(logs.Messages(Registrar, LogLevel.Warning), m => m.Contains("no longer declares"));
    }
}
