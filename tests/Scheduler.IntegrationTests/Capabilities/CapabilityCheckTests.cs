using System.Net;
using System.Net.Http.Json;
using Scheduler.Cli;
using Scheduler.Contracts.Capabilities;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Cli;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Capabilities;

/// <summary>
/// Names checked at schedule time against what live workers advertise: a real worker host with the sample plugin,
/// real Redis, and the client, the CLI and the REST API all refusing what no live worker offers.
/// </summary>
public sealed class CapabilityCheckTests : IDisposable
{
    private readonly TestPaths.TempDirectory _plugins = TestPaths.CreateTempDirectory("caps-plugins");

    public CapabilityCheckTests() => File.Copy(TestPaths.SamplePluginDll, _plugins.File("Scheduler.SamplePlugin.dll"));

    public void Dispose() => _plugins.Dispose();

    private Dictionary<string, string?> WorkerSettings => new()
    {
        ["Scheduler:Plugins:Folder"] = _plugins.Path,
        ["Scheduler:Shell:AllowedCommands:0"] = "echo",
        ["Scheduler:Webhooks:ops:Url"] = "http://127.0.0.1:9/hook",
    };

    private static Task WorkerAdvertisedAsync(SchedulerClient client) =>
        Eventually.WaitAsync(async () => (await client.GetWorkerCapabilitiesAsync()).Count == 1, TimeSpan.FromSeconds(20), "the worker's advertisement");

    [Fact]
    public async Task A_live_worker_advertises_its_plugins_commands_channels_and_shell_rules()
    {
        await using var redis = await RedisTestContext.CreateAsync("caps-advertise");
        var client = redis.CreateClient(verifyWorkers: true);
        await using (await InProcessSystem.StartAsync(redis, beats: 0, settings: WorkerSettings))
        {
            await WorkerAdvertisedAsync(client);
            var worker = Assert.Single(await client.GetWorkerCapabilitiesAsync());
            Assert.StartsWith("worker:", worker.WorkerId);
            Assert.Equal(["crash", "echo", "fail", "fail-once", "sleep"], worker.Plugins["sample"].Order());
            Assert.Equal(["events", "log", "ops"], worker.NotificationChannels);
            Assert.True(worker.ShellEnabled);
            Assert.Equal(["echo"], worker.ShellAllowedCommands);
            Assert.Contains("plugin", worker.TaskTypes);
            Assert.Equal(["default"], worker.Queues);
        }
        // A worker that stopped withdraws its advertisement at once, so its names stop counting.
        Assert.Empty(await client.GetWorkerCapabilitiesAsync());
    }

    [Fact]
    public async Task Scheduling_a_plugin_command_no_live_worker_offers_is_refused_with_what_is_offered()
    {
        await using var redis = await RedisTestContext.CreateAsync("caps-plugin");
        var client = redis.CreateClient(verifyWorkers: true);
        await using var system = await InProcessSystem.StartAsync(redis, beats: 0, settings: WorkerSettings);
        await WorkerAdvertisedAsync(client);

        var noCommand = await Assert.ThrowsAsync<TaskNotOfferedException>(() => client.ScheduleAsync(new PluginCommandTask("sample", "nope"), "in 1 hour"));
        Assert.Contains("plugin \"sample\" has no command \"nope\" on any live worker; its commands: crash, echo, fail, fail-once, sleep", noCommand.Message);
        var noPlugin = await Assert.ThrowsAsync<TaskNotOfferedException>(() => client.ScheduleAsync(new PluginCommandTask("billing", "run"), "in 1 hour"));
        Assert.Contains("plugin \"billing\" is loaded by no live worker; offered plugins: sample (crash, echo, fail, fail-once, sleep)", noPlugin.Message);
        Assert.Empty(await client.ListAsync());

        Assert.NotNull(await client.ScheduleAsync(new PluginCommandTask("sample", "echo"), "in 1 hour"));
        var later = await client.ScheduleAsync(new PluginCommandTask("billing", "run"), "in 1 hour", new ScheduleOptions { Verify = false });
        Assert.Equal(ScheduleStatus.Scheduled, later.Status);
    }

