using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Scheduler.Contracts.Housekeeping;
using Scheduler.IntegrationTests.Housekeeping;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// The dashboard's cleanup pages: the list of registrations (what each cleans, priority, when it runs, last run), one
/// registration with its history, every value encoded. Their actions are in <c>CleanupPageTests.Actions.cs</c>.
/// </summary>
public sealed partial class CleanupPageTests
{
    [Fact]
    public async Task Without_registrations_the_cleanup_page_says_so_and_the_menu_links_to_it()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("cleanup-page-empty");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, sandbox.Settings());
        using var http = Browser(dashboard);

        var (status, html) = await GetAsync(http, "/scheduler/cleanup");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-testid=\"cleanup-none\"", html);
        Assert.DoesNotContain("data-testid=\"cleanup-table\"", html);
        Assert.Matches("<a[^>]+href=\"/scheduler/cleanup\"[^>]*>\\s*Cleanups", html);
    }

    [Fact]
    public async Task The_cleanup_page_lists_each_registration_with_what_it_cleans_its_priority_when_it_runs_and_its_last_run()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("cleanup-page-list");
        var client = redis.CreateClient();
        var first = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", RetentionDays: 7, MaxFiles: 10, Description: "app logs",
            ModuleId: "billing", Interval: TimeSpan.FromHours(6), Priority: 5), sandbox.Roots);
        var second = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.tmp", MaxSizeMb: 0.5, Priority: -3), sandbox.Roots);
        sandbox.Write("old.log", 9);
        sandbox.Write("new.log", 1);
        await client.As("alice").RunCleanupAsync(first, dryRun: false, sandbox.Roots);
        await using var dashboard = await InProcessDashboard.StartAsync(redis, sandbox.Settings());
        using var http = Browser(dashboard);

        var (_, html) = await GetAsync(http, "/scheduler/cleanup");

        Assert.True(html.IndexOf($"data-id=\"{first}\"", StringComparison.Ordinal) < html.IndexOf($"data-id=\"{second}\"", StringComparison.Ordinal),
            "registrations are listed in registration order");
        var row = Row(html, first);
        Assert.Equal(first + "module billingapp logs", Cell(row, "cleanup-id"));
        Assert.Equal(sandbox.Logs, Cell(row, "cleanup-directory"));
        Assert.Equal("*.log", Cell(row, "cleanup-pattern"));
        Assert.Equal("older than 7 days; beyond the newest 10 files", Cell(row, "cleanup-policies"));
        Assert.Equal("5", Cell(row, "cleanup-priority"));
        Assert.StartsWith("every 6h; next due ", Cell(row, "cleanup-schedule"));
        Assert.Contains("succeeded", Cell(row, "cleanup-last-run"));
        Assert.Equal("deleted 1 of 2 files (10 B), by alice", Cell(row, "cleanup-removed"));
        Assert.Contains("data-testid=\"cleanup-run\"", row);

        row = Row(html, second);
        Assert.Equal("over 0.5 MB in all, oldest first", Cell(row, "cleanup-policies"));
        Assert.Equal("-3", Cell(row, "cleanup-priority"));
        Assert.StartsWith("every 1h; next due ", Cell(row, "cleanup-schedule"));
        Assert.Equal("never", Cell(row, "cleanup-last-run"));
    }

    [Fact]
    public async Task A_registrations_page_shows_its_newest_20_runs_newest_first_with_each_failed_runs_errors()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("cleanup-page-history");
        var client = redis.CreateClient();
        var id = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", MaxFiles: 1, Priority: 2), sandbox.Roots);
        sandbox.Write("a.log", 2, size: 2048);
        sandbox.Write("b.log", 1);
        await client.RunCleanupAsync(id, dryRun: false, sandbox.Roots);
        for (var i = 0; i < 20; i++) await client.RunCleanupAsync(id, dryRun: false, sandbox.Roots);
        await client.As("bob").RunCleanupAsync(id, dryRun: false, [sandbox.Outside]);
        await using var dashboard = await InProcessDashboard.StartAsync(redis, sandbox.Settings());
        using var http = Browser(dashboard);

        var (status, html) = await GetAsync(http, $"/scheduler/cleanup/{id}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2", DetailTerm(html, "cleanup-priority"));
        Assert.Equal("beyond the newest 1 file", DetailTerm(html, "cleanup-policies"));
        var runs = Regex.Matches(html, "<tr data-testid=\"cleanup-history-run\"[^>]*>.*?</tr>", RegexOptions.Singleline).Select(m => m.Value).ToList();
        Assert.Equal(CleanupLastRun.KeptRuns, runs.Count);
        Assert.Equal("bob", Cell(runs[0], "cleanup-run-by"));
        Assert.Contains("failed", runs[0]);
        Assert.Contains("is outside the allowed roots", Cell(runs[0], "cleanup-run-errors"));
        Assert.All(runs.Skip(1), run => Assert.Equal("0", Cell(run, "cleanup-run-deleted")));
        var times = runs.Select(run => Cell(run, "cleanup-run-at")).ToList();
        Assert.Equal(times.OrderDescending(StringComparer.Ordinal), times);
        // The oldest run (the one that freed 2 KB) has dropped out of the 20 kept.
        Assert.DoesNotContain("2 KB", html);

        var missing = await GetAsync(http, "/scheduler/cleanup/c0000");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Contains("data-testid=\"cleanup-missing\"", missing.Html);
    }

    [Fact]
    public async Task Markup_in_a_registrations_directory_pattern_description_errors_and_requested_id_renders_as_text()
    {
        using var sandbox = new CleanupSandbox();
        var directory = Path.Combine(sandbox.Allowed, "<img src=x onerror=alert(1)>");
        Directory.CreateDirectory(directory);
        await using var redis = await RedisTestContext.CreateAsync("cleanup-page-escaping");
        var client = redis.CreateClient();
        var id = await client.RegisterCleanupAsync(new CleanupRequest(directory, "<script>alert(2)*.log", MaxFiles: 1,
            Description: "</td><script>alert(3)</script>"), sandbox.Roots);
        await client.As("<b>eve</b>").RunCleanupAsync(id, dryRun: false, [sandbox.Outside]);
        await using var dashboard = await InProcessDashboard.StartAsync(redis, sandbox.Settings());
        using var http = Browser(dashboard);

        var list = (await GetAsync(http, "/scheduler/cleanup")).Html;
        var detail = (await GetAsync(http, $"/scheduler/cleanup/{id}")).Html;
        var unknown = await GetAsync(http, "/scheduler/cleanup/" + Uri.EscapeDataString("<script>alert(4)<"));

        foreach (var html in new[] { list, detail })
        {
            Assert.DoesNotContain("<img src=x", html);
            Assert.DoesNotContain("<script>alert(", html);
            Assert.DoesNotContain("<b>eve", html);
            Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
            Assert.Contains("&lt;script&gt;alert(2)*.log", html);
            Assert.Contains("&lt;/td&gt;&lt;script&gt;alert(3)&lt;/script&gt;", html);
            Assert.Contains("&lt;b&gt;eve&lt;/b&gt;", html);
        }
        Assert.Equal(directory, DetailTerm(detail, "cleanup-directory"));
        Assert.Contains(directory, Cell(Regex.Match(detail, "<tr data-testid=\"cleanup-history-run\".*?</tr>", RegexOptions.Singleline).Value, "cleanup-run-errors"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.DoesNotContain("<script>alert(4)", unknown.Html);
        Assert.Contains("&lt;script&gt;alert(4)&lt;", unknown.Html);
    }

    /// <summary>A client that keeps cookies (the antiforgery cookie) and shows redirects instead of following them.</summary>
    private static HttpClient Browser(InProcessDashboard dashboard) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = dashboard.Address, Timeout = TimeSpan.FromSeconds(30),
        };

    private static async Task<(HttpStatusCode Status, string Html)> GetAsync(HttpClient http, string path, string? credentials = null)
    {
        using var request = Request(HttpMethod.Get, path, credentials);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>With <paramref name="credentials"/> ("user:password"), the request comes from another machine with them, so the actor is that user.</summary>
    private static HttpRequestMessage Request(HttpMethod method, string path, string? credentials)
    {
        var request = new HttpRequestMessage(method, path);
        if (credentials is null) return request;
        request.Headers.Add(InProcessDashboard.RemoteIpHeader, "203.0.113.7");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return request;
    }

    private static string Row(string html, string id)
    {
        var match = Regex.Match(html, $"<tr data-testid=\"cleanup-row\" data-id=\"{Regex.Escape(id)}\"[^>]*>.*?</tr>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no cleanup row for {id}");
        return match.Value;
    }

    /// <summary>An element's text by its test id, decoded, with our own markup (links, line breaks, labels) taken out.</summary>
    private static string Cell(string html, string testId)
    {
        var match = Regex.Match(html, $"<(td|code|small|dd) data-testid=\"{testId}\">(.*?)</\\1>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no {testId} in {html}");
        return WebUtility.HtmlDecode(Regex.Replace(match.Groups[2].Value, "<[^>]+>", "")).Trim();
    }

    private static string DetailTerm(string html, string testId) => Cell(html, testId);
}
