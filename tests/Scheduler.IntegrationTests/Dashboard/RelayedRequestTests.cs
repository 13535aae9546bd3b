using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// A reverse proxy on the dashboard's machine makes every request it relays come from loopback, and nginx's and Apache's
/// defaults send the backend's own address (127.0.0.1:port) as Host: without a check, anyone who reaches the proxy would
/// be trusted loopback and could run commands, credentials configured or not. The headers proxies add give it away.
/// </summary>
public sealed class RelayedRequestTests
{
    private static readonly string ShellTask = JsonSerializer.Serialize(new
    {
        task = new { type = "shell", command = "touch", args = new[] { "/tmp/scheduler-relayed-pwned" } }, spec = "in 1 hour",
    });

    // What a proxy relays: the backend's address as Host, its own relay header, the remote client's body.
    private static HttpRequestMessage Relayed(InProcessDashboard dashboard, string header, string value, string id)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{id}/schedule")
        {
            Content = new StringContent(ShellTask, Encoding.UTF8, "application/json"),
        };
        request.Headers.Host = $"127.0.0.1:{dashboard.Address.Port}";
        request.Headers.TryAddWithoutValidation(header, value);
        return request;
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.7")]
    [InlineData("Forwarded", "for=203.0.113.7")]
    [InlineData("X-Forwarded-Host", "scheduler.example.com")]
    [InlineData("X-Forwarded-Proto", "https")]
    [InlineData("X-Real-IP", "203.0.113.7")]
    [InlineData("Via", "1.1 proxy")]
    public async Task A_loopback_request_relayed_by_a_proxy_is_not_trusted_even_with_a_loopback_Host(string header, string value)
    {
        await using var redis = await RedisTestContext.CreateAsync("relayed");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var response = await dashboard.Http.SendAsync(Relayed(dashboard, header, value, "pwned"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
        Assert.Contains($"carries {header}", detail);
        Assert.Contains("TrustLoopback=false", detail);
        await using var client = redis.CreateClient();
        Assert.Null(await client.GetAsync("pwned"));
        // Without the relay header the same request is trusted loopback: the refusal was the header's doing.
        var direct = await dashboard.Http.SendAsync(Relayed(dashboard, "X-Unrelated", "1", "direct"));
        Assert.Equal(HttpStatusCode.Created, direct.StatusCode);
    }

    [Fact]
    public async Task A_relayed_request_with_the_configured_credentials_still_gets_in()
    {
        await using var redis = await RedisTestContext.CreateAsync("relayed-creds");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, new Dictionary<string, string?>
        {
            ["Scheduler:Dashboard:Access:Username"] = "ops",
            ["Scheduler:Dashboard:Access:Password"] = "s3cret!",
        });
        var anonymous = await dashboard.Http.SendAsync(Relayed(dashboard, "X-Forwarded-For", "203.0.113.7", "anonymous"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var withCredentials = Relayed(dashboard, "X-Forwarded-For", "203.0.113.7", "with-credentials");
        withCredentials.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:s3cret!")));
        Assert.Equal(HttpStatusCode.Created, (await dashboard.Http.SendAsync(withCredentials)).StatusCode);
    }
}
