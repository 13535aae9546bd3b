using System.Text.Json;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>Shell tasks on a real worker: output capture, exit codes, retries, timeouts and cancellation kill the whole process tree.</summary>
public sealed class ShellTaskTests
{
    // Starts a grandchild that would outlive a naive kill of the shell, records its pid, and waits for it.
    private const string SleepInBackground = "sleep 300 & echo $! > \"$1\"; wait";

    [Fact]
    public async Task Command_runs_without_a_shell_and_its_exit_code_and_output_are_the_result()
    {
        await using var redis = await RedisTestContext.CreateAsync("shell-ok");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();

        // "$HOME" stays literal: argv goes to the program as-is, no shell expands it.
        var runs = await TaskRuns.RunAsync(client, new ShellTask("echo", ["hello", "$HOME"]) { Execution = TaskRuns.Fast() });

        var run = Assert.Single(runs);
        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        using var result = JsonDocument.Parse(run.Result!);
        Assert.Equal(0, result.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal("hello $HOME\n", result.RootElement.GetProperty("stdout").GetString());
        Assert.Equal("", result.RootElement.GetProperty("stderr").GetString());
    }

    [Fact]
    public async Task Shell_mode_gets_stdin_environment_and_working_directory()
    {
        await using var redis = await RedisTestContext.CreateAsync("shell-io");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("shell-io");
        var client = redis.CreateClient();

        var task = new ShellTask("read line; echo \"$line/$GREETING/$(pwd)/$1\"; echo oops >&2", ["arg1"], dir.Path,
            new Dictionary<string, string> { ["GREETING"] = "hi" }, Stdin: "from-stdin\n", UseShell: true) { Execution = TaskRuns.Fast() };
        var run = Assert.Single(await TaskRuns.RunAsync(client, task));

        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
        using var result = JsonDocument.Parse(run.Result!);
        Assert.Equal($"from-stdin/hi/{dir.Path}/arg1\n", result.RootElement.GetProperty("stdout").GetString());
        Assert.Equal("oops\n", result.RootElement.GetProperty("stderr").GetString());
    }

    [Fact]
    public async Task Output_longer_than_64_KiB_is_cut_with_a_marker()
    {
        await using var redis = await RedisTestContext.CreateAsync("shell-cap");
        await using var system = await InProcessSystem.StartAsync(redis, settings: new Dictionary<string, string?> { ["Scheduler:Execution:MaxResultLength"] = "1048576" });
        var client = redis.CreateClient();

        var run = Assert.Single(await TaskRuns.RunAsync(client, new ShellTask("head -c 200000 /dev/zero | tr '\\0' x", UseShell: true) { Execution = TaskRuns.Fast() }));

        using var result = JsonDocument.Parse(run.Result!);
        var stdout = result.RootElement.GetProperty("stdout").GetString()!;
        Assert.Equal(64 * 1024 + "…[truncated]".Length, stdout.Length);
        Assert.EndsWith("…[truncated]", stdout);
    }

    [Fact]
    public async Task Non_zero_exit_fails_the_attempt_with_the_exit_code_and_stderr_and_the_Hangfire_job()
    {
        await using var redis = await RedisTestContext.CreateAsync("shell-fail");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();

        var runs = await TaskRuns.RunAsync(client, new ShellTask("echo broken >&2; exit 3", UseShell: true) { Execution = TaskRuns.Fast(retries: 1) });

        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal(RunOutcome.Failed, r.Outcome));
        Assert.Contains("exit code 3", runs[^1].Error);
        Assert.Contains("broken", runs[^1].Error);
        Assert.Equal(ScheduleStatus.Failed, (await client.GetAsync(runs[0].TaskId))!.Status);
        Assert.Equal("Failed", (await new HangfireJobs(redis).FinalStateAsync(runs[^1])).Name);
    }

