using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// The Content-Security-Policy lets no script run on the dashboard's pages but its own: markup that reached a page
/// unencoded (a task's name, a run's output) could otherwise act as the operator, who may schedule shell commands.
/// </summary>
public sealed partial class ContentPolicyTests
{
    private const string TaskId = "csp-task";

    // Ours and Hangfire's: each page of ours writes a different set of inline scripts.
    private static readonly string[] Pages =
    [
        "/scheduler/schedules", $"/scheduler/schedules/{TaskId}", "/scheduler/schedule-form", $"/scheduler/schedule-form?id={TaskId}",
        "/scheduler/events", "/scheduler/failed", "/scheduler/audit", "/scheduler/workers", "/scheduler/flow", "/scheduler/cleanup", "/scheduler/cleanup-form",
        "/", "/jobs/enqueued", "/recurring",
    ];

    private static async Task<InProcessDashboard> StartWithTaskAsync(RedisTestContext redis)
    {
        var dashboard = await InProcessDashboard.StartAsync(redis);
        var created = await dashboard.Http.PostAsync($"/api/tasks/{TaskId}/schedule", new StringContent(
            """{"task": {"type": "notification", "message": "hi"}, "spec": "every 1 hour"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return dashboard;
    }

    [Fact]
    public async Task Every_inline_script_of_a_page_is_allowed_by_its_hash_and_no_other_inline_script_is()
    {
        await using var redis = await RedisTestContext.CreateAsync("csp-hashes");
        await using var dashboard = await StartWithTaskAsync(redis);

        foreach (var path in Pages)
        {
            using var response = await dashboard.Http.GetAsync(path);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode}");
            var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            var scriptSrc = policy.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
            Assert.DoesNotContain("'unsafe-inline'", scriptSrc);
            Assert.DoesNotContain("'unsafe-eval'", scriptSrc);
            Assert.Contains("frame-ancestors 'none'", policy);
            Assert.Contains("object-src 'none'", policy);
            var html = await response.Content.ReadAsStringAsync();
            foreach (Match script in InlineScript().Matches(html))
            {
                var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script.Groups["body"].Value)));
                Assert.True(scriptSrc.Contains($"'sha256-{hash}'", StringComparison.Ordinal),
                    $"{path}: an inline script is not in the policy (list it in OperatorScript.Inline): {script.Value[..Math.Min(120, script.Value.Length)]}");
            }
        }
    }

    [SkippableFact]
    public async Task The_pages_own_scripts_run_but_script_injected_into_a_page_does_not()
    {
        var chromium = Chromium.Require();
        await using var redis = await RedisTestContext.CreateAsync("csp-browser");
        await using var dashboard = await StartWithTaskAsync(redis);
        await using var browser = await BrowserSession.LaunchAsync(chromium);
        var page = await browser.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) violations.Add($"{page.Url}: {message.Text}");
        };

        foreach (var path in Pages)
        {
            await page.GotoAsync(new Uri(dashboard.Address, path).ToString());
            await page.WaitForLoadStateAsync(LoadState.Load);
            await page.WaitForTimeoutAsync(200);
            Assert.Empty(violations);
            // What an unencoded task name would put in the page: an inline handler and an inline script.
            await page.EvaluateAsync("""
                () => {
                  document.body.insertAdjacentHTML('beforeend', '<img src="data:," onload="window.__injected = 1" onerror="window.__injected = 1">');
                  const script = document.createElement('script');
                  script.textContent = 'window.__injectedScript = 1';
                  document.body.appendChild(script);
                }
                """);
            await page.WaitForTimeoutAsync(200);
            Assert.True(await page.EvaluateAsync<bool>("() => window.__injected === undefined && window.__injectedScript === undefined"),
                $"{path}: injected script ran");
            Assert.NotEmpty(violations);
            violations.Clear();
        }
        // The pages' own scripts run: the schedule list's fills in the failing count.
        await page.GotoAsync(new Uri(dashboard.Address, "/scheduler/schedules").ToString());
        await Assertions.Expect(page.GetByTestId("glance-failing")).ToHaveTextAsync("0 failing now");
        await browser.CloseAsync();
    }

    [GeneratedRegex("<script>(?<body>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
