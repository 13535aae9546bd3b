using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Storage;
using Scheduler.Dashboard.Security;
using Scheduler.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// The login lockout is counted in Redis: dashboards on the same Redis share the count and the lock, a new dashboard
/// process still sees a lock, the keys expire, and without Redis each process still counts on its own.
/// </summary>
public sealed class SharedLoginLockoutTests
{
    private const string Guesser = "203.0.113.7";

    private static Dictionary<string, string?> Settings(int maxFailures = 4)
    {
        var settings = RemoteCaller.Access();
        settings["Scheduler:Dashboard:Access:Lockout:MaxFailures"] = maxFailures.ToString();
        settings["Scheduler:Dashboard:Access:Lockout:Window"] = "00:01:00";
        settings["Scheduler:Dashboard:Access:Lockout:Duration"] = "00:10:00";
        return settings;
    }

    private static HttpRequestMessage Login(string password)
    {
        var request = RemoteCaller.Anonymous(HttpMethod.Get, "/api/schedules");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RemoteCaller.User}:{password}")));
        return request;
    }

    private static async Task<HttpStatusCode> GuessAsync(InProcessDashboard dashboard, string password) =>
        (await dashboard.Http.SendAsync(Login(password))).StatusCode;

    [Fact]
    public async Task Two_dashboards_on_one_redis_share_the_count_so_the_limit_is_not_multiplied_by_the_number_of_dashboards()
    {
        await using var redis = await RedisTestContext.CreateAsync("lockout-shared");
        await using var first = await InProcessDashboard.StartAsync(redis, Settings());
        await using var second = await InProcessDashboard.StartAsync(redis, Settings());

        // Two wrong passwords at each: four in all, the limit, though neither dashboard saw more than two.
        Assert.Equal(HttpStatusCode.Unauthorized, await GuessAsync(first, "guess1"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GuessAsync(second, "guess2"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GuessAsync(first, "guess3"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GuessAsync(second, "guess4"));

        foreach (var dashboard in new[] { first, second })
        {
            var locked = await dashboard.Http.SendAsync(Login(RemoteCaller.Password));
            Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
            Assert.True(locked.Headers.RetryAfter?.Delta is { TotalSeconds: > 590 and <= 600 }, $"Retry-After: {locked.Headers.RetryAfter}");
        }
        // Another address is not locked by them.
        var other = RemoteCaller.AsUser(HttpMethod.Get, "/api/schedules");
        other.Headers.Remove(InProcessDashboard.RemoteIpHeader);
        other.Headers.Add(InProcessDashboard.RemoteIpHeader, "203.0.113.8");
        Assert.Equal(HttpStatusCode.OK, (await second.Http.SendAsync(other)).StatusCode);
    }

    [Fact]
    public async Task Guesses_sent_in_parallel_get_no_more_answers_than_the_limit()
    {
        await using var redis = await RedisTestContext.CreateAsync("lockout-parallel");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, Settings(maxFailures: 4));

        // Each guess is counted before the lock is read: read first, all forty passed the read before any was counted.
        var answers = await Task.WhenAll(Enumerable.Range(1, 40).Select(i => GuessAsync(dashboard, $"guess{i}")));

        // The guess that started the lock is answered; those counted before it may have read the lock after it.
        Assert.InRange(answers.Count(a => a == HttpStatusCode.Unauthorized), 1, 4);
        Assert.Equal(40, answers.Count(a => a is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GuessAsync(dashboard, RemoteCaller.Password));
    }

    [Fact]
    public async Task A_lockout_survives_a_dashboard_restart()
    {
        await using var redis = await RedisTestContext.CreateAsync("lockout-restart");
        await using (var before = await InProcessDashboard.StartAsync(redis, Settings(maxFailures: 2)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await GuessAsync(before, "guess1"));
            Assert.Equal(HttpStatusCode.Unauthorized, await GuessAsync(before, "guess2"));
            Assert.Equal(HttpStatusCode.TooManyRequests, await GuessAsync(before, RemoteCaller.Password));
        }

        await using var after = await InProcessDashboard.StartAsync(redis, Settings(maxFailures: 2));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GuessAsync(after, RemoteCaller.Password));
    }

    [Fact]
    public async Task The_count_expires_with_its_window_and_the_lock_with_its_duration_and_the_key_does_not_name_the_address()
    {
        await using var redis = await RedisTestContext.CreateAsync("lockout-expiry");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, Settings(maxFailures: 2));
        var key = new RedisKeys(redis.KeyPrefix).Lockout(SharedLoginLockout.AddressHash(IPAddress.Parse(Guesser)));
        var db = redis.Redis.GetDatabase();

        Assert.Equal(HttpStatusCode.Unauthorized, await GuessAsync(dashboard, "guess1"));
        Assert.True(await db.KeyTimeToLiveAsync(key) is { TotalSeconds: > 50 and <= 60 }, $"TTL while counting: {await db.KeyTimeToLiveAsync(key)}");
        Assert.Equal(HttpStatusCode.Unauthorized, await GuessAsync(dashboard, "guess2"));
        Assert.True(await db.KeyTimeToLiveAsync(key) is { TotalSeconds: > 590 and <= 600 }, $"TTL while locked: {await db.KeyTimeToLiveAsync(key)}");

        var server = redis.Redis.GetServers().First();
        var lockoutKeys = await server.KeysAsync(pattern: redis.KeyPrefix + "lockout:*").ToListAsync();
        Assert.Equal([(RedisKey)key], lockoutKeys);
        Assert.DoesNotContain(Guesser, key);
        // Requests without credentials and right ones are no failures: they write nothing.
        await redis.Redis.GetDatabase().KeyDeleteAsync(key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await dashboard.Http.SendAsync(RemoteCaller.Anonymous(HttpMethod.Get, "/api/schedules"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dashboard.Http.SendAsync(RemoteCaller.AsUser(HttpMethod.Get, "/api/schedules"))).StatusCode);
        Assert.False(await db.KeyExistsAsync(key));
    }

    [Fact]
    public async Task Without_redis_failures_are_counted_in_the_process_and_a_warning_is_logged()
    {
        // Nothing listens on this port; fail fast instead of queueing each command for the connection that never comes.
        var config = new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", RedisServer.FreePort() } },
            AbortOnConnectFail = false,
            ConnectTimeout = 200,
            BacklogPolicy = BacklogPolicy.FailFast,
        };
        await using var unreachable = await ConnectionMultiplexer.ConnectAsync(config);
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var lockout = new SharedLoginLockout(unreachable, new RedisKeys("t:lockout-down:"), new LoginLockout(TimeProvider.System), TimeProvider.System,
            factory.CreateLogger<SharedLoginLockout>());
        var settings = new LockoutOptions { MaxFailures = 3, Window = TimeSpan.FromMinutes(1), Duration = TimeSpan.FromMinutes(10) };
        var address = IPAddress.Parse(Guesser);

        Assert.Null(await lockout.LockedForAsync(address, settings));
        Assert.False(await lockout.FailedAsync(address, settings));
        Assert.False(await lockout.FailedAsync(address, settings));
        Assert.True(await lockout.FailedAsync(address, settings));
        Assert.True(await lockout.LockedForAsync(address, settings) is { TotalMinutes: > 9 and <= 10 });

        var warning = Assert.Single(logs.Messages(nameof(SharedLoginLockout), LogLevel.Warning));
        Assert.Contains("cannot reach Redis", warning);
    }

    [Fact]
    public async Task A_stalled_redis_costs_a_login_a_fraction_of_a_second_and_a_lock_counted_meanwhile_holds_after_it_answers()
    {
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var lockout = new SharedLoginLockout(redis, new RedisKeys("t:lockout-stall:"), new LoginLockout(TimeProvider.System), TimeProvider.System,
            factory.CreateLogger<SharedLoginLockout>());
        // The default bound (RedisTimeout 300 ms); the Redis client's own timeout is 5 s.
        var settings = new LockoutOptions { MaxFailures = 3, Window = TimeSpan.FromMinutes(1), Duration = TimeSpan.FromMinutes(10) };
        var address = IPAddress.Parse(Guesser);
        Assert.Null(await lockout.LockedForAsync(address, settings));

        server.Stall();
        try
        {
            // Three wrong logins as the gate makes them: count the failure, then (unless it locked) is the address locked.
            for (var i = 1; i <= 3; i++)
            {
                var login = Stopwatch.StartNew();
                Assert.Equal(i == 3, await lockout.FailedAsync(address, settings));
                if (i < 3) Assert.Null(await lockout.LockedForAsync(address, settings));
                Assert.True(login.Elapsed < TimeSpan.FromSeconds(1.5), $"login {i} took {login.Elapsed.TotalMilliseconds:0} ms while Redis stalled");
            }
            Assert.True(await lockout.LockedForAsync(address, settings) is { TotalMinutes: > 9 and <= 10 });
        }
        finally { server.Resume(); }

        // Redis answers again (it counted at most the failure sent before the stall was seen): the lock still holds.
        await Eventually.WaitAsync(async () =>
        {
            Assert.True(await lockout.LockedForAsync(address, settings) is { TotalMinutes: > 9 and <= 10 });
            return logs.Messages(nameof(SharedLoginLockout)).Any(m => m.Contains("reaches Redis again"));
        }, TimeSpan.FromSeconds(10), "the lockout to reach Redis again");
        Assert.Contains("cannot reach Redis", Assert.Single(logs.Messages(nameof(SharedLoginLockout), LogLevel.Warning)));
    }
}
