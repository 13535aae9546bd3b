using System.Text.Json;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>Sequences on a real worker: every task kind as a step, dependency order, failure handling, timeouts and cancel.</summary>
public sealed class SequenceTaskTests : IDisposable
{
    private readonly TestPaths.TempDirectory _dir = TestPaths.CreateTempDirectory("sequence");

    public SequenceTaskTests()
    {
        Directory.CreateDirectory(_dir.File("plugins"));
        File.Copy(TestPaths.SamplePluginDll, Path.Combine(_dir.File("plugins"), "Scheduler.SamplePlugin.dll"));
    }

    public void Dispose() => _dir.Dispose();

    private Dictionary<string, string?> Settings(params Dictionary<string, string?>[] more)
    {
        var settings = new Dictionary<string, string?> { ["Scheduler:Plugins:Folder"] = _dir.File("plugins") };
        foreach (var (key, value) in more.SelectMany(m => m)) settings[key] = value;
        return settings;
    }

    private static JsonElement Steps(TaskRun run, string? json = null)
    {
        var text = json ?? run.Result!;
        return JsonDocument.Parse(text[text.IndexOf("{\"steps\"", StringComparison.Ordinal)..]).RootElement.GetProperty("steps");
    }

    [Fact]
    public async Task Sequence_runs_notification_shell_mcp_plugin_and_custom_steps_in_dependency_order()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        await using var mcp = await McpHttpTestServer.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("seq-mixed");
        await using var system = await InProcessSystem.StartAsync(redis, settings: Settings(hook.Settings("hook"), mcp.Settings("web")),
            configureWorker: w => w.AddTaskHandler<StepResultsProbe, StepResultsProbeHandler>());

