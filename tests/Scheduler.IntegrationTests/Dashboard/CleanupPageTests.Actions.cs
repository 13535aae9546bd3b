using System.Net;
using System.Text.RegularExpressions;
using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Housekeeping;
using Scheduler.IntegrationTests.Housekeeping;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>Run now, Dry run and Delete from the cleanup pages: form posts with the antiforgery token, as the operator, audited as REST's are.</summary>
public sealed partial class CleanupPageTests
{
    private const string Operator = "ops:s3cret!";
    private const string Viewer = "watcher:look-only";

    [Fact]
    public async Task Run_now_from_the_page_runs_the_registration_as_the_operator_and_its_run_heads_the_history()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("cleanup-page-run");
        var client = redis.CreateClient();
        var id = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", MaxFiles: 1), sandbox.Roots);
        sandbox.Write("old.log", 2);
        sandbox.Write("new.log", 1);
        await using var dashboard = await InProcessDashboard.StartAsync(redis, WithCredentials(sandbox.Settings()));
        using var http = Browser(dashboard);
        var token = Token((await GetAsync(http, "/scheduler/cleanup", Operator)).Html, id, "run");

        using var response = await PostAsync(http, $"/scheduler/cleanup/{id}/run", token, Operator);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"/scheduler/cleanup/{id}?done=run", response.Headers.Location?.OriginalString);
        Assert.Equal(["new.log"], sandbox.Remaining());
        var run = Assert.Single((await client.GetCleanupRunsAsync(id))!);
        Assert.Equal(("ops", 1), (run.RanBy, run.FilesDeleted));
        var (_, detail) = await GetAsync(http, response.Headers.Location!.OriginalString, Operator);
        Assert.Contains("data-testid=\"cleanup-ran-message\"", detail);
        Assert.Equal("ops", Cell(Regex.Match(detail, "<tr data-testid=\"cleanup-history-run\".*?</tr>", RegexOptions.Singleline).Value, "cleanup-run-by"));
    }

    [Fact]
    public async Task Dry_run_from_the_page_shows_what_a_run_now_would_delete_and_deletes_nothing()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("cleanup-page-dry-run");
        var client = redis.CreateClient();
        var id = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", MaxFiles: 1), sandbox.Roots);
        sandbox.Write("old.log", 2);
        sandbox.Write("new.log", 1);
        await using var dashboard = await InProcessDashboard.StartAsync(redis, WithCredentials(sandbox.Settings()));
        using var http = Browser(dashboard);
        var token = Token((await GetAsync(http, "/scheduler/cleanup", Operator)).Html, id, "dry-run");

        using var response = await PostAsync(http, $"/scheduler/cleanup/{id}/dry-run", token, Operator);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith($"/scheduler/cleanup/{id}?preview=", location);
        Assert.Equal(["new.log", "old.log"], sandbox.Remaining());
        Assert.Empty((await client.GetCleanupRunsAsync(id))!);
        var (_, detail) = await GetAsync(http, location, Operator);
        var preview = Regex.Match(detail, "<div class=\"alert alert-info\" data-testid=\"cleanup-preview\".*?</div>", RegexOptions.Singleline).Value;
        Assert.Contains("a run now would delete 1 of 2 files", preview);
        Assert.Contains("<li>old.log</li>", preview);
        Assert.DoesNotContain("new.log", preview);
        Assert.Contains("data-cleanup-action=\"dry-run\"", detail);
        // A token that is not one, or whose report's time is up, says so rather than showing nothing.
        var (_, gone) = await GetAsync(http, $"/scheduler/cleanup/{id}?preview={new string('0', 32)}", Operator);
        Assert.Contains("data-testid=\"cleanup-preview-gone\"", gone);
    }

    [Fact]
    public async Task Delete_from_the_page_removes_the_registration_audits_it_under_the_operator_and_touches_no_file()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("cleanup-page-delete");
        var client = redis.CreateClient();
        var id = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", MaxFiles: 1), sandbox.Roots);
        var kept = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.tmp", MaxFiles: 1), sandbox.Roots);
        sandbox.Write("old.log", 2);
        sandbox.Write("new.log", 1);
        await using var dashboard = await InProcessDashboard.StartAsync(redis, WithCredentials(sandbox.Settings()));
        using var http = Browser(dashboard);
        var token = Token((await GetAsync(http, $"/scheduler/cleanup/{id}", Operator)).Html, id, "delete");

        using var response = await PostAsync(http, $"/scheduler/cleanup/{id}/delete", token, Operator);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"/scheduler/cleanup?removed={id}", response.Headers.Location?.OriginalString);
        Assert.Null(await client.GetCleanupAsync(id));
        Assert.NotNull(await client.GetCleanupAsync(kept));
        Assert.Equal(["new.log", "old.log"], sandbox.Remaining());
        var audit = Assert.Single((await client.GetAuditAsync(new AuditFilter { TaskId = id, Action = AuditActions.CleanupRemove })).Entries);
        Assert.Equal("ops", audit.Actor);
        Assert.Empty((await client.GetAuditAsync(new AuditFilter { Action = AuditActions.HangfireAction })).Entries);
        var (_, list) = await GetAsync(http, response.Headers.Location!.OriginalString, Operator);
        Assert.Contains("data-testid=\"cleanup-removed-message\"", list);
        Assert.DoesNotContain($"data-id=\"{id}\"", list);
    }

    [Fact]
    public async Task A_cleanup_action_without_the_antiforgery_token_by_the_viewer_or_by_get_is_refused_and_changes_nothing()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("cleanup-page-refused");
        var client = redis.CreateClient();
        var id = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", MaxFiles: 1), sandbox.Roots);
        sandbox.Write("old.log", 2);
        sandbox.Write("new.log", 1);
        await using var dashboard = await InProcessDashboard.StartAsync(redis, WithCredentials(sandbox.Settings()));
        using var http = Browser(dashboard);
        // The page was read, so the antiforgery cookie is there: only the token is missing.
        var token = Token((await GetAsync(http, $"/scheduler/cleanup/{id}", Operator)).Html, id, "run");

        foreach (var action in new[] { "run", "dry-run", "delete" })
        {
            using var bare = await PostAsync(http, $"/scheduler/cleanup/{id}/{action}", token: null, Operator);
            Assert.Equal(HttpStatusCode.Forbidden, bare.StatusCode);
            Assert.Contains("antiforgery token", await bare.Content.ReadAsStringAsync());
            using var forged = await PostAsync(http, $"/scheduler/cleanup/{id}/{action}", "not-the-token", Operator);
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        }
        var viewerPage = (await GetAsync(http, $"/scheduler/cleanup/{id}", Viewer)).Html;
        Assert.Contains("data-testid=\"read-only\"", viewerPage);
        using (var viewer = await PostAsync(http, $"/scheduler/cleanup/{id}/delete", Token(viewerPage, id, "delete"), Viewer))
            Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        using (var get = await http.SendAsync(Request(HttpMethod.Get, $"/scheduler/cleanup/{id}/run", Operator)))
            Assert.Equal((HttpStatusCode.MethodNotAllowed, "POST"), (get.StatusCode, get.Content.Headers.Allow.Single()));

        Assert.NotNull(await client.GetCleanupAsync(id));
        Assert.Empty((await client.GetCleanupRunsAsync(id))!);
        Assert.Equal(["new.log", "old.log"], sandbox.Remaining());
    }

    [Fact]
    public async Task Without_allowed_roots_the_pages_offer_no_run_now_and_a_posted_one_is_refused_saying_why()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("cleanup-page-no-roots");
        var client = redis.CreateClient();
        var id = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", MaxFiles: 1), sandbox.Roots);
        sandbox.Write("old.log", 2);
        sandbox.Write("new.log", 1);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        using var http = Browser(dashboard);
        var (_, list) = await GetAsync(http, "/scheduler/cleanup");
        var (_, detail) = await GetAsync(http, $"/scheduler/cleanup/{id}");
        Assert.All(new[] { list, detail }, html => Assert.Contains("data-testid=\"cleanup-no-roots\"", html));
        Assert.All(new[] { list, detail }, html => Assert.DoesNotContain("data-cleanup-action=\"run\"", html));
        Assert.All(new[] { list, detail }, html => Assert.DoesNotContain("data-cleanup-action=\"dry-run\"", html));

        using var response = await PostAsync(http, $"/scheduler/cleanup/{id}/run", Token(detail, id, "delete"), credentials: null);

        Assert.Equal($"/scheduler/cleanup/{id}?refused=no-roots", response.Headers.Location?.OriginalString);
        Assert.Contains("data-testid=\"cleanup-refused-message\"", (await GetAsync(http, response.Headers.Location!.OriginalString)).Html);
        Assert.Empty((await client.GetCleanupRunsAsync(id))!);
        Assert.Equal(["new.log", "old.log"], sandbox.Remaining());
    }

    private static Dictionary<string, string?> WithCredentials(Dictionary<string, string?> settings)
    {
        settings["Scheduler:Dashboard:Access:Username"] = "ops";
        settings["Scheduler:Dashboard:Access:Password"] = "s3cret!";
        settings["Scheduler:Dashboard:Access:ViewerUsername"] = "watcher";
        settings["Scheduler:Dashboard:Access:ViewerPassword"] = "look-only";
        return settings;
    }

    /// <summary>The antiforgery token in the form of <paramref name="action"/> for <paramref name="id"/> on a page.</summary>
    private static string Token(string html, string id, string action)
    {
        var form = Regex.Match(html, $"<form method=\"post\"[^>]*data-cleanup-action=\"{action}\" action=\"/scheduler/cleanup/{Regex.Escape(id)}/{action}\">.*?</form>",
            RegexOptions.Singleline);
        Assert.True(form.Success, $"no {action} form for {id}");
        return WebUtility.HtmlDecode(Regex.Match(form.Value, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string? token, string? credentials)
    {
        var request = Request(HttpMethod.Post, path, credentials);
        request.Content = new FormUrlEncodedContent(token is null ? [] : [new KeyValuePair<string, string>("__RequestVerificationToken", token)]);
        return http.SendAsync(request);
    }
}
