using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>Remote requests (simulated remote address) need credentials on every route; loopback does not.</summary>
public sealed class AccessTests
{
    private static readonly string[] Routes = ["/", "/hangfire", "/hangfire/jobs/enqueued", "/api/schedules", "/api/tasks/x/schedule", "/health", "/api/events", "/openapi/v1.json"];

    private static HttpRequestMessage Remote(string path, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        request.Headers.Add(InProcessDashboard.RemoteIpHeader, "203.0.113.7");
        return request;
    }

    [Fact]
    public async Task Without_configured_credentials_remote_requests_are_forbidden_on_every_route()
    {
        await using var redis = await RedisTestContext.CreateAsync("access-none");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        foreach (var route in Routes)
        {
            var response = await dashboard.Http.SendAsync(Remote(route));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route}: {response.StatusCode}");
        }
        var action = await dashboard.Http.SendAsync(Remote("/api/tasks/x/pause", HttpMethod.Post));
        Assert.Equal(HttpStatusCode.Forbidden, action.StatusCode);
        var hangfireAction = await dashboard.Http.SendAsync(Remote("/hangfire/jobs/enqueued/delete", HttpMethod.Post));
        Assert.Equal(HttpStatusCode.Forbidden, hangfireAction.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dashboard.Http.GetAsync("/api/schedules")).StatusCode);
    }

    [Fact]
    public async Task With_credentials_configured_remote_requests_need_basic_auth_or_the_api_key()
    {
        await using var redis = await RedisTestContext.CreateAsync("access-creds");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, new Dictionary<string, string?>
        {
            ["Scheduler:Dashboard:Access:Username"] = "ops",
            ["Scheduler:Dashboard:Access:Password"] = "s3cret!",
            ["Scheduler:Dashboard:Access:ApiKey"] = "key-123",
        });
        var anonymous = await dashboard.Http.SendAsync(Remote("/api/schedules"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString());

        foreach (var (user, password, expected) in new[] { ("ops", "wrong", HttpStatusCode.Unauthorized), ("nobody", "s3cret!", HttpStatusCode.Unauthorized), ("ops", "s3cret!", HttpStatusCode.OK) })
        {
            var request = Remote("/api/schedules");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
            Assert.Equal(expected, (await dashboard.Http.SendAsync(request)).StatusCode);
        }
        var garbage = Remote("/api/schedules");
        garbage.Headers.TryAddWithoutValidation("Authorization", "Basic !!!not-base64");
        Assert.Equal(HttpStatusCode.Unauthorized, (await dashboard.Http.SendAsync(garbage)).StatusCode);

        var withKey = Remote("/hangfire/jobs/enqueued");
        withKey.Headers.Add("X-Api-Key", "key-123");
        Assert.Equal(HttpStatusCode.OK, (await dashboard.Http.SendAsync(withKey)).StatusCode);
        var wrongKey = Remote("/hangfire/jobs/enqueued");
        wrongKey.Headers.Add("X-Api-Key", "key-124");
        Assert.Equal(HttpStatusCode.Unauthorized, (await dashboard.Http.SendAsync(wrongKey)).StatusCode);
    }

    [Fact]
    public async Task Wrong_credentials_are_answered_as_wrong_not_as_missing()
    {
        await using var redis = await RedisTestContext.CreateAsync("access-wrong");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, new Dictionary<string, string?>
        {
            ["Scheduler:Dashboard:Access:Username"] = "ops",
            ["Scheduler:Dashboard:Access:Password"] = "s3cret!",
            ["Scheduler:Dashboard:Access:ApiKey"] = "key-123",
        });
        async Task<string> DetailAsync(HttpRequestMessage request)
        {
            var response = await dashboard.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
        }

        var none = await DetailAsync(Remote("/api/schedules"));
        Assert.EndsWith("credentials required: basic auth or the X-Api-Key header", none);
        var wrongPassword = Remote("/api/schedules");
        wrongPassword.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:wrong")));
        var password = await DetailAsync(wrongPassword);
        Assert.Contains("the credentials sent (basic auth for user \"ops\") are not accepted", password);
        Assert.DoesNotContain("wrong\"", password);
        var wrongKey = Remote("/api/schedules");
        wrongKey.Headers.Add("X-Api-Key", "key-124");
        var key = await DetailAsync(wrongKey);
        Assert.Contains("the credentials sent (the X-Api-Key header) are not accepted", key);
        Assert.DoesNotContain("key-124", key);
    }

    [Fact]
    public async Task Secrets_are_never_echoed_by_the_api()
    {
        await using var redis = await RedisTestContext.CreateAsync("access-secrets");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, new Dictionary<string, string?>
        {
            ["Scheduler:Dashboard:Access:Username"] = "ops",
            ["Scheduler:Dashboard:Access:Password"] = "p4ssw0rd-secret",
            ["Scheduler:Dashboard:Access:ApiKey"] = "api-key-secret",
        });
        foreach (var route in new[] { "/health", "/api/schedules", "/openapi/v1.json", "/hangfire/servers" })
        {
            var body = await dashboard.Http.GetStringAsync(route);
            Assert.DoesNotContain("p4ssw0rd-secret", body);
            Assert.DoesNotContain("api-key-secret", body);
            Assert.DoesNotContain(redis.ConnectionString.Split(',')[0], body);
        }
    }
}