    [Fact]
    public async Task A_task_sent_to_a_queue_no_live_worker_serves_is_refused_on_schedule_and_update_and_the_CLI_lists_each_workers_queues()
    {
        await using var redis = await RedisTestContext.CreateAsync("caps-queue");
        var client = redis.CreateClient(verifyWorkers: true);
        var settings = new Dictionary<string, string?>(WorkerSettings) { ["Scheduler:Worker:Queues:0"] = "default", ["Scheduler:Worker:Queues:1"] = "reports" };
        await using var system = await InProcessSystem.StartAsync(redis, beats: 0, settings: settings);
        await WorkerAdvertisedAsync(client);

        var refused = await Assert.ThrowsAsync<TaskNotOfferedException>(() =>
            client.ScheduleAsync(new NotificationTask("hi"), "in 1 hour", new ScheduleOptions { Queue = "reprots" }));
        Assert.Contains("queue \"reprots\" is served by no live worker, so its runs would wait there for ever; served queues: default, reports", refused.Message);
        Assert.Empty(await client.ListAsync());
        var task = await client.ScheduleAsync(new NotificationTask("hi"), "in 1 hour", new ScheduleOptions { Queue = "reports" });
        var moved = await Assert.ThrowsAsync<TaskNotOfferedException>(() => client.UpdateAsync(task.Id, new TaskUpdate { Queue = "nightly" }));
        Assert.Contains("queue \"nightly\" is served by no live worker", moved.Message);
        Assert.Equal("reports", (await client.GetAsync(task.Id))!.Options.Queue);

        var workers = await InProcessCli.RunAsync(redis, "workers");
        Assert.Contains("  queues:       default, reports", workers.Out);
    }

    [Fact]
    public async Task Channels_mcp_servers_and_each_sequence_step_are_checked_against_the_live_worker()
    {
        await using var redis = await RedisTestContext.CreateAsync("caps-kinds");
        var client = redis.CreateClient(verifyWorkers: true);
        await using var system = await InProcessSystem.StartAsync(redis, beats: 0, settings: WorkerSettings);
        await WorkerAdvertisedAsync(client);

        var channel = await Assert.ThrowsAsync<TaskNotOfferedException>(() => client.ScheduleAsync(new NotificationTask("hi", Channels: ["pager"]), "in 1 hour"));
        Assert.Contains("notification channel \"pager\" is configured on no live worker; offered channels: events, log, ops", channel.Message);
        var mcp = await Assert.ThrowsAsync<TaskNotOfferedException>(() => client.ScheduleAsync(new McpToolTask("search", "find"), "in 1 hour"));
        Assert.Contains("MCP server \"search\" is configured on no live worker; offered servers: none", mcp.Message);
        var sequence = new SequenceTask([
            new SequenceStep("say", new ShellTask("echo", ["hi"])),
            new SequenceStep("wipe", new ShellTask("rm", ["-rf", "/tmp/x"]), ["say"]),
        ]);
        var step = await Assert.ThrowsAsync<TaskNotOfferedException>(() => client.ScheduleAsync(sequence, "in 1 hour"));
        Assert.Contains("step \"wipe\": shell command \"rm\" is allowed on no live worker; allowed commands: echo", step.Message);
        Assert.DoesNotContain("step \"say\"", step.Message);

        Assert.NotNull(await client.ScheduleAsync(new NotificationTask("hi", Channels: ["ops", "log"]), "in 1 hour"));
        // The allow-list takes no environment variable unless listed, so one set is refused when scheduled, not at its run.
        var variable = await Assert.ThrowsAsync<TaskNotOfferedException>(() =>
            client.ScheduleAsync(new ShellTask("echo", ["hi"]) { Environment = new Dictionary<string, string> { ["PERL5OPT"] = "-e1" } }, "in 1 hour"));
        Assert.Contains("shell environment variable PERL5OPT is allowed on no live worker that allows \"echo\" (Scheduler:Shell:AllowedEnvironment); allowed variables: none", variable.Message);
    }

