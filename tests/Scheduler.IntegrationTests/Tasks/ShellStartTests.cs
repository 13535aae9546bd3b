using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>
/// Shell tasks at the edges of their process: one that cannot start fails at once, without retries, saying what is
/// missing; one whose input pipe outlives it (held by a process that left its group) still ends when it exits.
/// </summary>
public sealed class ShellStartTests
{
    [Fact]
    public async Task A_program_that_does_not_exist_fails_at_once_without_retry_naming_it_and_the_path_searched()
    {
        await using var redis = await RedisTestContext.CreateAsync("shell-missing");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();

        var runs = await TaskRuns.RunAsync(client, new ShellTask("no-such-program-4711", ["x"]) { Execution = TaskRuns.Fast(retries: 2) });

        var run = Assert.Single(runs);
        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.StartsWith("shell command \"no-such-program-4711\" was not found", run.Error);
        Assert.Contains("/usr/bin", run.Error);
        Assert.DoesNotContain("setsid", run.Error);
    }

    [Fact]
    public async Task A_program_path_that_does_not_exist_fails_at_once_without_retry()
    {
        await using var redis = await RedisTestContext.CreateAsync("shell-missing-path");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("shell-missing-path");
        var client = redis.CreateClient();

        var runs = await TaskRuns.RunAsync(client, new ShellTask("./run-me", WorkingDirectory: dir.Path) { Execution = TaskRuns.Fast(retries: 2) });

        var run = Assert.Single(runs);
        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.StartsWith($"shell command \"./run-me\" was not found: no file {Path.Combine(dir.Path, "run-me")}", run.Error);
    }

    [Fact]
    public async Task A_working_directory_that_does_not_exist_fails_at_once_naming_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("shell-missing-dir");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();

        var runs = await TaskRuns.RunAsync(client, new ShellTask("echo", ["hi"], "/nonexistent/work-4711") { Execution = TaskRuns.Fast(retries: 2) });

        var run = Assert.Single(runs);
        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.Equal("shell \"workingDirectory\" \"/nonexistent/work-4711\" does not exist on this worker; expected an existing directory", run.Error);
    }

    [Fact]
    public async Task A_command_that_exits_while_a_process_outside_its_group_holds_its_unread_stdin_succeeds_without_waiting_for_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("shell-stdin-held");
        await using var system = await InProcessSystem.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("shell-stdin-held");
        var client = redis.CreateClient();
        var pid = 0;
        try
        {
            // A daemon in its own session inherits stdin and never reads it; the command itself exits at once, leaving
            // most of its megabyte of input unwritten in a full pipe.
            // (fd 3: a background job's own stdin would be /dev/null.) It waits for the daemon to have left its group.
            var task = new ShellTask("exec 3<&0; setsid sh -c 'echo $$ > \"$1\"; exec sleep 60' sh \"$1\" <&3 >/dev/null 2>&1 & " +
                "while [ ! -s \"$1\" ]; do sleep 0.05; done; echo started", [dir.File("pid")],
                Stdin: new string('x', 1_000_000), UseShell: true) { Execution = TaskRuns.Fast(softSeconds: 10, hardSeconds: 20) };
            var scheduled = await TaskRuns.StartAsync(client, task);
            pid = await ProcessProbe.ReadPidAsync(dir.File("pid"));
            var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, scheduled.Id));

            Assert.Equal(RunOutcome.Succeeded, run.Outcome);
            Assert.Contains("started", run.Result);
            Assert.True(run.Duration < TimeSpan.FromSeconds(10), $"took {run.Duration}");
        }
        finally { ProcessProbe.KillIfAlive(pid); }
    }
}
