using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Scheduler.Contracts.Schedules;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.IntegrationTests.Runs;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// The operator pages in a real browser (Debian's chromium driven by Playwright) against the real dashboard, Redis,
/// beat and worker. Skipped only when no chromium is installed.
/// </summary>
public sealed class BrowserTests(ITestOutputHelper output)
{
    private const string TaskId = "nightly-report";

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    [SkippableFact]
    public async Task Operator_pauses_a_schedule_reads_its_detail_and_watches_a_run_arrive_live()
    {
        var chromium = Chromium.Require();
        await using var redis = await RedisTestContext.CreateAsync("ui-browser");
        await using var system = await InProcessSystem.StartAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var created = await dashboard.Http.PostAsync($"/api/tasks/{TaskId}/schedule", Json(new
        {
            task = new { type = "notification", message = "report ready" },
            spec = "every day at 6am",
            options = new { name = "Nightly report", tags = new[] { "reports" }, timeZone = "Europe/Berlin" },
        }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await using var browser = await BrowserSession.LaunchAsync(chromium);
        var page = await browser.NewPageAsync();
        string Url(string path) => new Uri(dashboard.Address, path).ToString();

        // Reached from Hangfire's own navigation bar.
        await page.GotoAsync(Url("/"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Schedules", Exact = true }).ClickAsync();
        var row = page.Locator($"[data-testid=schedule-row][data-task={TaskId}]");
        await Expect(row.GetByTestId("schedule-name")).ToHaveTextAsync("Nightly report");
        await Expect(row.GetByTestId("schedule-description")).ToContainTextAsync("every day at");
        await Expect(row.GetByTestId("schedule-timezone")).ToHaveTextAsync("Europe/Berlin");
        await Expect(row.GetByTestId("schedule-status")).ToHaveTextAsync("scheduled");

        // Pause from the UI (the dialog asks why; no note is needed): the status cell changes in place and the API agrees.
        await row.GetByTestId("action-pause").ClickAsync();
        await page.GetByTestId("pause-confirm").ClickAsync();
        await Expect(row.GetByTestId("schedule-status")).ToHaveTextAsync("paused");
        var stored = await dashboard.Http.GetFromJsonAsync<JsonElement>($"/api/tasks/{TaskId}/schedule");
        Assert.Equal("paused", stored.GetProperty("status").GetString());
        // A paused task offers resume, not pause.
        await Expect(row.GetByTestId("action-pause")).ToBeHiddenAsync();
        await Expect(row.GetByTestId("action-resume")).ToBeVisibleAsync();

        // The status filter is a plain GET form.
        await page.GetByTestId("filter-status").SelectOptionAsync("scheduled");
        await page.GetByTestId("filter-apply").ClickAsync();
        await Expect(page.GetByTestId("no-schedules")).ToBeVisibleAsync();
        await page.GetByTestId("filter-status").SelectOptionAsync("paused");
        await page.GetByTestId("filter-apply").ClickAsync();
        await row.GetByTestId("action-resume").ClickAsync();
        await Expect(row.GetByTestId("schedule-status")).ToHaveTextAsync("scheduled");

        // Detail: definition and the next ten occurrences at 06:00 Berlin time.
        await row.GetByTestId("schedule-name").ClickAsync();
        await Expect(page.GetByTestId("detail-name")).ToHaveTextAsync("Nightly report");
        await Expect(page.GetByTestId("task-definition")).ToContainTextAsync("\"message\": \"report ready\"");
        await Expect(page.GetByTestId("occurrence")).ToHaveCountAsync(10);
        await Expect(page.GetByTestId("occurrence").First).ToContainTextAsync(" 06:00:00 +0");
        await Expect(page.GetByTestId("no-runs")).ToBeVisibleAsync();

        // Live events: a run triggered elsewhere appears without a reload.
        await page.GotoAsync(Url("/scheduler/events"));
        await Expect(page.GetByTestId("events-status")).ToHaveTextAsync("live");
        Assert.Equal(HttpStatusCode.Accepted, (await dashboard.Http.PostAsync($"/api/tasks/{TaskId}/trigger", null)).StatusCode);
        var finished = page.Locator($"[data-testid=event-row][data-event=task_finished][data-task-id={TaskId}]");
        await Expect(finished).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Expect(page.Locator($"[data-testid=event-row][data-event=task_started][data-task-id={TaskId}]")).ToHaveCountAsync(1);
        await SaveScreenshotAsync(page, "operator-ui-events.png");

        // Back on the detail page the run is in the history.
        await finished.First.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByTestId("run-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("run-row").First).ToContainTextAsync("succeeded");
        await SaveScreenshotAsync(page, "operator-ui-detail.png");
    }

    [SkippableFact]
    public async Task Hostile_names_show_as_text_in_the_browser_and_run_no_script()
    {
        var chromium = Chromium.Require();
        const string hostile = "<img src=x onerror=\"window.__xss=1\">";
        await using var redis = await RedisTestContext.CreateAsync("ui-browser-xss");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        await dashboard.Http.PostAsync("/api/tasks/xss/schedule", Json(new
        {
            task = new { type = "notification", message = hostile }, spec = "in 1 hour", options = new { name = hostile },
        }));

        await using var browser = await BrowserSession.LaunchAsync(chromium);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(dashboard.Address, "/scheduler/schedules").ToString());
        await Expect(page.GetByTestId("schedule-name")).ToHaveTextAsync(hostile);
        // A change arriving over the live stream goes through the script's textContent path.
        await page.Locator("[data-testid=schedule-row][data-task=xss]").GetByTestId("action-pause").ClickAsync();
        await page.GetByTestId("pause-note").FillAsync(hostile);
        await page.GetByTestId("pause-confirm").ClickAsync();
        await Expect(page.GetByTestId("schedule-pause")).ToContainTextAsync(hostile);
        await Expect(page.GetByTestId("schedule-status")).ToHaveTextAsync("paused");
        await page.GotoAsync(new Uri(dashboard.Address, "/scheduler/schedules/xss").ToString());
        await Expect(page.GetByTestId("task-definition")).ToContainTextAsync("\"message\": \"<img src=x onerror=");
        Assert.False(await page.EvaluateAsync<bool>("() => window.__xss === 1"));
        Assert.Equal(0, await page.Locator("img[src=x]").CountAsync());
    }

    [SkippableFact]
    public async Task Run_now_a_cancel_of_an_ended_task_and_a_refused_run_say_what_came_of_them_next_to_the_button()
    {
        var chromium = Chromium.Require();
        await using var redis = await RedisTestContext.CreateAsync("ui-action-result");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        foreach (var id in new[] { "report", "ended", "gone" })
        {
            Assert.Equal(HttpStatusCode.Created, (await dashboard.Http.PostAsync($"/api/tasks/{id}/schedule", Json(new
            {
                task = new { type = "notification", message = "hi" }, spec = "every day at 6am",
            }))).StatusCode);
        }

        await using var browser = await BrowserSession.LaunchAsync(chromium);
        var page = await browser.NewPageAsync();
        ConfirmDialogs.Answer(page, accept: true);
        // No live updates: the page stays as rendered while others change the tasks, as one left open for a while does.
        await page.RouteAsync("**/api/events**", route => route.AbortAsync());
        await page.GotoAsync(new Uri(dashboard.Address, "/scheduler/schedules").ToString());
        ILocator Row(string id) => page.Locator($"[data-testid=schedule-row][data-task={id}]");

        var trigger = await page.RunAndWaitForResponseAsync(() => Row("report").GetByTestId("action-trigger").ClickAsync(),
            r => r.Url.EndsWith("/api/tasks/report/trigger", StringComparison.Ordinal));
        var runId = (await trigger.JsonAsync())!.Value.GetProperty("runId").GetString();
        Assert.StartsWith("report:", runId);
        await Expect(Row("report").GetByTestId("action-result")).ToHaveTextAsync($"Run requested (run id {runId})");

        // Cancelled by someone else after the page was rendered: the API's answer (200, nothing cancelled) is said.
        Assert.Equal(HttpStatusCode.OK, (await dashboard.Http.DeleteAsync("/api/tasks/ended/schedule")).StatusCode);
        await Row("ended").GetByTestId("action-cancel").ClickAsync();
        await Expect(Row("ended").GetByTestId("action-result")).ToHaveTextAsync("Not cancelled: the task is cancelled (already ended)");
        await Expect(Row("ended").GetByTestId("action-cancel")).ToBeHiddenAsync();

        // A refusal shows the problem's detail, as text, next to the button (not the JSON it came in).
        Assert.Equal(HttpStatusCode.OK, (await dashboard.Http.DeleteAsync("/api/tasks/gone/schedule")).StatusCode);
        await Row("gone").GetByTestId("action-trigger").ClickAsync();
        await Expect(Row("gone").GetByTestId("action-result"))
            .ToHaveTextAsync("task gone is cancelled and cannot become running; a cancelled task is not run; schedule it anew under its id");
        await Expect(Row("gone").GetByTestId("action-result")).ToHaveAttributeAsync("data-outcome", "refused");
        await Expect(page.GetByTestId("ui-error")).ToBeHiddenAsync();
        // Each line belongs to its row.
        await Expect(Row("report").GetByTestId("action-result")).ToHaveTextAsync($"Run requested (run id {runId})");
    }

    [SkippableFact]
    public async Task Stop_shows_for_the_run_now_run_of_a_paused_task_and_says_what_it_stopped_or_that_nothing_was_in_progress()
    {
        var chromium = Chromium.Require();
        await using var redis = await RedisTestContext.CreateAsync("ui-stop-result");
        await using var system = await InProcessSystem.StartAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        using var dir = TestPaths.CreateTempDirectory("ui-stop-result");
        var client = redis.CreateClient();
        try
        {
            var task = await client.ScheduleAsync(StopRunTests.LongRunTask(dir), "every 1 hour", new ScheduleOptions { Id = "paused-busy" });
            await client.PauseAsync(task.Id);
            var first = await RunNowAsync(client, task.Id);

            await using var browser = await BrowserSession.LaunchAsync(chromium);
            var page = await browser.NewPageAsync();
            ConfirmDialogs.Answer(page, accept: true);
            var detail = new Uri(dashboard.Address, $"/scheduler/schedules/{task.Id}").ToString();
            await page.GotoAsync(detail);
            var stop = page.GetByTestId("action-stop");
            await Expect(page.GetByTestId("detail-status")).ToHaveTextAsync("paused");
            await Expect(stop).ToBeVisibleAsync();

            await stop.ClickAsync();
            await Expect(page.GetByTestId("action-result")).ToHaveTextAsync("Stopped 1 run");
            await Expect(stop).ToBeHiddenAsync();
            var stopped = await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Any(x => x.RunId == first && x.IsFinal), TaskRuns.Patience, "the stopped run");
            Assert.Equal(RunOutcome.Cancelled, stopped.Single(r => r.RunId == first).Outcome);
            Assert.Equal(ScheduleStatus.Paused, (await client.GetAsync(task.Id))!.Status);

            // A page that did not hear the run end (no live updates) still offers Stop; the click says nothing ran.
            var second = await RunNowAsync(client, task.Id);
            await page.RouteAsync("**/api/events**", route => route.AbortAsync());
            await page.ReloadAsync();
            await Expect(stop).ToBeVisibleAsync();
            Assert.Equal([second], (await client.StopRunsAsync(task.Id))!);
            await Eventually.WaitAsync(() => client.GetRunsAsync(task.Id), r => r.Any(x => x.RunId == second && x.IsFinal), TaskRuns.Patience, "the second run stopped elsewhere");
            await stop.ClickAsync();
            await Expect(page.GetByTestId("action-result")).ToHaveTextAsync("Nothing stopped: no run of this task is in progress");
            await Expect(stop).ToBeHiddenAsync();
            await client.CancelAsync(task.Id);
        }
        finally
        {
            await StopRunTests.KillRecordedAsync(dir);
        }
    }

    // Runs the task now and waits until its run is in progress.
    private static async Task<string> RunNowAsync(Contracts.Client.SchedulerClient client, string id)
    {
        var runId = (await client.TriggerNowAsync(id))!;
        await Eventually.WaitAsync(() => client.GetRunsInProgressAsync(id), r => r.Any(x => x.RunId == runId), TaskRuns.Patience, $"run {runId} in progress");
        return runId;
    }

    private async Task SaveScreenshotAsync(IPage page, string name)
    {
        var path = await BrowserSession.SaveScreenshotAsync(page, name);
        output.WriteLine($"screenshot: {path}");
        Console.WriteLine($"screenshot: {path}");
    }
}