    [Fact]
    public async Task With_no_live_worker_scheduling_says_so_and_how_to_opt_out()
    {
        await using var redis = await RedisTestContext.CreateAsync("caps-none");
        var client = redis.CreateClient(verifyWorkers: true);

        var refused = await Assert.ThrowsAsync<TaskNotOfferedException>(() => client.ScheduleAsync(new NotificationTask("hi"), "in 1 hour"));

        Assert.StartsWith("no worker is live", refused.Message);
        Assert.Contains("--no-verify", refused.Message);
        Assert.NotNull(await client.ScheduleAsync(new NotificationTask("hi"), "in 1 hour", new ScheduleOptions { Verify = false }));
    }

    [Fact]
    public async Task Cli_exits_2_listing_what_is_offered_and_no_verify_schedules_anyway()
    {
        await using var redis = await RedisTestContext.CreateAsync("caps-cli");
        await using var system = await InProcessSystem.StartAsync(redis, beats: 0, settings: WorkerSettings);
        await WorkerAdvertisedAsync(redis.CreateClient());
        var env = InProcessCli.Environment(redis, verifyWorkers: true);
        Task<(int Code, string Out, string Err)> Cli(params string[] args) => InProcessCli.RunAsync(env, args);

        var refused = await Cli("schedule", "plugin", "in 1 hour", "--plugin", "billing", "--command", "run");
        Assert.Equal(2, refused.Code);
        Assert.Contains("offered plugins: sample (crash, echo, fail, fail-once, sleep)", refused.Err);

        var forced = await Cli("schedule", "plugin", "in 1 hour", "--plugin", "billing", "--command", "run", "--no-verify");
        Assert.True(forced.Code == 0, forced.Err);
    }

    [Fact]
    public async Task Rest_answers_400_listing_what_is_offered_and_verify_false_schedules_anyway()
    {
        await using var redis = await RedisTestContext.CreateAsync("caps-rest");
        await using var system = await InProcessSystem.StartAsync(redis, beats: 0, settings: WorkerSettings);
        await using var dashboard = await InProcessDashboard.StartAsync(redis, new Dictionary<string, string?> { ["Scheduler:VerifyWorkers"] = "true" });
        await WorkerAdvertisedAsync(redis.CreateClient());

        var refused = await dashboard.Http.PostAsJsonAsync("/api/tasks/billing-1/schedule",
            new { task = new { type = "plugin", pluginName = "billing", commandName = "run" }, spec = "in 1 hour" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("offered plugins: sample (crash, echo, fail, fail-once, sleep)", await refused.Content.ReadAsStringAsync());

        var forced = await dashboard.Http.PostAsJsonAsync("/api/tasks/billing-1/schedule",
            new { task = new { type = "plugin", pluginName = "billing", commandName = "run" }, spec = "in 1 hour", options = new { verify = false } });
        Assert.Equal(HttpStatusCode.Created, forced.StatusCode);
    }

    [Fact]
    public async Task With_no_live_worker_a_rest_patch_of_the_definition_is_refused_saying_how_to_opt_out_and_verify_false_in_its_body_changes_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("caps-patch");
        var client = redis.CreateClient(verifyWorkers: false);
        await client.ScheduleAsync(new NotificationTask("before"), "every day at 6am", new ScheduleOptions { Id = "digest" });
        await using var dashboard = await InProcessDashboard.StartAsync(redis, new Dictionary<string, string?> { ["Scheduler:VerifyWorkers"] = "true" });

        var refused = await dashboard.Http.PatchAsJsonAsync("/api/tasks/digest", new { task = new { message = "after" } });
        var refusal = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("no worker is live", refusal);
        Assert.Contains("beside the fields a PATCH changes", refusal);

        var forced = await dashboard.Http.PatchAsJsonAsync("/api/tasks/digest", new { task = new { message = "after" }, verify = false });
        Assert.True(forced.StatusCode == HttpStatusCode.OK, await forced.Content.ReadAsStringAsync());
        Assert.Equal("after", Assert.IsType<NotificationTask>((await client.GetAsync("digest"))!.Task).Message);

        // Not a change of its own: alone it is still nothing to change.
        var alone = await dashboard.Http.PatchAsJsonAsync("/api/tasks/digest", new { verify = false });
        Assert.Equal(HttpStatusCode.BadRequest, alone.StatusCode);
        var nothing = await alone.Content.ReadAsStringAsync();
        Assert.Contains("nothing to change", nothing);
        Assert.DoesNotContain("verify", nothing);
    }
}
