using System.Net;
using Scheduler.Cli;
using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Runs;

/// <summary>
/// A failed run an operator has dealt with leaves the failed list without running again, through the client, REST and
/// the CLI; a cancelled task's failed runs, which cannot be retried, can be dismissed.
/// </summary>
public sealed class DismissFailedRunTests
{
    [Fact]
    public async Task A_failed_run_of_a_cancelled_task_is_dismissed_once_its_history_kept_and_the_dismissal_audited()
    {
        await using var redis = await RedisTestContext.CreateAsync("dismiss");
        await using var system = await InProcessSystem.StartAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var client = redis.CreateClient();
        var recurring = await client.ScheduleAsync(new ShellTask("false") { Execution = TaskRuns.Fast() }, "every 1s");
        var first = await Eventually.WaitAsync(() => client.GetFailedRunsAsync(recurring.Id), p => p.Runs.Count > 0, TaskRuns.Patience, "a failed run");
        await client.CancelAsync(recurring.Id);
        List<TaskRun> runs = [first.Runs[^1].Run];
        foreach (var _ in Enumerable.Range(0, 2))
            runs.Add(Assert.Single(await TaskRuns.RunAsync(client, new ShellTask("false") { Execution = TaskRuns.Fast() })));
        Assert.All(runs, r => Assert.Equal(RunOutcome.Failed, r.Outcome));
        Assert.Contains("is cancelled", (await Assert.ThrowsAsync<RetryRefusedException>(() => client.RetryRunAsync(runs[0].RunId))).Message);

        // The client: once, by its actor.
        Assert.True(await client.As("erin").DismissFailedRunAsync(runs[0].RunId));
        Assert.False(await client.DismissFailedRunAsync(runs[0].RunId));
        Assert.DoesNotContain((await client.GetFailedRunsAsync()).Runs, f => f.Run.RunId == runs[0].RunId);
        Assert.Contains(await client.GetRunsAsync(runs[0].TaskId), r => r.RunId == runs[0].RunId && r.Outcome == RunOutcome.Failed);
        var audit = Assert.Single((await client.GetAuditAsync(new AuditFilter { TaskId = runs[0].TaskId, Action = AuditActions.Dismiss })).Entries);
        Assert.Equal(("erin", runs[0].RunId), (audit.Actor, (string?)audit.After!["runId"]));

        // REST: 204, then 404; a value that is no run id is a 400.
        Assert.Equal(HttpStatusCode.NoContent, (await dashboard.Http.DeleteAsync($"/api/runs/failed/{runs[1].RunId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Http.DeleteAsync($"/api/runs/failed/{runs[1].RunId}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await dashboard.Http.DeleteAsync("/api/runs/failed/no-colon")).StatusCode);

        // The CLI: exit 0 when each was listed, 3 naming the one that was not.
        var cli = await InProcessCli.RunAsync(redis, "dismiss", runs[2].RunId, runs[1].RunId);
        Assert.Equal(ExitCodes.NotFound, cli.Code);
        Assert.Contains($"dismissed {runs[2].RunId}", cli.Out);
        Assert.Contains($"run {runs[1].RunId} is not in the failed list", cli.Err);
        Assert.DoesNotContain((await client.GetFailedRunsAsync()).Runs, f => runs.Any(r => r.RunId == f.Run.RunId));
    }
}