        var sequence = new SequenceTask(
        [
            new("probe", new StepResultsProbe(), DependsOn: ["notify", "shell", "mcp", "plugin"]),
            new("notify", new NotificationTask("sequence started", Channels: ["hook"])),
            new("shell", new ShellTask("echo", ["from shell"]), DependsOn: ["notify"]),
            new("mcp", new McpToolTask("web", "echo", new Dictionary<string, JsonElement> { ["message"] = JsonSerializer.SerializeToElement("from mcp") })),
            new("plugin", new PluginCommandTask("sample", "echo", new Dictionary<string, string> { ["from"] = "plugin" }), DependsOn: ["shell", "mcp"]),
        ]) { Execution = TaskRuns.Fast() };
        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), sequence));

        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        var steps = Steps(run);
        Assert.Equal(["notify", "shell", "mcp", "plugin", "probe"], steps.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.All(steps.EnumerateArray(), s => Assert.Equal("succeeded", s.GetProperty("outcome").GetString()));
        Assert.Contains("from shell", steps[1].GetProperty("result").GetString());
        Assert.Equal("echo: from mcp", steps[2].GetProperty("result").GetString());
        Assert.Single(hook.Received);
        using var probe = JsonDocument.Parse(steps[4].GetProperty("result").GetString()!);
        Assert.Equal("probe", probe.RootElement.GetProperty("step").GetString());
        Assert.Equal("{\"from\":\"plugin\"}", probe.RootElement.GetProperty("seen").GetProperty("plugin").GetString());
    }

    [Fact]
    public async Task Failed_step_skips_its_dependents_and_fails_the_sequence_unless_it_may_fail()
    {
        await using var redis = await RedisTestContext.CreateAsync("seq-fail");
        await using var system = await InProcessSystem.StartAsync(redis, settings: Settings());

        var sequence = new SequenceTask(
        [
            new("optional", new ShellTask("false"), ContinueOnFailure: true),
            new("after-optional", new ShellTask("echo", ["still runs"]), DependsOn: ["optional"]),
            new("broken", new PluginCommandTask("sample", "fail", new Dictionary<string, string> { ["message"] = "boom" })),
            new("after-broken", new ShellTask("echo", ["never"]), DependsOn: ["broken"]),
            new("independent", new ShellTask("echo", ["independent"])),
        ]) { Execution = TaskRuns.Fast() };
        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), sequence));

        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.StartsWith("sequence step(s) failed: broken: boom", run.Error);
        var outcomes = Steps(run, run.Error).EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("outcome").GetString());
        Assert.Equal("failed", outcomes["optional"]);
        Assert.Equal("succeeded", outcomes["after-optional"]);
        Assert.Equal("failed", outcomes["broken"]);
        Assert.Equal("skipped", outcomes["after-broken"]);
        Assert.Equal("succeeded", outcomes["independent"]);
    }

    [Fact]
    public async Task A_sequence_listed_without_dependencies_is_a_chain_that_stops_at_a_failed_step()
    {
        await using var redis = await RedisTestContext.CreateAsync("seq-chain");
        await using var system = await InProcessSystem.StartAsync(redis, settings: Settings());

        // Nagatha's backup chain: the closing notification must not go out after the backup failed.
        var sequence = new SequenceTask(
        [
            new("start", new ShellTask("echo", ["starting backup"])),
            new("warm-up", new ShellTask("false"), ContinueOnFailure: true),
            new("backup", new ShellTask("sh", ["-c", "echo backing up; exit 1"])),
            new("done", new NotificationTask("Backup complete")),
        ]) { Execution = TaskRuns.Fast(retries: 0) };
        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), sequence));

        Assert.Equal(RunOutcome.Failed, run.Outcome);
        var steps = Steps(run, run.Error).EnumerateArray().ToList();
        Assert.Equal(["start", "warm-up", "backup", "done"], steps.Select(s => s.GetProperty("id").GetString()));
        // A step that may fail lets the chain go on; the backup's failure stops it.
        Assert.Equal(["succeeded", "failed", "failed", "skipped"], steps.Select(s => s.GetProperty("outcome").GetString()));
        Assert.Equal("skipped: step \"backup\" did not succeed", steps[3].GetProperty("error").GetString());
    }

    [Fact]
    public async Task Sequence_with_a_step_failing_once_succeeds_on_retry()
    {
        await using var redis = await RedisTestContext.CreateAsync("seq-retry");
        await using var system = await InProcessSystem.StartAsync(redis, settings: Settings());

        var sequence = new SequenceTask(
        [
            new("flaky", new PluginCommandTask("sample", "fail-once", new Dictionary<string, string> { ["marker"] = _dir.File("marker") })),
            new("then", new ShellTask("echo", ["done"]), DependsOn: ["flaky"]),
        ]) { Execution = TaskRuns.Fast(retries: 2) };
        var runs = await TaskRuns.RunAsync(redis.CreateClient(), sequence);

        Assert.Equal([RunOutcome.Failed, RunOutcome.Succeeded], runs.Select(r => r.Outcome));
    }

    [Theory]
    [InlineData(1, RunOutcome.Succeeded)]
    [InlineData(0, RunOutcome.Failed)]
    public async Task Step_failing_once_is_retried_within_the_attempt_when_the_step_has_retries(int stepRetries, RunOutcome expected)
    {
        await using var redis = await RedisTestContext.CreateAsync("seq-step-retry");
        await using var system = await InProcessSystem.StartAsync(redis, settings: Settings());
        var flaky = new PluginCommandTask("sample", "fail-once", new Dictionary<string, string> { ["marker"] = _dir.File("marker") })
        {
            Execution = new ExecutionPolicy(MaxRetries: stepRetries, BackoffBase: TimeSpan.FromMilliseconds(100), BackoffMax: TimeSpan.FromMilliseconds(200)),
        };

        var sequence = new SequenceTask([new("flaky", flaky), new("then", new ShellTask("echo", ["done"]), DependsOn: ["flaky"])])
            { Execution = TaskRuns.Fast(retries: 0) };
        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), sequence));

        Assert.Equal(expected, run.Outcome);
        var step = Steps(run, run.Result ?? run.Error)[0];
        Assert.Equal(stepRetries + 1, step.GetProperty("attempts").GetInt32());
        Assert.Equal(expected == RunOutcome.Succeeded ? "succeeded" : "failed", step.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_steps_own_retry_sees_its_step_attempt_count_up_while_the_runs_attempt_stays()
    {
        await using var redis = await RedisTestContext.CreateAsync("seq-step-attempt");
        await using var system = await InProcessSystem.StartAsync(redis, settings: Settings(),
            configureWorker: w => w.AddTaskHandler<StepAttemptProbe, StepAttemptProbeHandler>());
        var probe = new StepAttemptProbe(SucceedOnStepAttempt: 3)
        {
            Execution = new ExecutionPolicy(MaxRetries: 2, BackoffBase: TimeSpan.FromMilliseconds(50), BackoffMax: TimeSpan.FromMilliseconds(100)),
        };

        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), new SequenceTask([new("probe", probe)]) { Execution = TaskRuns.Fast(retries: 0) }));

        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        var step = Steps(run)[0];
        Assert.Equal(3, step.GetProperty("attempts").GetInt32());
        var seen = JsonDocument.Parse(step.GetProperty("result").GetString()!).RootElement;
        Assert.Equal((1, 3), (seen.GetProperty("attempt").GetInt32(), seen.GetProperty("stepAttempt").GetInt32()));
    }

    [Fact]
    public async Task Step_hard_timeout_abandons_a_step_that_ignores_cancellation_and_the_sequence_goes_on()
    {
        await using var redis = await RedisTestContext.CreateAsync("seq-step-hard");
        await using var system = await InProcessSystem.StartAsync(redis, settings: Settings());
        var stuck = new PluginCommandTask("sample", "sleep", new Dictionary<string, string> { ["ms"] = "15000", ["ignoreCancellation"] = "true" })
        {
            Execution = new ExecutionPolicy(MaxRetries: 0, SoftTimeout: TimeSpan.FromSeconds(1), HardTimeout: TimeSpan.FromSeconds(2)),
        };

        var sequence = new SequenceTask([new("stuck", stuck, ContinueOnFailure: true), new("then", new ShellTask("echo", ["done"]), DependsOn: ["stuck"])])
            { Execution = TaskRuns.Fast(softSeconds: 10, hardSeconds: 20) };
        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), sequence));

        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        var steps = Steps(run);
        Assert.Equal("failed", steps[0].GetProperty("outcome").GetString());
        Assert.Equal("step hard timeout: abandoned after 00:00:02", steps[0].GetProperty("error").GetString());
        Assert.Equal("succeeded", steps[1].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Soft_timeout_stops_the_running_step_and_the_sequence()
    {
        await using var redis = await RedisTestContext.CreateAsync("seq-soft");
        await using var system = await InProcessSystem.StartAsync(redis, settings: Settings());

        var sequence = new SequenceTask([
            new("first", new ShellTask("echo", ["one"])),
            new("slow", new ShellTask("echo partial; sleep 30", UseShell: true), DependsOn: ["first"]),
            new("last", new ShellTask("echo"), DependsOn: ["slow"])]) { Execution = TaskRuns.Fast(softSeconds: 1, hardSeconds: 10) };
        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), sequence));

        Assert.Equal(RunOutcome.TimedOut, run.Outcome);
        Assert.StartsWith("soft timeout", run.Error);
        // What each step came to is kept: the finished one, the interrupted one with its output so far, the one not run.
        var steps = Steps(run);
        Assert.Equal(["succeeded", "interrupted", "notStarted"], steps.EnumerateArray().Select(s => s.GetProperty("outcome").GetString()));
        Assert.Contains("one", steps[0].GetProperty("result").GetString());
        Assert.Contains("partial", steps[1].GetProperty("result").GetString());
        Assert.Equal("not run: the sequence was stopped", steps[2].GetProperty("error").GetString());
    }

    private static PluginCommandTask Stuck(int ms) =>
        new("sample", "sleep", new Dictionary<string, string> { ["ms"] = ms.ToString(), ["ignoreCancellation"] = "true" });

    private static string[] Outcomes(JsonElement steps) => steps.EnumerateArray().Select(s => s.GetProperty("outcome").GetString()!).ToArray();

    [Fact]
    public async Task Hard_timeout_abandons_a_sequence_whose_step_ignores_cancellation_and_keeps_what_each_step_came_to()
    {
        await using var redis = await RedisTestContext.CreateAsync("seq-hard");
        await using var system = await InProcessSystem.StartAsync(redis, settings: Settings());

        var sequence = new SequenceTask([new("first", new ShellTask("echo", ["one"])), new("stuck", Stuck(5000)), new("last", new ShellTask("echo"))])
            { Execution = TaskRuns.Fast(softSeconds: 1, hardSeconds: 2) };
        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), sequence));

        Assert.Equal(RunOutcome.TimedOut, run.Outcome);
        Assert.StartsWith("hard timeout", run.Error);
        // Abandoned while its step ran on: the record still says what each step came to, as a soft timeout's does.
        var steps = Steps(run);
        Assert.Equal(["succeeded", "interrupted", "notStarted"], Outcomes(steps));
        Assert.Contains("one", steps[0].GetProperty("result").GetString());
        Assert.Equal(1, steps[1].GetProperty("attempts").GetInt32());
        Assert.True(steps[1].GetProperty("durationMs").GetInt64() >= 1000);
        Assert.Equal(0, steps[2].GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_nested_sequence_abandoned_at_the_outer_hard_timeout_shows_its_own_steps_as_the_running_steps_result()
    {
        await using var redis = await RedisTestContext.CreateAsync("seq-hard-nested");
        await using var system = await InProcessSystem.StartAsync(redis, settings: Settings());

        var inner = new SequenceTask([new("a", new ShellTask("echo", ["inner-a"])), new("b", Stuck(5000))]);
        var sequence = new SequenceTask([new("inner", inner), new("after", new ShellTask("echo"))]) { Execution = TaskRuns.Fast(softSeconds: 1, hardSeconds: 2) };
        var run = Assert.Single(await TaskRuns.RunAsync(redis.CreateClient(), sequence));

        Assert.Equal(RunOutcome.TimedOut, run.Outcome);
        var steps = Steps(run);
        Assert.Equal(["interrupted", "notStarted"], Outcomes(steps));
        var innerSteps = Steps(run, steps[0].GetProperty("result").GetString());
        Assert.Equal(["succeeded", "interrupted"], Outcomes(innerSteps));
        Assert.Contains("inner-a", innerSteps[0].GetProperty("result").GetString());
    }

    [Fact]
    public async Task A_cancelled_sequence_abandoned_after_the_stop_grace_keeps_what_each_step_came_to()
    {
        await using var redis = await RedisTestContext.CreateAsync("seq-cancel-abandon");
        var settings = Settings(new Dictionary<string, string?> { ["Scheduler:Execution:StopGracePeriod"] = "00:00:01", ["Scheduler:Shell:KillGracePeriod"] = "00:00:00.5" });
        await using var system = await InProcessSystem.StartAsync(redis, settings: settings, configureWorker: w => w.AddTaskHandler<StuckProbe, StuckProbeHandler>());
        var client = redis.CreateClient();

        var sequence = new SequenceTask([new("first", new ShellTask("echo", ["one"])), new("stuck", new StuckProbe(_dir.File("started"), 6000)),
            new("last", new ShellTask("echo"))]) { Execution = TaskRuns.Fast(softSeconds: 60, hardSeconds: 120) };
        var scheduled = await TaskRuns.StartAsync(client, sequence);
        await Eventually.WaitAsync(() => Task.FromResult(File.Exists(_dir.File("started"))), TaskRuns.Patience, "the stuck step to start");
        Assert.True(await client.CancelAsync(scheduled.Id));

        var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, scheduled.Id, TimeSpan.FromSeconds(10)));
        Assert.Equal(RunOutcome.Cancelled, run.Outcome);
        Assert.Contains("abandoned", run.Error);
        Assert.Equal(["succeeded", "interrupted", "notStarted"], Outcomes(Steps(run)));
    }

    [Fact]
    public async Task Cancelling_a_running_sequence_kills_its_shell_step_and_records_Cancelled()
    {
        await using var redis = await RedisTestContext.CreateAsync("seq-cancel");
        await using var system = await InProcessSystem.StartAsync(redis, settings: Settings());
        var client = redis.CreateClient();
        var pid = 0;
        try
        {
            var sequence = new SequenceTask(
            [
                new("wait", new ShellTask("sleep 60 & echo $! > \"$1\"; wait", [_dir.File("pid")], UseShell: true)),
                new("never", new ShellTask("echo"), DependsOn: ["wait"]),
            ]) { Execution = TaskRuns.Fast(retries: 3, softSeconds: 120, hardSeconds: 180) };
            var scheduled = await TaskRuns.StartAsync(client, sequence);
            pid = await ProcessProbe.ReadPidAsync(_dir.File("pid"));
            Assert.True(await client.CancelAsync(scheduled.Id));

            var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, scheduled.Id, TimeSpan.FromSeconds(10)));
            Assert.Equal(RunOutcome.Cancelled, run.Outcome);
            await Eventually.WaitAsync(() => Task.FromResult(!ProcessProbe.IsAlive(pid)), TimeSpan.FromSeconds(5), $"child {pid} to die");
        }
        finally { ProcessProbe.KillIfAlive(pid); }
    }
}
