using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.IntegrationTests.Runs;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// A Flower user goes from a failed run to its attempts: the failed runs page links each run id to the run's own page,
/// and the task's execution history names every attempt's run (linked alike); the run's newest attempt is the anchor.
/// </summary>
public sealed class RunHistoryLinkTests
{
    [Fact]
    public async Task The_failed_runs_page_links_a_run_to_its_attempts_named_by_run_id_in_the_history()
    {
        await using var redis = await RedisTestContext.CreateAsync("ui-run-link");
        var client = redis.CreateClient(verifyWorkers: false);
        await using var system = await InProcessSystem.StartAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var task = await client.ScheduleAsync(new ShellTask("false") { Execution = new ExecutionPolicy(MaxRetries: 1, BackoffBase: TimeSpan.Zero) },
            "every 1 hour", new ScheduleOptions { Id = "fails" });
        var runId = await client.TriggerNowAsync(task.Id);
        Assert.NotNull(runId);
        var run = await client.WaitForResultAsync(task.Id, TaskRuns.Patience, runId);
        Assert.Equal(RunOutcome.Failed, run?.Outcome);

        var failed = await dashboard.Http.GetStringAsync("/scheduler/failed");
        Assert.Contains($"data-testid=\"failed-run-link\" href=\"/scheduler/runs/{Uri.EscapeDataString(runId)}\">{runId}</a>", failed);

        var detail = await dashboard.Http.GetStringAsync("/scheduler/schedules/fails");
        Assert.Contains("<th>Run</th>", detail);
        // Both attempts name the run; only the newest carries the anchor, so the page's ids stay unique.
        Assert.Equal(2, detail.Split($"<td data-testid=\"run-id\"><small>{RunLink(runId)}</small></td>").Length - 1);
        Assert.Equal(1, detail.Split($"id=\"run-{runId}\"").Length - 1);
        Assert.Contains($"data-run-id=\"{runId}\" id=\"run-{runId}\"><td data-testid=\"run-id\"><small>{RunLink(runId)}</small></td><td>2</td>", detail);
    }

    // A run id in the history links to the run's own page.
    private static string RunLink(string runId) => $"<a data-testid=\"run-link\" href=\"/scheduler/runs/{Uri.EscapeDataString(runId)}\">{runId}</a>";
}
