using Scheduler.Cli;
using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Runs;

/// <summary>
/// A task that failed many times is cleared from the failed list in one command (Hangfire's Failed page: select all,
/// delete), not one run id at a time; the other tasks' failures stay listed.
/// </summary>
public sealed class DismissManyFailedRunsTests
{
    [Fact]
    public async Task Dismiss_task_takes_every_failed_run_of_that_task_off_the_list_and_all_takes_the_rest()
    {
        await using var redis = await RedisTestContext.CreateAsync("dismiss-many");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var noisy = await client.ScheduleAsync(new ShellTask("false") { Execution = TaskRuns.Fast() }, "every 1s");
        await Eventually.WaitAsync(() => client.GetFailedRunsAsync(noisy.Id), p => p.Total >= 3, TaskRuns.Patience, "three failed runs");
        await client.CancelAsync(noisy.Id);
        var other = Assert.Single(await TaskRuns.RunAsync(client, new ShellTask("false") { Execution = TaskRuns.Fast() }));
        Assert.Equal(RunOutcome.Failed, other.Outcome);
        var listed = (await client.GetFailedRunsAsync(noisy.Id, limit: 1000)).Runs.Select(r => r.Run.RunId).ToList();

        var cli = await InProcessCli.RunAsync(redis, "dismiss", "--task", noisy.Id, "--as", "erin");

        Assert.True(cli.Code == ExitCodes.Ok, cli.Err);
        // A run in flight when the task was cancelled may fail after the listing above: counted by the audit instead.
        var audited = (await client.GetAuditAsync(new AuditFilter { TaskId = noisy.Id, Action = AuditActions.Dismiss })).Entries;
        Assert.Contains($"dismissed {audited.Count} failed run(s) of {noisy.Id}", cli.Out);
        Assert.Equal(0, (await client.GetFailedRunsAsync(noisy.Id)).Total);
        Assert.Contains((await client.GetFailedRunsAsync()).Runs, f => f.Run.RunId == other.RunId);
        Assert.Subset(audited.Select(e => (string)e.After!["runId"]!).ToHashSet(), listed.ToHashSet());
        Assert.All(audited, e => Assert.Equal("erin", e.Actor));

        var all = await InProcessCli.RunAsync(redis, "dismiss", "--all", "--type", "shell", "--json");
        Assert.True(all.Code == ExitCodes.Ok, all.Err);
        Assert.Contains(other.RunId, all.Out);
        Assert.Equal(0, (await client.GetFailedRunsAsync()).Total);
    }

    [Theory]
    [InlineData(new[] { "dismiss" }, ExitCodes.BadInput, "give the failed runs' ids, --task <id>")]
    [InlineData(new[] { "dismiss", "a:1", "--all" }, ExitCodes.BadInput, "not several")]
    [InlineData(new[] { "dismiss", "--task", "t1", "--type", "shell" }, ExitCodes.BadInput, "--type goes with --all")]
    [InlineData(new[] { "dismiss", "--all", "--type", "shel" }, ExitCodes.BadInput, "--type \"shel\" is not a task type")]
    [InlineData(new[] { "dismiss", "--task", "no-such-task" }, ExitCodes.NotFound, "no task with id \"no-such-task\"")]
    public async Task A_dismissal_that_names_nothing_or_too_much_is_refused_naming_what_it_takes(string[] args, int code, string error)
    {
        await using var redis = await RedisTestContext.CreateAsync("dismiss-many-input");

        var result = await InProcessCli.RunAsync(redis, args);

        Assert.Equal(code, result.Code);
        Assert.Contains(error, result.Err);
    }
}
