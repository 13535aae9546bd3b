using System.Net;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>While Redis cannot be reached, a page asked for by a browser answers 503 as a page saying so; the API as problem+json.</summary>
public sealed class StorageAwayPageTests
{
    [Fact]
    public async Task With_redis_away_a_browser_gets_an_html_page_saying_so_and_the_api_gets_problem_json()
    {
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("dashboard-redis-away", server.ConnectionString);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        try
        {
            await server.StopAsync();
            var request = new HttpRequestMessage(HttpMethod.Get, "/scheduler/schedules");
            request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

            var page = await dashboard.Http.SendAsync(request);
            var api = await dashboard.Http.GetAsync("/api/schedules");

            Assert.Equal((HttpStatusCode.ServiceUnavailable, "text/html"), (page.StatusCode, page.Content.Headers.ContentType?.MediaType));
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("<h1>Storage unavailable</h1><p>Redis cannot be reached right now; retry shortly</p>", html);
            Assert.StartsWith("<!DOCTYPE html><html lang=\"en\">", html);
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "application/problem+json"), (api.StatusCode, api.Content.Headers.ContentType?.MediaType));
        }
        finally { await server.StartAgainAsync(); }
    }
}
