using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>Wrong credentials from one address lock it out for a while (the real dashboard process, loopback not trusted).</summary>
public sealed class LoginLockoutTests
{
    private static HttpRequestMessage Login(string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/schedules");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"ops:{password}")));
        return request;
    }

    [Fact]
    public async Task After_too_many_wrong_passwords_the_address_gets_429_even_with_the_right_one_until_the_lock_ends()
    {
        await using var redis = await RedisTestContext.CreateAsync("lockout");
        await using var dashboard = await DashboardProcess.StartAsync(redis, new Dictionary<string, string?>
        {
            ["Scheduler:Dashboard:Access:TrustLoopback"] = "false",
            ["Scheduler:Dashboard:Access:Username"] = "ops",
            ["Scheduler:Dashboard:Access:Password"] = "s3cret!",
            ["Scheduler:Dashboard:Access:Lockout:MaxFailures"] = "3",
            ["Scheduler:Dashboard:Access:Lockout:Duration"] = "00:00:03",
        });
        // Requests without credentials are no guesses: they never count.
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await dashboard.Http.GetAsync("/api/schedules")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dashboard.Http.SendAsync(Login("s3cret!"))).StatusCode);

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await dashboard.Http.SendAsync(Login($"guess{i}"))).StatusCode);
        var locked = await dashboard.Http.SendAsync(Login("s3cret!"));
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        var retryAfter = locked.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter is { TotalSeconds: >= 1 and <= 3 }, $"Retry-After: {locked.Headers.RetryAfter}");
        var problem = JsonDocument.Parse(await locked.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("locked out", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("s3cret!", problem.GetRawText());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await dashboard.Http.SendAsync(Login("guess3"))).StatusCode);
        await Eventually.WaitAsync(() => Task.FromResult(dashboard.Output.Contains("Locked out 127.0.0.1 after 3 wrong credentials")),
            TimeSpan.FromSeconds(10), "the lockout in the dashboard's log");

        // Polled with the right password, which is never counted as a failure: it gets in once the lock has run out.
        var after = await Eventually.WaitAsync(async () => (await dashboard.Http.SendAsync(Login("s3cret!"))).StatusCode,
            status => status != HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(30), "the lock to end");
        Assert.Equal(HttpStatusCode.OK, after);
    }
}
