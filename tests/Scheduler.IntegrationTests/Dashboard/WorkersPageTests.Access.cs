using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Scheduler.Contracts.Capabilities;
using Scheduler.Contracts.Storage;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>Who may read the Workers page, what it answers with Redis away, and the helpers the page tests share.</summary>
public sealed partial class WorkersPageTests
{
    [Fact]
    public async Task The_read_only_viewer_sees_the_workers_page_with_its_read_only_notice()
    {
        await using var redis = await RedisTestContext.CreateAsync("workers-page-viewer");
        var workerId = await AdvertiseAsync(redis, new RedisKeys(redis.KeyPrefix), "worker:viewed:7:abc", "reports");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, new Dictionary<string, string?>
        {
            ["Scheduler:Dashboard:Access:Username"] = "ops",
            ["Scheduler:Dashboard:Access:Password"] = "s3cret!",
            ["Scheduler:Dashboard:Access:ViewerUsername"] = "watcher",
            ["Scheduler:Dashboard:Access:ViewerPassword"] = "look-only",
        });
        var request = new HttpRequestMessage(HttpMethod.Get, "/scheduler/workers");
        request.Headers.Add(InProcessDashboard.RemoteIpHeader, "203.0.113.7");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("watcher:look-only")));

        var response = await dashboard.Http.SendAsync(request);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"read-only\"", html);
        Assert.Equal("reports", Cell(Row(html, "worker-row", "data-worker", workerId), "worker-queues"));
    }

    [Fact]
    public async Task With_redis_away_the_workers_page_answers_503_saying_so()
    {
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("workers-page-away", server.ConnectionString);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        try
        {
            await server.StopAsync();
            var request = new HttpRequestMessage(HttpMethod.Get, "/scheduler/workers");
            request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

            var page = await dashboard.Http.SendAsync(request);

            Assert.Equal((HttpStatusCode.ServiceUnavailable, "text/html"), (page.StatusCode, page.Content.Headers.ContentType?.MediaType));
            Assert.Contains("<h1>Storage unavailable</h1><p>Redis cannot be reached right now; retry shortly</p>", await page.Content.ReadAsStringAsync());
        }
        finally { await server.StartAgainAsync(); }
    }

    /// <summary>Writes a worker's heartbeat (7 s ago) and advertisement as a live worker does, with text a page must encode.</summary>
    private static async Task<string> AdvertiseAsync(RedisTestContext redis, RedisKeys keys, string workerId, string queue)
    {
        await redis.Redis.GetDatabase().SortedSetAddAsync(keys.Heartbeats, workerId, DateTimeOffset.UtcNow.AddSeconds(-7).ToUnixTimeMilliseconds());
        await new CapabilityStore(redis.Redis, keys).WriteAsync(new WorkerCapabilities(workerId, ["notification"],
            new Dictionary<string, IReadOnlyList<string>> { ["<img src=x onerror=alert(2)>"] = ["go"] }, ["web", "<s>files</s>"], ["events"], true, ["<u>tool</u>"])
        {
            McpTools = new Dictionary<string, IReadOnlyList<McpToolInfo>> { ["web"] = [new("<i>echo</i>", ["message"]), new("fail", [])] },
            Queues = [queue],
            ShellAllowedEnvironment = ["TOKEN_*"],
            MethodCallAssemblies = ["<b>MyApp</b>", "sample"],
        });
        return workerId;
    }

    /// <summary>The table row with <paramref name="attribute"/> equal to <paramref name="value"/> (as the page encodes it), as written.</summary>
    private static string Row(string html, string testId, string attribute, string value)
    {
        var match = Regex.Match(html, $"<tr data-testid=\"{testId}\" {attribute}=\"{Regex.Escape(WebUtility.HtmlEncode(value))}\"[^>]*>.*?</tr>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no {testId} row for {value}");
        return match.Value;
    }

    /// <summary>A cell's text, decoded and with markup of our own (labels, one line per worker) taken out.</summary>
    private static string Cell(string row, string testId)
    {
        var match = Regex.Match(row, $"<td data-testid=\"{testId}\">(.*?)</td>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no {testId} cell in {row}");
        return WebUtility.HtmlDecode(Regex.Replace(match.Groups[1].Value, "<[^>]+>", "")).Trim();
    }
}