    [Fact]
    public async Task Command_failing_the_first_time_succeeds_on_retry()
    {
        await using var redis = await RedisTestContext.CreateAsync("shell-retry");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("shell-retry");
        var client = redis.CreateClient();

        var task = new ShellTask("if [ -f \"$1\" ]; then echo second; else touch \"$1\"; exit 1; fi", [dir.File("marker")], UseShell: true)
            { Execution = TaskRuns.Fast(retries: 3) };
        var runs = await TaskRuns.RunAsync(client, task);

        Assert.Equal([RunOutcome.Failed, RunOutcome.Succeeded], runs.Select(r => r.Outcome));
        Assert.Contains("second", runs[1].Result);
    }

    [Fact]
    public async Task Soft_timeout_kills_the_command_and_its_background_children_and_fails_the_Hangfire_job()
    {
        await using var redis = await RedisTestContext.CreateAsync("shell-soft");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("shell-soft");
        var client = redis.CreateClient();
        var pid = 0;
        try
        {
            var scheduled = await TaskRuns.StartAsync(client,
                new ShellTask("echo so far; echo warned >&2; " + SleepInBackground, [dir.File("pid")], UseShell: true) { Execution = TaskRuns.Fast(softSeconds: 1, hardSeconds: 20) });
            pid = await ProcessProbe.ReadPidAsync(dir.File("pid"));
            var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, scheduled.Id));

