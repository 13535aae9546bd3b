using Microsoft.Playwright;
using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Scheduler.IntegrationTests.Runs;

/// <summary>The failed-runs page and the schedule page's backfill form in a real browser, against a real dashboard, beat and worker.</summary>
public sealed class FailedRunsBrowserTests
{
    [SkippableFact]
    public async Task Operator_retries_a_failed_run_from_the_failed_runs_page_and_previews_a_backfill()
    {
        var chromium = Chromium.Require();
        await using var redis = await RedisTestContext.CreateAsync("ui-failed");
        await using var system = await InProcessSystem.StartAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("ui-failed");
        var marker = dir.File("ready");
        var client = redis.CreateClient();
        var failed = Assert.Single(await TaskRuns.RunAsync(client, new ShellTask($"test -f '{marker}'", UseShell: true) { Execution = TaskRuns.Fast() }));
        var unwanted = Assert.Single(await TaskRuns.RunAsync(client, new ShellTask("false") { Execution = TaskRuns.Fast() }));
        await File.WriteAllTextAsync(marker, "");

        await using var browser = await BrowserSession.LaunchAsync(chromium);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(dashboard.Address, "/").ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = "Failed runs", Exact = true }).ClickAsync();
        var row = page.Locator($"[data-testid=failed-run][data-run-id='{failed.RunId}']");
        await Expect(row.GetByTestId("failed-error")).ToContainTextAsync("exit code 1");

        // One run is dealt with otherwise: dismissed, it leaves the list without running again.
        var other = page.Locator($"[data-testid=failed-run][data-run-id='{unwanted.RunId}']");
        await other.GetByTestId("action-dismiss").ClickAsync();
        await Expect(other.GetByTestId("dismissed")).ToBeVisibleAsync();
        Assert.Single(await client.GetRunsAsync(unwanted.TaskId));

        await row.GetByTestId("action-retry").ClickAsync();
        await Expect(row.GetByTestId("retry-queued")).ToBeVisibleAsync();
        var runs = await Eventually.WaitAsync(() => client.GetRunsAsync(failed.TaskId), r => r.Count == 2 && r[0].IsFinal, TaskRuns.Patience, "the retry's outcome");
        Assert.Equal((2, RunOutcome.Succeeded, RunRequestKind.Retry, "local"), (runs[0].Attempt, runs[0].Outcome, runs[0].Request!.Kind, runs[0].Request!.By));
        await page.ReloadAsync();
        await Expect(page.GetByTestId("no-failed-runs")).ToBeVisibleAsync();

        // The schedule page shows who asked for the retry; a recurring task's backfill form previews before it runs.
        await page.GotoAsync(new Uri(dashboard.Address, $"/scheduler/schedules/{failed.TaskId}").ToString());
        await Expect(page.GetByTestId("run-request").First).ToHaveTextAsync("retry by local");
        var hourly = await client.ScheduleAsync(new NotificationTask("tick"), "cron:0 * * * *");
        await client.PauseAsync(hourly.Id); // so a whole hour passing during the test fires nothing
        await page.GotoAsync(new Uri(dashboard.Address, $"/scheduler/schedules/{hourly.Id}").ToString());
        // Half past the hour five hours ago: the next five whole hours, whatever the minute now.
        await page.GetByTestId("backfill-from").FillAsync($"{DateTimeOffset.UtcNow.AddHours(-5):yyyy-MM-ddTHH}:30");
        await page.GetByTestId("backfill-preview").ClickAsync();
        await Expect(page.GetByTestId("backfill-result")).ToContainTextAsync("5 occurrence(s) in the range, 5 to run, 0 already ran; one at a time.");
        await page.GetByTestId("backfill-to").FillAsync(DateTimeOffset.UtcNow.AddHours(2).ToString("yyyy-MM-ddTHH:mm"));
        await page.GetByTestId("backfill-preview").ClickAsync();
        await Expect(page.GetByTestId("ui-error")).ToContainTextAsync("is in the future");
        Assert.Empty(await client.GetRunsAsync(hourly.Id));
    }
}
