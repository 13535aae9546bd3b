using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Scheduler.IntegrationTests.Runs;

/// <summary>
/// The dashboard's "Stop run" in a real browser: offered only while the task runs, it asks first, then stops the run and
/// keeps the task; the run's own page then follows the run to its end.
/// </summary>
public sealed class StopRunBrowserTests
{
    [SkippableFact]
    public async Task Stop_run_is_offered_while_the_task_runs_asks_first_and_stops_the_run_keeping_the_task_scheduled()
    {
        var chromium = Chromium.Require();
        await using var redis = await RedisTestContext.CreateAsync("ui-stop-run");
        await using var system = await InProcessSystem.StartAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("ui-stop-run");
        var client = redis.CreateClient();
        try
        {
            var task = await client.ScheduleAsync(StopRunTests.LongRunTask(dir), "every 1 hour", new ScheduleOptions { StartAt = DateTimeOffset.UtcNow.AddSeconds(1) });
            await TaskRuns.WaitRunningAsync(client, task.Id);

            await using var browser = await BrowserSession.LaunchAsync(chromium);
            var page = await browser.NewPageAsync();
            var dialogs = ConfirmDialogs.Answer(page);
            await page.GotoAsync(new Uri(dashboard.Address, $"/scheduler/schedules/{task.Id}").ToString());
            var stop = page.GetByTestId("action-stop");

            await stop.ClickAsync();
            Assert.Contains($"Stop the running run of task \"{task.Id}\"?", Assert.Single(dialogs.Asked));
            Assert.Empty(await client.GetRunsAsync(task.Id));

            dialogs.Accept = true;
            await stop.ClickAsync();
            var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, task.Id));
            Assert.Equal(RunOutcome.Cancelled, run.Outcome);
            Assert.StartsWith("stopped by local, the task going on", run.Error);
            Assert.Equal(ScheduleStatus.Scheduled, (await client.GetAsync(task.Id))!.Status);
            // The page follows the task back to scheduled: nothing left to stop. Its refresh rides the event stream, which
            // a loaded CI machine may deliver seconds late (5 s was exceeded once, the record itself already checked above).
            await Expect(stop).ToBeHiddenAsync(new() { Timeout = 20_000 });
        }
        finally
        {
            await StopRunTests.KillRecordedAsync(dir);
        }
    }

    [SkippableFact]
    public async Task The_run_page_offers_stop_for_a_run_in_flight_asks_first_and_stops_that_run()
    {
        var chromium = Chromium.Require();
        await using var redis = await RedisTestContext.CreateAsync("ui-stop-run-page");
        await using var system = await InProcessSystem.StartAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("ui-stop-run-page");
        var client = redis.CreateClient();
        try
        {
            var task = await client.ScheduleAsync(StopRunTests.LongRunTask(dir), "every 1 hour", new ScheduleOptions { StartAt = DateTimeOffset.UtcNow.AddSeconds(1) });
            await TaskRuns.WaitRunningAsync(client, task.Id);
            var runId = Assert.Single(await client.GetRunsInProgressAsync(task.Id)).RunId;
            await Eventually.WaitAsync(() => client.GetRunAsync(runId), r => r?.State == RunState.Running, TaskRuns.Patience, "the run to start");

            await using var browser = await BrowserSession.LaunchAsync(chromium);
            var page = await browser.NewPageAsync();
            var dialogs = ConfirmDialogs.Answer(page);
            await page.GotoAsync(new Uri(dashboard.Address, $"/scheduler/runs/{Uri.EscapeDataString(runId)}").ToString());
            var stop = page.GetByTestId("action-stop-run");

            await stop.ClickAsync();
            Assert.Contains($"Stop run {runId} of task \"{task.Id}\"?", Assert.Single(dialogs.Asked));
            Assert.Empty(await client.GetRunsAsync(task.Id));

            dialogs.Accept = true;
            await stop.ClickAsync();
            await Expect(page.GetByTestId("stop-asked")).ToBeVisibleAsync();
            var run = Assert.Single(await TaskRuns.UntilFinalAsync(client, task.Id));
            Assert.Equal((runId, RunOutcome.Cancelled), (run.RunId, run.Outcome));
            Assert.StartsWith("stopped by local, the task going on", run.Error);
            // The page follows the run to its end without a reload, in the words a reload shows.
            await Expect(page.GetByTestId("run-state")).ToHaveTextAsync("ended cancelled");
            await Expect(page.GetByTestId("run-stopped")).ToHaveTextAsync("local");
            await page.ReloadAsync();
            await Expect(page.GetByTestId("run-state")).ToHaveTextAsync("ended cancelled");
            await Expect(page.GetByTestId("run-stopped")).ToHaveTextAsync("local");
            await Expect(stop).ToBeHiddenAsync();
        }
        finally
        {
            await StopRunTests.KillRecordedAsync(dir);
        }
    }
}
