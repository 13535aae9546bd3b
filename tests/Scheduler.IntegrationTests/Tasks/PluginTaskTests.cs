using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>Plugin commands on a real worker, loaded from a copy of the sample plugin in a temporary plugins folder.</summary>
public sealed class PluginTaskTests : IDisposable
{
    private readonly TestPaths.TempDirectory _plugins = TestPaths.CreateTempDirectory("plugins");

    public PluginTaskTests() => File.Copy(TestPaths.SamplePluginDll, _plugins.File("Scheduler.SamplePlugin.dll"));

    public void Dispose() => _plugins.Dispose();

    private Dictionary<string, string?> Settings => new() { ["Scheduler:Plugins:Folder"] = _plugins.Path };

    private static PluginCommandTask Sample(string command, Dictionary<string, string>? args, ExecutionPolicy policy) =>
        new("sample", command, args) { Execution = policy };

    [Fact]
    public async Task Plugin_command_runs_in_the_worker_and_returns_its_result()
    {
        await using var redis = await RedisTestContext.CreateAsync("plugin-ok");
        await using var system = await InProcessSystem.StartAsync(redis, settings: Settings);

        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), Sample("echo", new() { ["greeting"] = "hi" }, TaskRuns.Fast())));

        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        Assert.Equal("{\"greeting\":\"hi\"}", run.Result);
    }

    [Fact]
    public async Task Plugin_command_that_throws_fails_the_attempt_with_its_message()
    {
        await using var redis = await RedisTestContext.CreateAsync("plugin-fail");
        await using var system = await InProcessSystem.StartAsync(redis, settings: Settings);

        var runs = await TaskRuns.RunAsync(redis.CreateClient(), Sample("fail", new() { ["message"] = "disk full" }, TaskRuns.Fast(retries: 1)));

        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal(RunOutcome.Failed, r.Outcome));
        Assert.Equal("disk full", runs[^1].Error);
    }

    [Fact]
    public async Task Plugin_command_failing_once_succeeds_on_retry()
    {
        await using var redis = await RedisTestContext.CreateAsync("plugin-retry");
        await using var system = await InProcessSystem.StartAsync(redis, settings: Settings);

        var runs = await TaskRuns.RunAsync(redis.CreateClient(), Sample("fail-once", new() { ["marker"] = _plugins.File("marker") }, TaskRuns.Fast(retries: 2)));

        Assert.Equal([RunOutcome.Failed, RunOutcome.Succeeded], runs.Select(r => r.Outcome));
    }

    [Fact]
    public async Task A_plugin_whose_Name_throws_or_whose_Commands_is_null_is_skipped_and_the_others_still_run()
    {
        // This test assembly, holding ThrowingNamePlugin and NullCommandsPlugin, beside the sample plugin.
        File.Copy(typeof(ThrowingNamePlugin).Assembly.Location, _plugins.File("Scheduler.IntegrationTests.dll"));
        await using var redis = await RedisTestContext.CreateAsync("plugin-broken");
        var logs = new CapturedLogs();
        await using var system = await InProcessSystem.StartAsync(redis, settings: Settings, configureWorker: w => logs.AddTo(w.Services));

        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), Sample("echo", new() { ["k"] = "v" }, TaskRuns.Fast())));

        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        var warnings = logs.Messages("Plugins.PluginCatalog", LogLevel.Warning);
        Assert.Contains(warnings, m => m.Contains(typeof(ThrowingNamePlugin).FullName!) && m.Contains("no name today"));
        Assert.Contains(warnings, m => m.Contains(typeof(NullCommandsPlugin).FullName!) && m.Contains("Commands is null"));
        var capabilities = Assert.Single(await redis.CreateClient().GetWorkerCapabilitiesAsync());
        Assert.Equal(["sample"], capabilities.Plugins.Keys);
    }

    [Theory]
    [InlineData("nope", "echo", "plugin \"nope\" is not loaded on this worker", "loaded plugins: sample")]
    [InlineData("sample", "nope", "plugin \"sample\" has no command \"nope\"", "its commands: echo, fail, fail-once, sleep")]
    public async Task Unknown_plugin_or_command_fails_at_once_listing_what_exists(string plugin, string command, string problem, string listing)
    {
        await using var redis = await RedisTestContext.CreateAsync("plugin-unknown");
        await using var system = await InProcessSystem.StartAsync(redis, settings: Settings);

        var runs = await TaskRuns.RunAsync(redis.CreateClient(), new PluginCommandTask(plugin, command) { Execution = TaskRuns.Fast(retries: 3) });

        var run = Assert.Single(runs);
        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.Contains(problem, run.Error);
        Assert.Contains(listing, run.Error);
    }

    [Fact]
    public async Task Soft_timeout_cancels_a_plugin_command_that_honours_its_token()
    {
        await using var redis = await RedisTestContext.CreateAsync("plugin-soft");
        await using var system = await InProcessSystem.StartAsync(redis, settings: Settings);

        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), Sample("sleep", new() { ["ms"] = "30000" }, TaskRuns.Fast(softSeconds: 1, hardSeconds: 10))));

        Assert.Equal(RunOutcome.TimedOut, run.Outcome);
        Assert.StartsWith("soft timeout", run.Error);
        // Cut short: the command alone sleeps 30 s.
        Assert.True(run.Duration < TimeSpan.FromSeconds(30), $"took {run.Duration}");
    }

    [Fact]
    public async Task Hard_timeout_abandons_a_plugin_command_that_ignores_cancellation()
    {
        await using var redis = await RedisTestContext.CreateAsync("plugin-hard");
        await using var system = await InProcessSystem.StartAsync(redis, settings: Settings);

        var task = Sample("sleep", new() { ["ms"] = "4000", ["ignoreCancellation"] = "true" }, TaskRuns.Fast(softSeconds: 0.5, hardSeconds: 1));
        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), task));

        Assert.Equal(RunOutcome.TimedOut, run.Outcome);
        Assert.StartsWith("hard timeout", run.Error);
        // Abandoned: the command, ignoring its token, sleeps 4 s.
        Assert.True(run.Duration < TimeSpan.FromSeconds(4), $"took {run.Duration}");
    }

    [Fact]
    public async Task Cancelling_the_task_stops_a_running_plugin_command_as_Cancelled()
    {
        await using var redis = await RedisTestContext.CreateAsync("plugin-cancel");
        await using var system = await InProcessSystem.StartAsync(redis, settings: Settings);
        var client = redis.CreateClient();

        var scheduled = await TaskRuns.StartAsync(client, Sample("sleep", new() { ["ms"] = "60000" }, TaskRuns.Fast(retries: 3, softSeconds: 120, hardSeconds: 180)));
        await TaskRuns.WaitRunningAsync(client, scheduled.Id);
        Assert.True(await client.CancelAsync(scheduled.Id));

        var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, scheduled.Id, TimeSpan.FromSeconds(10)));
        Assert.Equal(RunOutcome.Cancelled, run.Outcome);
    }

    [Fact]
    public async Task A_cancelled_run_whose_command_ignores_its_token_is_abandoned_after_the_grace_and_recorded_cancelled()
    {
        await using var redis = await RedisTestContext.CreateAsync("plugin-stop-ignored");
        await using var system = await InProcessSystem.StartAsync(redis, settings: Settings);
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(
            Sample("sleep", new() { ["ms"] = "60000", ["ignoreCancellation"] = "true" }, new ExecutionPolicy(MaxRetries: 0)), "in:1s");
        await TaskRuns.WaitRunningAsync(client, task.Id);

        var stopped = DateTimeOffset.UtcNow;
        Assert.True(await client.CancelAsync(task.Id));

        var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, task.Id, TimeSpan.FromSeconds(45)));
        Assert.Equal(RunOutcome.Cancelled, run.Outcome);
        Assert.Contains("did not stop within 15 s and was abandoned", run.Error);
        Assert.True(run.FinishedAt - stopped < TimeSpan.FromSeconds(40), $"recorded {run.FinishedAt - stopped} after the stop");
    }
}
