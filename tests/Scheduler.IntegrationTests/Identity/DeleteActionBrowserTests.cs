using System.Net;
using System.Text;
using Scheduler.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Scheduler.IntegrationTests.Identity;

/// <summary>The dashboard's Delete action in a real browser: it asks first, and a refusal deletes nothing.</summary>
public sealed class DeleteActionBrowserTests
{
    [SkippableFact]
    public async Task Delete_asks_for_confirmation_and_then_removes_the_task_from_the_list_and_redis()
    {
        var chromium = Chromium.Require();
        await using var redis = await RedisTestContext.CreateAsync("ui-delete");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        foreach (var id in new[] { "doomed", "keeper" })
        {
            var body = new StringContent("""{"task": {"type": "notification", "message": "hi"}, "spec": "every 1 hour"}""", Encoding.UTF8, "application/json");
            Assert.Equal(HttpStatusCode.Created, (await dashboard.Http.PostAsync($"/api/tasks/{id}/schedule", body)).StatusCode);
        }

        await using var browser = await BrowserSession.LaunchAsync(chromium);
        var page = await browser.NewPageAsync();
        var dialogs = ConfirmDialogs.Answer(page);
        await page.GotoAsync(new Uri(dashboard.Address, "/scheduler/schedules").ToString());
        var row = page.Locator("[data-testid=schedule-row][data-task=doomed]");

        await row.GetByTestId("action-delete").ClickAsync();
        await Expect(row).ToBeVisibleAsync();
        Assert.Contains("Delete task \"doomed\" for good?", Assert.Single(dialogs.Asked));
        Assert.Equal(HttpStatusCode.OK, (await dashboard.Http.GetAsync("/api/tasks/doomed")).StatusCode);

        dialogs.Accept = true;
        await row.GetByTestId("action-delete").ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=schedule-row][data-task=keeper]")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Http.GetAsync("/api/tasks/doomed")).StatusCode);

        // On the detail page the panel says the task is gone.
        await page.GotoAsync(new Uri(dashboard.Address, "/scheduler/schedules/keeper").ToString());
        await page.GetByTestId("action-delete").ClickAsync();
        await Expect(page.GetByTestId("schedule-deleted")).ToContainTextAsync("was deleted");
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Http.GetAsync("/api/tasks/keeper")).StatusCode);
    }
}