            Assert.Equal(RunOutcome.TimedOut, run.Outcome);
            Assert.StartsWith("soft timeout", run.Error);
            // The output written before the timeout is kept with the attempt.
            Assert.Contains("so far", run.Result);
            Assert.Contains("warned", run.Result);
            // Cut short: the command alone sleeps 300 s (before the hard timeout of 20 s, so by the soft one).
            Assert.True(run.Duration < TimeSpan.FromSeconds(20), $"took {run.Duration}");
            await Eventually.WaitAsync(() => Task.FromResult(!ProcessProbe.IsAlive(pid)), TimeSpan.FromSeconds(5), $"grandchild {pid} to die");
            Assert.Equal("Failed", (await new HangfireJobs(redis).FinalStateAsync(run)).Name);
        }
        finally { ProcessProbe.KillIfAlive(pid); }
    }

    [Fact]
    public async Task Hard_timeout_kills_a_command_that_ignores_SIGTERM_and_leaves_no_child()
    {
        await using var redis = await RedisTestContext.CreateAsync("shell-hard");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("shell-hard");
        var client = redis.CreateClient();
        var pid = 0;
        try
        {
            // SIGTERM is ignored by the shell and inherited by its child, so only the hard timeout's SIGKILL ends them.
            var scheduled = await TaskRuns.StartAsync(client,
                new ShellTask("trap '' TERM; " + SleepInBackground, [dir.File("pid")], UseShell: true) { Execution = TaskRuns.Fast(softSeconds: 1, hardSeconds: 2) });
            pid = await ProcessProbe.ReadPidAsync(dir.File("pid"));
            var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, scheduled.Id));

            Assert.Equal(RunOutcome.TimedOut, run.Outcome);
            Assert.StartsWith("hard timeout", run.Error);
            await Eventually.WaitAsync(() => Task.FromResult(!ProcessProbe.IsAlive(pid)), TimeSpan.FromSeconds(5), $"grandchild {pid} to die");
        }
        finally { ProcessProbe.KillIfAlive(pid); }
    }

    [Fact]
    public async Task Cancelling_the_task_stops_the_running_command_and_records_Cancelled_without_retry()
    {
        await using var redis = await RedisTestContext.CreateAsync("shell-cancel");
        await using var system = await InProcessSystem.StartAsync(redis, workers: 2);
        using var dir = TestPaths.CreateTempDirectory("shell-cancel");
        var client = redis.CreateClient();
        var pid = 0;
        try
        {
            var scheduled = await TaskRuns.StartAsync(client,
                new ShellTask("sleep 60 & echo $! > \"$1\"; wait", [dir.File("pid")], UseShell: true) { Execution = TaskRuns.Fast(retries: 3, softSeconds: 120, hardSeconds: 180) });
            pid = await ProcessProbe.ReadPidAsync(dir.File("pid"));

            var cancelledAt = DateTimeOffset.UtcNow;
            Assert.True(await client.CancelAsync(scheduled.Id));
            var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, scheduled.Id, TimeSpan.FromSeconds(10)));

            Assert.Equal(RunOutcome.Cancelled, run.Outcome);
            Assert.True(run.IsFinal);
            // Stopped by the cancel: the command alone sleeps 60 s.
            Assert.True(run.FinishedAt - cancelledAt < TimeSpan.FromSeconds(60), $"recorded {run.FinishedAt - cancelledAt} after the cancel");
            await Eventually.WaitAsync(() => Task.FromResult(!ProcessProbe.IsAlive(pid)), TimeSpan.FromSeconds(5), $"child {pid} to die");
            Assert.Equal(ScheduleStatus.Cancelled, (await client.GetAsync(scheduled.Id))!.Status);
        }
        finally { ProcessProbe.KillIfAlive(pid); }
    }

    [Fact]
    public async Task A_cancel_whose_message_the_worker_missed_still_stops_the_running_command_within_seconds()
    {
        await using var redis = await RedisTestContext.CreateAsync("shell-cancel-missed");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("shell-cancel-missed");
        var client = redis.CreateClient();
        var pid = 0;
        try
        {
            var scheduled = await TaskRuns.StartAsync(client,
                new ShellTask(SleepInBackground, [dir.File("pid")], UseShell: true) { Execution = TaskRuns.Fast(retries: 3, softSeconds: 120, hardSeconds: 180) });
            pid = await ProcessProbe.ReadPidAsync(dir.File("pid"));

            // What a cancel leaves when its pub/sub message is lost (the worker's subscription was down): the status
            // alone, no message.
            await redis.Redis.GetDatabase().HashSetAsync(new Scheduler.Contracts.Storage.RedisKeys(redis.KeyPrefix).Task(scheduled.Id), "status", "cancelled");
            var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, scheduled.Id, TimeSpan.FromSeconds(20)));

            Assert.Equal(RunOutcome.Cancelled, run.Outcome);
            await Eventually.WaitAsync(() => Task.FromResult(!ProcessProbe.IsAlive(pid)), TimeSpan.FromSeconds(5), $"child {pid} to die");
        }
        finally { ProcessProbe.KillIfAlive(pid); }
    }

    [Fact]
    public async Task Cancelling_a_task_while_its_run_waits_for_a_retry_ends_the_wait_and_never_runs_the_command_again()
    {
        await using var redis = await RedisTestContext.CreateAsync("shell-cancel-retry");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("shell-cancel-retry");
        var client = redis.CreateClient();
        // Ten minutes between attempts: only the cancel can end the wait within the test.
        var scheduled = await TaskRuns.StartAsync(client, new ShellTask("echo ran >> \"$1\"; exit 1", [dir.File("ran")], UseShell: true)
        {
            Execution = new ExecutionPolicy(MaxRetries: 3, BackoffBase: TimeSpan.FromMinutes(10), BackoffMax: TimeSpan.FromMinutes(10)),
        });
        await Eventually.WaitAsync(() => client.GetRunsAsync(scheduled.Id), r => r.Count >= 1, TaskRuns.Patience, "the first attempt's failure");

        Assert.True(await client.CancelAsync(scheduled.Id));

        var runs = await TaskRuns.UntilFinalAsync(client, scheduled.Id);
        var last = runs.OrderBy(r => r.Attempt).Last();
        Assert.Equal((2, RunOutcome.Cancelled, "cancelled before the attempt started"), (last.Attempt, last.Outcome, last.Error));
        Assert.Single(await File.ReadAllLinesAsync(dir.File("ran")));
        // Only the attempt that ran was announced started: the one cancelled while it waited never began.
        var started = await client.GetRecentEventsAsync(Scheduler.Contracts.Events.EventTypePattern.Parse(Scheduler.Contracts.Events.SchedulerEvents.Started), 100, scheduled.Id);
        Assert.Single(started);
    }

    [Fact]
    public async Task Command_outside_the_allow_list_fails_at_once_naming_the_list()
    {
        await using var redis = await RedisTestContext.CreateAsync("shell-allow");
        await using var system = await InProcessSystem.StartAsync(redis, settings: new Dictionary<string, string?>
        {
            ["Scheduler:Shell:AllowedCommands:0"] = "echo", ["Scheduler:Shell:AllowedCommands:1"] = "/usr/bin/true",
        });
        var client = redis.CreateClient();

        var runs = await TaskRuns.RunAsync(client, new ShellTask("rm", ["-rf", "/nonexistent"]) { Execution = TaskRuns.Fast(retries: 3) });

        var run = Assert.Single(runs);
        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.Contains("\"rm\" is not allowed", run.Error);
        Assert.Contains("echo, /usr/bin/true", run.Error);
    }

    [Fact]
    public async Task The_allow_list_runs_the_listed_program_only_not_a_file_of_that_name_elsewhere_nor_one_the_tasks_path_finds()
    {
        await using var redis = await RedisTestContext.CreateAsync("shell-allow-bypass");
        using var dir = TestPaths.CreateTempDirectory("shell-allow-bypass");
        var marker = dir.File("impostor-ran");
        var impostor = dir.File("echo");
        await File.WriteAllTextAsync(impostor, $"#!/bin/sh\ntouch '{marker}'\n");
        File.SetUnixFileMode(impostor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await using var system = await InProcessSystem.StartAsync(redis, settings: new Dictionary<string, string?> { ["Scheduler:Shell:AllowedCommands:0"] = "echo" });
        var client = redis.CreateClient();

        var byPath = Assert.Single(await TaskRuns.RunAsync(client, new ShellTask(impostor, ["hi"]) { Execution = TaskRuns.Fast(retries: 0) }));
        var byTaskPath = Assert.Single(await TaskRuns.RunAsync(client, new ShellTask("echo", ["hi"])
        {
            Environment = new Dictionary<string, string> { ["PATH"] = Path.GetDirectoryName(impostor)! }, Execution = TaskRuns.Fast(retries: 0),
        }));
        var listed = Assert.Single(await TaskRuns.RunAsync(client, new ShellTask("echo", ["hi"]) { Execution = TaskRuns.Fast(retries: 0) }));

        Assert.Equal((RunOutcome.Failed, RunOutcome.Failed, RunOutcome.Succeeded), (byPath.Outcome, byTaskPath.Outcome, listed.Outcome));
        Assert.Contains("is not allowed on this worker (a path runs only when that path is listed)", byPath.Error);
        Assert.Contains("sets PATH, which this worker refuses while Scheduler:Shell:AllowedCommands is set", byTaskPath.Error);
        Assert.Contains("hi", listed.Result);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task With_an_allow_list_a_task_sets_only_the_environment_variables_the_worker_lists()
    {
        await using var redis = await RedisTestContext.CreateAsync("shell-allow-env");
        await using var system = await InProcessSystem.StartAsync(redis, settings: new Dictionary<string, string?>
        {
            ["Scheduler:Shell:AllowedCommands:0"] = "printenv", ["Scheduler:Shell:AllowedEnvironment:0"] = "APP_*",
            ["Scheduler:Shell:AllowedEnvironment:1"] = "REPORT_DAY",
        });
        var client = redis.CreateClient();
        ShellTask Printenv(Dictionary<string, string> environment) =>
            new("printenv", ["APP_MODE"]) { Environment = environment, Execution = TaskRuns.Fast(retries: 0) };

        // An exported bash function overrides what an allowed bash script calls: code in a variable.
        var function = Assert.Single(await TaskRuns.RunAsync(client, Printenv(new() { ["BASH_FUNC_date%%"] = "() { id; }" })));
        var perl = Assert.Single(await TaskRuns.RunAsync(client, Printenv(new() { ["PERL5OPT"] = "-e1" })));
        var listed = Assert.Single(await TaskRuns.RunAsync(client, Printenv(new() { ["APP_MODE"] = "nightly", ["REPORT_DAY"] = "mon" })));

        Assert.Equal((RunOutcome.Failed, RunOutcome.Failed, RunOutcome.Succeeded), (function.Outcome, perl.Outcome, listed.Outcome));
        Assert.Contains("sets BASH_FUNC_date%%, which Scheduler:Shell:AllowedEnvironment does not list", function.Error);
        Assert.Contains("it lists: APP_*, REPORT_DAY", perl.Error);
        Assert.Contains("nightly", listed.Result);
    }
}
