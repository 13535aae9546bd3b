using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// Requests Hangfire's dashboard routes cannot serve get a 4xx saying what the route takes, never a 500 or a bare
/// status: its counters and batch actions read a form whatever the request holds.
/// </summary>
public sealed class HangfireRequestGuardTests
{
    /// <summary>A POST carrying the antiforgery token of a page served at <paramref name="path"/>'s mount (the client keeps the cookie).</summary>
    private static async Task<HttpRequestMessage> WithTokenAsync(InProcessDashboard dashboard, string path)
    {
        var mount = path.StartsWith("/hangfire/", StringComparison.Ordinal) ? "/hangfire" : "";
        var page = await dashboard.Http.GetStringAsync(mount + "/recurring");
        var header = Regex.Match(page, "<meta name=\"csrf-header\" content=\"([^\"]+)\"");
        var token = Regex.Match(page, "<meta name=\"csrf-token\" content=\"([^\"]+)\"");
        Assert.True(header.Success && token.Success, "no antiforgery token on Hangfire's page");
        var post = new HttpRequestMessage(HttpMethod.Post, path);
        post.Headers.Add(WebUtility.HtmlDecode(header.Groups[1].Value), WebUtility.HtmlDecode(token.Groups[1].Value));
        return post;
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
    }

    [Theory]
    [InlineData("/hangfire/stats", "metrics[]")]
    [InlineData("/stats", "metrics[]")]
    [InlineData("/hangfire/jobs/enqueued/delete", "jobs[]")]
    [InlineData("/recurring/trigger", "jobs[]")]
    public async Task A_GET_to_a_Hangfire_route_that_takes_only_a_posted_form_is_405_naming_POST_and_the_form(string path, string field)
    {
        await using var redis = await RedisTestContext.CreateAsync("hangfire-guard-get");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var response = await dashboard.Http.GetAsync(path);

        var detail = await DetailAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Contains("only POST", detail);
        Assert.Contains("application/x-www-form-urlencoded", detail);
        Assert.Contains(field, detail);
    }

    [Theory]
    [InlineData("/hangfire/stats", null, "metrics[]")]
    [InlineData("/hangfire/stats", "application/json", "metrics[]")]
    [InlineData("/hangfire/jobs/enqueued/delete", "application/json", "jobs[]")]
    [InlineData("/hangfire/recurring/trigger", null, "jobs[]")]
    [InlineData("/recurring/trigger", "text/plain", "jobs[]")]
    public async Task A_POST_with_the_token_but_no_form_is_415_naming_the_form_it_expects(string path, string? contentType, string field)
    {
        await using var redis = await RedisTestContext.CreateAsync("hangfire-guard-type");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var post = await WithTokenAsync(dashboard, path);
        if (contentType is not null) post.Content = new StringContent("{}", Encoding.UTF8, contentType);

        var detail = await DetailAsync(await dashboard.Http.SendAsync(post), HttpStatusCode.UnsupportedMediaType);

        Assert.Contains(contentType ?? "\"(none)\"", detail);
        Assert.Contains("expects a form", detail);
        Assert.Contains("application/x-www-form-urlencoded", detail);
        Assert.Contains(field, detail);
    }

    [Fact]
    public async Task A_form_over_the_form_limits_is_a_400_and_the_posted_form_still_works()
    {
        await using var redis = await RedisTestContext.CreateAsync("hangfire-guard-limits");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var tooMany = await WithTokenAsync(dashboard, "/hangfire/recurring/trigger");
        tooMany.Content = new FormUrlEncodedContent(Enumerable.Range(0, 1100).Select(i => new KeyValuePair<string, string>("jobs[]", $"job-{i}")));

        var detail = await DetailAsync(await dashboard.Http.SendAsync(tooMany), HttpStatusCode.BadRequest);
        Assert.Contains("limit", detail);

        var stats = await WithTokenAsync(dashboard, "/hangfire/stats");
        stats.Content = new FormUrlEncodedContent([new("metrics[]", "succeeded:count")]);
        var answered = await dashboard.Http.SendAsync(stats);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains("succeeded:count", await answered.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/hangfire/recurring/trigger", false)]
    [InlineData("/hangfire/jobs/actions/requeue/abc", false)]
    [InlineData("/recurring/remove", true)]
    public async Task A_POST_without_the_dashboards_antiforgery_token_is_403_saying_so(string path, bool wrongToken)
    {
        await using var redis = await RedisTestContext.CreateAsync("hangfire-guard-csrf");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var post = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent([new("jobs[]", "nightly-report")]),
        };
        if (wrongToken) post.Headers.Add("RequestVerificationToken", "not-the-token");

        var detail = await DetailAsync(await dashboard.Http.SendAsync(post), HttpStatusCode.Forbidden);

        Assert.Contains($"POST {path} lacks the dashboard's antiforgery token", detail);
        Assert.Contains("from outside the dashboard page", detail);
    }

    [Theory]
    [InlineData("DELETE", "/scheduler/schedules")]
    [InlineData("PUT", "/scheduler/failed")]
    [InlineData("POST", "/scheduler/workers")]
    [InlineData("DELETE", "/hangfire/jobs/enqueued")]
    [InlineData("PATCH", "/recurring")]
    public async Task Another_method_than_GET_on_a_dashboard_page_is_405_with_Allow_not_an_antiforgery_403(string method, string path)
    {
        await using var redis = await RedisTestContext.CreateAsync("hangfire-guard-page-method");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        var response = await dashboard.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        var detail = await DetailAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow);
        Assert.Equal($"{method} is not accepted by {path}; it is a page of the dashboard and takes GET (or HEAD)", detail);
        Assert.Equal(HttpStatusCode.OK, (await dashboard.Http.GetAsync(path)).StatusCode);
    }
}
