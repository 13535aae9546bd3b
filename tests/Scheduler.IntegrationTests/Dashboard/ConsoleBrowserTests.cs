using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// The operator console's create and edit form, search box and run strips in a real browser (Debian's chromium driven
/// by Playwright) against the real dashboard and Redis. Skipped only when no chromium is installed.
/// </summary>
public sealed class ConsoleBrowserTests
{
    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    [SkippableFact]
    public async Task Operator_creates_a_schedule_in_the_form_with_a_live_preview_and_sees_a_bad_spec_at_the_spec_field()
    {
        var chromium = Chromium.Require();
        await using var redis = await RedisTestContext.CreateAsync("ui-form-create");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        await using var browser = await BrowserSession.LaunchAsync(chromium);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(dashboard.Address, "/scheduler/schedules").ToString());
        await page.GetByTestId("new-schedule").ClickAsync();
        await page.GetByTestId("form-id").FillAsync("morning-digest");
        await page.GetByTestId("form-name").FillAsync("Morning digest");
        await page.GetByTestId("form-task.message").FillAsync("digest ready");

        // A spec the parser refuses: its message appears at the spec field as it is typed, and saving is refused there too.
        await page.GetByTestId("form-spec").FillAsync("every blue moon");
        await Expect(page.GetByTestId("error-spec")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("spec-preview")).ToBeHiddenAsync();
        await page.GetByTestId("form-save").ClickAsync();
        await Expect(page.GetByTestId("error-spec")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Http.GetAsync("/api/tasks/morning-digest")).StatusCode);

        // A good one: the description and the next five occurrences, in the chosen zone, before anything is saved.
        await page.GetByTestId("form-timeZone").FillAsync("Europe/Berlin");
        await page.GetByTestId("form-spec").FillAsync("every weekday at 9am");
        await Expect(page.GetByTestId("error-spec")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("spec-occurrence")).ToHaveCountAsync(5);
        await Expect(page.GetByTestId("spec-occurrence").First).ToHaveTextAsync(new Regex(@"T09:00:00\+0[12]:00$"));
        await Expect(page.GetByTestId("spec-description")).ToContainTextAsync("Europe/Berlin");
        await page.GetByTestId("form-tags").FillAsync("digest, mornings");
        await page.GetByTestId("form-maxRuns").FillAsync("0");
        await page.GetByTestId("form-save").ClickAsync();
        await Expect(page.GetByTestId("error-maxRuns")).ToContainTextAsync("maxRuns is 0");

        await page.GetByTestId("form-maxRuns").FillAsync("3");
        await page.GetByTestId("form-concurrency.key").FillAsync("digests");
        await page.GetByTestId("form-concurrency.limit").FillAsync("2");
        await page.GetByTestId("form-priority").SelectOptionAsync("high");
        await page.GetByTestId("form-save").ClickAsync();
        await Expect(page.GetByTestId("detail-name")).ToHaveTextAsync("Morning digest");
        await Expect(page.GetByTestId("detail-concurrency")).ToContainTextAsync("at most 2 at once");
        var stored = await dashboard.Http.GetFromJsonAsync<JsonElement>("/api/tasks/morning-digest");
        Assert.Equal("digest ready", stored.GetProperty("task").GetProperty("message").GetString());
        Assert.Equal("Europe/Berlin", stored.GetProperty("schedule").GetProperty("timeZone").GetString());
        Assert.Equal(3, stored.GetProperty("options").GetProperty("maxRuns").GetInt32());
        Assert.Equal(["digest", "mornings"], stored.GetProperty("options").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("high", stored.GetProperty("options").GetProperty("priority").GetString(), ignoreCase: true);
    }

    [SkippableFact]
    public async Task Operator_creates_a_schedule_paused_with_a_note_and_end_in_the_form_and_a_note_without_the_box_is_refused_at_its_field()
    {
        var chromium = Chromium.Require();
        await using var redis = await RedisTestContext.CreateAsync("ui-form-paused");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        await using var browser = await BrowserSession.LaunchAsync(chromium);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(dashboard.Address, "/scheduler/schedule-form").ToString());
        await page.GetByTestId("form-id").FillAsync("held-digest");
        await page.GetByTestId("form-task.message").FillAsync("digest ready");
        await page.GetByTestId("form-spec").FillAsync("every 1 hour");
        await page.GetByTestId("form-pauseNote").FillAsync("until sign-off");
        await page.GetByTestId("form-save").ClickAsync();
        await Expect(page.GetByTestId("error-pauseNote")).ToContainTextAsync("is given without \"paused\": true");
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Http.GetAsync("/api/tasks/held-digest")).StatusCode);

        var until = DateTimeOffset.UtcNow.AddDays(1);
        await page.GetByTestId("form-paused").CheckAsync();
        await page.GetByTestId("form-pauseUntil").FillAsync(until.ToString("yyyy-MM-ddTHH:mm:ssZ"));
        await page.GetByTestId("form-save").ClickAsync();
        await Expect(page.GetByTestId("detail-name")).ToBeVisibleAsync();
        var stored = await dashboard.Http.GetFromJsonAsync<JsonElement>("/api/tasks/held-digest");
        Assert.Equal("paused", stored.GetProperty("status").GetString());
        Assert.Equal("until sign-off", stored.GetProperty("pause").GetProperty("note").GetString());
        Assert.Equal(until.ToUnixTimeSeconds(), stored.GetProperty("pause").GetProperty("until").GetDateTimeOffset().ToUnixTimeSeconds());
    }

    [SkippableFact]
    public async Task Operator_finds_a_failing_schedule_by_search_sees_its_failed_run_and_edits_it_keeping_its_history()
    {
        var chromium = Chromium.Require();
        await using var redis = await RedisTestContext.CreateAsync("ui-form-edit");
        await using var system = await InProcessSystem.StartAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var http = dashboard.Http;
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/tasks/flaky-export/schedule", Json(new
        {
            task = new { type = "shell", command = "false", execution = new { maxRetries = 0 } },
            spec = "every day at 6am",
            options = new { name = "Flaky export", tags = new[] { "etl" } },
        }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/tasks/other/schedule", Json(new
        {
            task = new { type = "notification", message = "hi" }, spec = "every day at 7am", options = new { name = "Other" },
        }))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("/api/tasks/flaky-export/trigger", null)).StatusCode);
        await Eventually.WaitAsync(() => http.GetFromJsonAsync<JsonElement>("/api/tasks/flaky-export/runs"),
            runs => runs.GetArrayLength() == 1, TimeSpan.FromSeconds(30), "the failed run of flaky-export");

        await using var browser = await BrowserSession.LaunchAsync(chromium);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(dashboard.Address, "/scheduler/schedules").ToString());
        await Expect(page.GetByTestId("schedule-row")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("glance-failing")).ToHaveTextAsync("1 failing now");

        // The search box narrows the list (on the server) to the one schedule, found by its tag.
        await page.GetByTestId("schedule-search").FillAsync("ETL");
        await page.GetByTestId("schedule-search").PressAsync("Enter");
        var row = page.GetByTestId("schedule-row");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByTestId("schedule-name")).ToHaveTextAsync("Flaky export");
        await Expect(row.Locator("[data-testid=run-tick][data-outcome=failed]")).ToHaveCountAsync(1);

        // Edit: the form is filled from the stored task; saving keeps the id and the run history.
        await row.GetByTestId("schedule-name").ClickAsync();
        await page.GetByTestId("action-edit").ClickAsync();
        await Expect(page.GetByTestId("form-name")).ToHaveValueAsync("Flaky export");
        await Expect(page.GetByTestId("form-type")).ToHaveValueAsync("shell");
        await Expect(page.GetByTestId("form-task.command")).ToHaveValueAsync("false");
        await Expect(page.GetByTestId("spec-occurrence")).ToHaveCountAsync(5);
        await page.GetByTestId("form-name").FillAsync("Fixed export");
        await page.GetByTestId("form-task.command").FillAsync("true");
        await page.GetByTestId("form-save").ClickAsync();
        await Expect(page.GetByTestId("detail-name")).ToHaveTextAsync("Fixed export");
        await Expect(page.GetByTestId("run-row")).ToHaveCountAsync(1);
        var stored = await http.GetFromJsonAsync<JsonElement>("/api/tasks/flaky-export");
        Assert.Equal("true", stored.GetProperty("task").GetProperty("command").GetString());
        Assert.Equal(0, stored.GetProperty("task").GetProperty("execution").GetProperty("maxRetries").GetInt32());
        Assert.Equal("every day at 6am", stored.GetProperty("spec").GetString());
    }

    [SkippableFact]
    public async Task Editing_a_schedule_with_a_start_bound_sends_the_bound_only_when_it_changed()
    {
        var chromium = Chromium.Require();
        await using var redis = await RedisTestContext.CreateAsync("ui-form-start");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var http = dashboard.Http;
        var startAfter = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-ddTHH:mm:ssZ");
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/tasks/bounded/schedule", Json(new
        {
            task = new { type = "notification", message = "hi" }, spec = "every day at 6am", options = new { name = "Bounded", startAfter },
        }))).StatusCode);

        await using var browser = await BrowserSession.LaunchAsync(chromium);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(dashboard.Address, "/scheduler/schedule-form?id=bounded").ToString());
        await Expect(page.GetByTestId("form-name")).ToHaveValueAsync("Bounded");

        // A rename leaves the start bound out of the request: sent, it would re-plan the schedule (and refuse a one-shot
        // whose time has passed).
        await page.GetByTestId("form-name").FillAsync("Renamed");
        var rename = await page.RunAndWaitForRequestAsync(() => page.GetByTestId("form-save").ClickAsync(), r => r.Method == "PATCH");
        Assert.DoesNotContain("startAfter", rename.PostData);
        await Expect(page.GetByTestId("detail-name")).ToHaveTextAsync("Renamed");

        // A new bound is sent.
        await page.GotoAsync(new Uri(dashboard.Address, "/scheduler/schedule-form?id=bounded").ToString());
        await Expect(page.GetByTestId("form-name")).ToHaveValueAsync("Renamed");
        var later = DateTimeOffset.UtcNow.AddDays(2).ToString("yyyy-MM-ddTHH:mm:ssZ");
        await page.GetByTestId("form-startAfter").FillAsync(later);
        var moved = await page.RunAndWaitForRequestAsync(() => page.GetByTestId("form-save").ClickAsync(), r => r.Method == "PATCH");
        Assert.Contains($"\"startAfter\":\"{later}\"", moved.PostData);
        await Expect(page.GetByTestId("detail-name")).ToHaveTextAsync("Renamed");
    }

    [SkippableFact]
    public async Task Dismissing_failed_runs_counts_the_total_again_without_a_reload()
    {
        var chromium = Chromium.Require();
        await using var redis = await RedisTestContext.CreateAsync("ui-dismiss-total");
        await using var system = await InProcessSystem.StartAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var client = redis.CreateClient();
        var runs = new[]
        {
            Assert.Single(await TaskRuns.RunAsync(client, new ShellTask("false") { Execution = TaskRuns.Fast() })),
            Assert.Single(await TaskRuns.RunAsync(client, new ShellTask("false") { Execution = TaskRuns.Fast() })),
        };

        await using var browser = await BrowserSession.LaunchAsync(chromium);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(dashboard.Address, "/scheduler/failed").ToString());
        var total = page.GetByTestId("failed-total");
        await Expect(total).ToHaveTextAsync("2 failed run(s); page 1 of 1");

        await page.Locator($"[data-testid=failed-run][data-run-id='{runs[0].RunId}']").GetByTestId("action-dismiss").ClickAsync();
        await Expect(total).ToHaveTextAsync("1 failed run(s); page 1 of 1");
        await page.Locator($"[data-testid=failed-run][data-run-id='{runs[1].RunId}']").GetByTestId("action-dismiss").ClickAsync();
        await Expect(total).ToHaveTextAsync("No failed runs match.");
        await Expect(page.GetByTestId("ui-error")).ToBeHiddenAsync();
    }
}
