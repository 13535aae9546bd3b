using Microsoft.Playwright;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Scheduler.IntegrationTests.Audit;

/// <summary>
/// Issue 17 §1, §3, §4 in a real browser: buttons follow the state, destructive actions ask first, a pause carries its
/// note to the list, the detail page and the audit log, and bulk actions work on checked rows and on the whole filter.
/// </summary>
public sealed class ConsoleBrowserTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Buttons_follow_the_state_cancel_asks_first_pause_notes_show_and_bulk_actions_change_the_selection()
    {
        var chromium = Chromium.Require();
        await using var redis = await RedisTestContext.CreateAsync("ui-console");
        var client = redis.CreateClient();
        var hi = new NotificationTask("hi");
        await client.ScheduleAsync(hi, "in 1 second", new ScheduleOptions { Id = "done" });
        await using (await InProcessSystem.StartAsync(redis))
            await Eventually.WaitAsync(() => client.GetAsync("done"), t => t!.Status == ScheduleStatus.Completed, TimeSpan.FromSeconds(20), "the one-shot to complete");
        await client.ScheduleAsync(hi, "every 1 hour", new ScheduleOptions { Id = "gone" });
        await client.CancelAsync("gone");
        await client.ScheduleAsync(hi, "every 1 hour", new ScheduleOptions { Id = "live" });
        foreach (var id in new[] { "b1", "b2", "b3" }) await client.ScheduleAsync(hi, "every 1 hour", new ScheduleOptions { Id = id, Tags = ["batch"] });
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        await using var browser = await BrowserSession.LaunchAsync(chromium);
        var page = await browser.NewPageAsync();
        string Url(string path) => new Uri(dashboard.Address, path).ToString();
        ILocator Row(string id) => page.Locator($"[data-testid=schedule-row][data-task={id}]");
        await page.GotoAsync(Url("/scheduler/schedules"));

        // An ended schedule offers no pause, resume or cancel; delete stays.
        foreach (var id in new[] { "done", "gone" })
        {
            foreach (var action in new[] { "pause", "resume", "cancel" }) await Expect(Row(id).GetByTestId($"action-{action}")).ToBeHiddenAsync();
            await Expect(Row(id).GetByTestId("action-delete")).ToBeVisibleAsync();
        }
        await Expect(Row("live").GetByTestId("action-resume")).ToBeHiddenAsync();

        // Cancel asks first: dismissed, nothing happens; accepted, the task is cancelled and its buttons go.
        var dialogs = ConfirmDialogs.Answer(page);
        await Row("b3").GetByTestId("action-cancel").ClickAsync();
        await Expect(Row("b3").GetByTestId("schedule-status")).ToHaveTextAsync("scheduled");
        dialogs.Accept = true;
        await Row("b3").GetByTestId("action-cancel").ClickAsync();
        await Expect(Row("b3").GetByTestId("schedule-status")).ToHaveTextAsync("cancelled");
        await Expect(Row("b3").GetByTestId("action-pause")).ToBeHiddenAsync();
        Assert.Equal(2, dialogs.Asked.Count);
        Assert.Contains("Cancel task \"b3\"", dialogs.Asked[0]);

        // Pause with a note: shown on the row, which now offers resume instead of pause.
        await Row("live").GetByTestId("action-pause").ClickAsync();
        await page.GetByTestId("pause-note").FillAsync("vendor outage");
        await page.GetByTestId("pause-until").FillAsync("2099-12-01T09:00");
        await page.GetByTestId("pause-confirm").ClickAsync();
        await Expect(Row("live").GetByTestId("schedule-pause")).ToContainTextAsync("paused by local: vendor outage (until 2099-12-0");
        await Expect(Row("live").GetByTestId("action-pause")).ToBeHiddenAsync();
        await Expect(Row("live").GetByTestId("action-resume")).ToBeVisibleAsync();
        Assert.Equal(2099, (await client.GetAsync("live"))!.Pause!.Until!.Value.Year);

        // Bulk on the whole filter: every schedule tagged "batch" that can be paused is.
        await page.GotoAsync(Url("/scheduler/schedules?tag=batch"));
        await page.GetByTestId("select-matching").ClickAsync();
        await Expect(page.GetByTestId("bulk-count")).ToContainTextAsync("matching the filter");
        await page.GetByTestId("bulk-pause").ClickAsync();
        await page.GetByTestId("pause-note").FillAsync("freeze");
        await page.GetByTestId("pause-confirm").ClickAsync();
        await Expect(page.GetByTestId("bulk-result")).ToHaveTextAsync("paused 2 task(s)");
        await Expect(Row("b1").GetByTestId("schedule-status")).ToHaveTextAsync("paused", new() { Timeout = 10_000 });
        await Expect(Row("b2").GetByTestId("schedule-pause")).ToContainTextAsync("freeze");
        await ScreenshotAsync(page, "operator-console-bulk.png");

        // Bulk on checked rows: only those change.
        await Row("b1").GetByTestId("select-row").CheckAsync();
        await Expect(page.GetByTestId("bulk-count")).ToHaveTextAsync("1 selected");
        await page.GetByTestId("bulk-resume").ClickAsync();
        await Expect(page.GetByTestId("bulk-result")).ToHaveTextAsync("resumed 1 of 1");
        await Expect(Row("b1").GetByTestId("schedule-status")).ToHaveTextAsync("scheduled");
        await Expect(Row("b2").GetByTestId("schedule-status")).ToHaveTextAsync("paused");
        Assert.Equal(ScheduleStatus.Paused, (await client.GetAsync("b2"))!.Status);

        // The detail page shows the pause and the task's change history; the audit page filters by actor and action.
        await page.GotoAsync(Url("/scheduler/schedules/live"));
        await Expect(page.GetByTestId("detail-pause")).ToContainTextAsync("vendor outage");
        await Expect(page.GetByTestId("audit-row")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("audit-row").First.GetByTestId("audit-action")).ToHaveTextAsync("pause");
        await page.GetByTestId("task-audit-link").ClickAsync();
        await Expect(page.GetByTestId("audit-task").First).ToHaveTextAsync("live");
        await page.GotoAsync(Url("/scheduler/audit"));
        await page.GetByTestId("audit-filter-action").SelectOptionAsync("pause");
        await page.GetByTestId("audit-filter-actor").FillAsync("local");
        await page.GetByTestId("audit-filter-apply").ClickAsync();
        await Expect(page.GetByTestId("audit-row")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("audit-note")).ToContainTextAsync(["freeze", "freeze", "vendor outage"]);
        await ScreenshotAsync(page, "operator-console-audit.png");
        await page.GetByTestId("audit-filter-from").FillAsync("not a time");
        await page.GetByTestId("audit-filter-apply").ClickAsync();
        await Expect(page.GetByTestId("audit-problem")).ToContainTextAsync("\"not a time\" is not a date and time");
    }

    private async Task ScreenshotAsync(IPage page, string name) =>
        output.WriteLine($"screenshot: {await BrowserSession.SaveScreenshotAsync(page, name)}");
}
