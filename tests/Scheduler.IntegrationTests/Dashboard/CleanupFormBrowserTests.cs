using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Housekeeping;
using Scheduler.IntegrationTests.Housekeeping;
using Scheduler.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// The cleanup registration form (new and edit) in a real browser (Debian's chromium driven by Playwright) against the
/// real dashboard and Redis: what it stores goes through the REST API, refusals show at their fields. Skipped only when
/// no chromium is installed.
/// </summary>
public sealed class CleanupFormBrowserTests
{
    [SkippableFact]
    public async Task Operator_registers_a_cleanup_in_the_form_and_its_refusals_show_at_their_fields_until_it_is_valid()
    {
        var chromium = Chromium.Require();
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("ui-cleanup-form-new");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, sandbox.Settings());
        await using var browser = await BrowserSession.LaunchAsync(chromium);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(dashboard.Address, "/scheduler/cleanup").ToString());
        await page.GetByTestId("cleanup-new").ClickAsync();
        await page.GetByTestId("form-directory").FillAsync(sandbox.Outside);
        await page.GetByTestId("form-pattern").FillAsync("logs/*.log");
        await page.GetByTestId("form-interval").FillAsync("6h");
        await page.GetByTestId("form-save").ClickAsync();
        await Expect(page.GetByTestId("error-pattern")).ToContainTextAsync("contains a path separator");
        await Expect(page.GetByTestId("ui-error")).ToContainTextAsync("no policy");

        await page.GetByTestId("form-pattern").FillAsync("*.log");
        // Not a number: what was typed reaches the API, which names the field.
        await page.GetByTestId("form-retentionDays").FillAsync("seven");
        await page.GetByTestId("form-save").ClickAsync();
        await Expect(page.GetByTestId("error-retentionDays")).ToContainTextAsync("seven");

        // Nor one JavaScript alone would read as a number: the API refuses hexadecimal as the CLI does.
        await page.GetByTestId("form-retentionDays").FillAsync("0x1E");
        await page.GetByTestId("form-save").ClickAsync();
        await Expect(page.GetByTestId("error-retentionDays")).ToContainTextAsync("0x1E");

        await page.GetByTestId("form-retentionDays").FillAsync("7");
        await page.GetByTestId("form-maxSizeMb").FillAsync("0.5");
        await page.GetByTestId("form-save").ClickAsync();
        await Expect(page.GetByTestId("error-directory")).ToContainTextAsync("outside the allowed roots");
        await Expect(page.GetByTestId("error-retentionDays")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("error-pattern")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("ui-error")).ToBeHiddenAsync();

        await page.GetByTestId("form-directory").FillAsync(sandbox.Logs);
        await page.GetByTestId("form-priority").FillAsync("5000");
        await page.GetByTestId("form-save").ClickAsync();
        await Expect(page.GetByTestId("error-priority")).ToContainTextAsync("-1000 to 1000");
        await Expect(page.GetByTestId("error-directory")).ToBeHiddenAsync();
        Assert.Empty(await redis.CreateClient().ListCleanupsAsync());

        await page.GetByTestId("form-priority").FillAsync("5");
        // Stored as typed, spaces and all: a description is not the form's to tidy.
        await page.GetByTestId("form-description").FillAsync(" app logs ");
        await page.GetByTestId("form-moduleId").FillAsync("billing");
        await page.GetByTestId("form-save").ClickAsync();
        await Expect(page.GetByTestId("cleanup-policies")).ToHaveTextAsync("older than 7 days; over 0.5 MB in all, oldest first");
        await Expect(page.GetByTestId("cleanup-schedule")).ToContainTextAsync("every 6h");

        var registration = Assert.Single(await redis.CreateClient().ListCleanupsAsync());
        Assert.EndsWith("/scheduler/cleanup/" + registration.Id, page.Url);
        Assert.Equal(new CleanupRequest(sandbox.Logs, "*.log", RetentionDays: 7, MaxSizeMb: 0.5, Description: " app logs ", ModuleId: "billing",
            Interval: TimeSpan.FromHours(6), Priority: 5), registration.ToRequest());
    }

    [SkippableFact]
    public async Task Operator_edits_a_cleanup_from_its_page_the_form_shows_what_is_stored_and_an_emptied_policy_is_removed()
    {
        var chromium = Chromium.Require();
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("ui-cleanup-form-edit");
        var client = redis.CreateClient();
        var id = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", RetentionDays: 7, MaxFiles: 10, Description: "app logs",
            ModuleId: "billing", Interval: TimeSpan.FromMinutes(30), Priority: -3), sandbox.Roots);
        await using var dashboard = await InProcessDashboard.StartAsync(redis, sandbox.Settings());
        await using var browser = await BrowserSession.LaunchAsync(chromium);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(dashboard.Address, "/scheduler/cleanup/" + id).ToString());
        await page.GetByTestId("cleanup-edit").ClickAsync();
        await Expect(page.GetByTestId("form-heading")).ToHaveTextAsync("Edit " + id);
        await Expect(page.GetByTestId("form-directory")).ToHaveValueAsync(sandbox.Logs);
        await Expect(page.GetByTestId("form-pattern")).ToHaveValueAsync("*.log");
        await Expect(page.GetByTestId("form-retentionDays")).ToHaveValueAsync("7");
        await Expect(page.GetByTestId("form-maxFiles")).ToHaveValueAsync("10");
        await Expect(page.GetByTestId("form-maxSizeMb")).ToHaveValueAsync("");
        await Expect(page.GetByTestId("form-priority")).ToHaveValueAsync("-3");
        await Expect(page.GetByTestId("form-description")).ToHaveValueAsync("app logs");
        await Expect(page.GetByTestId("form-moduleId")).ToHaveValueAsync("billing");
        await Expect(page.GetByTestId("form-interval")).ToHaveValueAsync(new Regex("^(30m|00:30:00)$"));
        await Expect(page.GetByTestId("form-save")).ToBeEnabledAsync();

        await page.GetByTestId("form-maxFiles").FillAsync("");
        await page.GetByTestId("form-pattern").FillAsync("*.txt");
        await page.GetByTestId("form-interval").FillAsync("2h");
        await page.GetByTestId("form-save").ClickAsync();
        await Expect(page.GetByTestId("cleanup-pattern")).ToHaveTextAsync("*.txt");
        await Expect(page.GetByTestId("cleanup-policies")).ToHaveTextAsync("older than 7 days");

        var stored = await client.GetCleanupAsync(id);
        Assert.NotNull(stored);
        Assert.Equal(new CleanupRequest(sandbox.Logs, "*.txt", RetentionDays: 7, Description: "app logs", ModuleId: "billing",
            Interval: TimeSpan.FromHours(2), Priority: -3), stored.ToRequest());
        var audit = await dashboard.Http.GetFromJsonAsync<JsonElement>($"/api/audit?taskId={id}");
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == AuditActions.CleanupUpdate);
    }

    [SkippableFact]
    public async Task The_form_for_a_registration_that_is_gone_says_so_and_offers_no_save_and_one_without_allowed_roots_says_saving_is_refused()
    {
        var chromium = Chromium.Require();
        await using var redis = await RedisTestContext.CreateAsync("ui-cleanup-form-gone");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        await using var browser = await BrowserSession.LaunchAsync(chromium);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(dashboard.Address, "/scheduler/cleanup-form?id=nothing-here").ToString());
        await Expect(page.GetByTestId("ui-error")).ToContainTextAsync("no cleanup registration with id \"nothing-here\"");
        await Expect(page.GetByTestId("form-save")).ToBeDisabledAsync();
        // This dashboard has no allowed roots: the form says so before anyone fills it in.
        await Expect(page.GetByTestId("cleanup-no-roots")).ToContainTextAsync("Saving is refused here");
    }
}
