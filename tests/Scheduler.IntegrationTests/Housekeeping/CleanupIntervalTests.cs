using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Housekeeping;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Housekeeping;

/// <summary>
/// Issue 22 §2: a cleanup registration runs on its interval by itself on workers with allowed roots (no schedule,
/// nobody calling run), each due run claimed by exactly one worker; with no roots a registration is refused at once.
/// </summary>
public sealed class CleanupIntervalTests
{
    private static Dictionary<string, string?> Settings(CleanupSandbox sandbox) => new(sandbox.Settings())
    {
        ["Scheduler:Housekeeping:CheckInterval"] = "00:00:00.100",
    };

    [Fact]
    public async Task A_registration_with_a_short_interval_deletes_old_files_twice_without_anyone_calling_run()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-interval");
        await using var system = await InProcessSystem.StartAsync(redis, beats: 0, workers: 2, settings: Settings(sandbox));
        var client = redis.CreateClient();
        sandbox.Write("keep.log", 1);
        var first = sandbox.Write("first.log", 30);
        var id = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", RetentionDays: 7, Interval: TimeSpan.FromSeconds(1)), sandbox.Roots);
        Assert.Equal(TimeSpan.FromSeconds(1), (await client.GetCleanupAsync(id))!.Interval);

        await Eventually.WaitAsync(() => Task.FromResult(!File.Exists(first)), TimeSpan.FromSeconds(20), "the first old file deleted by the registration's own run");
        var second = sandbox.Write("second.log", 30);
        await Eventually.WaitAsync(() => Task.FromResult(!File.Exists(second)), TimeSpan.FromSeconds(20), "the second old file deleted by a later run");

        Assert.Equal(["keep.log"], sandbox.Remaining());
        // Each run moved the registration's next run at least one interval along its grid, so two workers running the
        // same due run would show as more runs than grid steps.
        var db = redis.Redis.GetDatabase();
        var runs = (long)await db.HashGetAsync(redis.KeyPrefix + "cleanup-runs", id);
        var registered = (await client.GetCleanupAsync(id))!.CreatedAt.ToUnixTimeMilliseconds() + 1000;
        var next = (long)(await db.SortedSetScoreAsync(redis.KeyPrefix + "cleanup-due", id))!.Value;
        Assert.InRange(runs, 2, (next - registered) / 1000);
    }

    [Fact]
    public async Task An_update_keeps_the_next_run_unless_the_interval_changes_and_one_that_changes_nothing_writes_and_audits_nothing()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-interval-update");
        var client = redis.CreateClient();
        var request = new CleanupRequest(sandbox.Logs, "*.log", MaxFiles: 3, Interval: TimeSpan.FromDays(1));
        var id = await client.RegisterCleanupAsync(request, sandbox.Roots);
        var registered = (await client.GetCleanupAsync(id))!;
        var firstDue = await DueAsync(redis, id);
        await Task.Delay(20);

        var same = await client.UpdateCleanupAsync(id, request, sandbox.Roots);
        Assert.Equal(registered.UpdatedAt, same!.UpdatedAt);
        Assert.Equal(firstDue, await DueAsync(redis, id));
        Assert.Single((await client.GetAuditAsync(new AuditFilter { TaskId = id })).Entries);

        await client.UpdateCleanupAsync(id, request with { Description = "nightly logs", MaxFiles = 5 }, sandbox.Roots);
        Assert.Equal(firstDue, await DueAsync(redis, id));

        // Longer: the next run, sooner than a new day from now, stays; shorter: one new interval from now.
        await client.UpdateCleanupAsync(id, request with { Interval = TimeSpan.FromDays(2) }, sandbox.Roots);
        Assert.Equal(firstDue, await DueAsync(redis, id));
        var shortened = await client.UpdateCleanupAsync(id, request with { Interval = TimeSpan.FromMinutes(5) }, sandbox.Roots);
        Assert.Equal(shortened!.UpdatedAt + TimeSpan.FromMinutes(5), await DueAsync(redis, id));
    }

    private static async Task<DateTimeOffset> DueAsync(RedisTestContext redis, string id) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)(await redis.Redis.GetDatabase().SortedSetScoreAsync(redis.KeyPrefix + "cleanup-due", id))!.Value);

    [Fact]
    public async Task A_registration_runs_first_one_interval_after_it_is_registered_and_defaults_to_hourly()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-interval-default");
        var client = redis.CreateClient();
        var id = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", MaxFiles: 3), sandbox.Roots);
        var registration = (await client.GetCleanupAsync(id))!;

        Assert.Equal(TimeSpan.FromHours(1), registration.Interval);
        var due = await redis.Redis.GetDatabase().SortedSetScoreAsync(redis.KeyPrefix + "cleanup-due", id);
        Assert.Equal((registration.CreatedAt + TimeSpan.FromHours(1)).ToUnixTimeMilliseconds(), (long)due!.Value);
        Assert.True(await client.RemoveCleanupAsync(id));
        Assert.Null(await redis.Redis.GetDatabase().SortedSetScoreAsync(redis.KeyPrefix + "cleanup-due", id));
    }

    [Fact]
    public async Task An_interval_out_of_range_is_refused_naming_the_field()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-interval-bad");
        var error = await Assert.ThrowsAsync<InvalidCleanupException>(() => redis.CreateClient().RegisterCleanupAsync(
            new CleanupRequest(sandbox.Logs, "*.log", MaxFiles: 3, Interval: TimeSpan.FromMilliseconds(500)), sandbox.Roots));
        Assert.Equal("cleanup \"interval\" is 00:00:00.5000000; expected whole milliseconds from 1 second to 366 days (e.g. \"00:30:00\"), or none for hourly", Assert.Single(error.Errors));
    }

    [Fact]
    public async Task Without_allowed_roots_the_cli_refuses_a_registration_at_once_with_exit_2_naming_the_settings()
    {
        using var sandbox = new CleanupSandbox();
        // No Redis at this address: the refusal must come before any connection is tried.
        var environment = new Dictionary<string, string?> { ["SCHEDULER_REDIS"] = "127.0.0.1:1" };
        var (code, _, message) = await InProcessCli.RunAsync(environment, "cleanup", "register", "-d", sandbox.Logs, "-p", "*.log", "--max-files", "3");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("no allowed roots are configured; set Scheduler:Housekeeping:AllowedRoots", message);
        Assert.Contains("Scheduler__Housekeeping__AllowedRoots__0=", message);
        Assert.Contains("SCHEDULER_HOUSEKEEPING_ALLOWED_ROOTS=", message);
    }

    [Fact]
    public async Task Without_allowed_roots_the_client_refuses_a_registration_and_stores_nothing()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-interval-noroots");
        var client = redis.CreateClient();
        var error = await Assert.ThrowsAsync<InvalidCleanupException>(() =>
            client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", MaxFiles: 3, Interval: TimeSpan.FromMinutes(5)), []));
        Assert.StartsWith("cleanup \"directory\" is refused because no allowed roots are configured; set Scheduler:Housekeeping:AllowedRoots", error.Message);
        Assert.Empty(await client.ListCleanupsAsync());
        Assert.Equal(0, await redis.Redis.GetDatabase().SortedSetLengthAsync(redis.KeyPrefix + "cleanup-due"));
    }

    [Fact]
    public async Task Rest_and_cli_take_the_interval_and_show_it()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-interval-surfaces");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, sandbox.Settings());
        var body = $$"""{"directory": {{JsonSerializer.Serialize(sandbox.Logs)}}, "pattern": "*.log", "maxFiles": 3, "interval": "00:30:00"}""";
        var created = await dashboard.Http.PostAsync("/api/cleanup", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("00:30:00", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("interval").GetString());
        // The command line's grammar: "1.5h" is read, a bare "6" (6 seconds to the CLI, 6 days to .NET) is refused for its unit.
        var fractional = await dashboard.Http.PostAsync("/api/cleanup", new StringContent(body.Replace("00:30:00", "1.5h"), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, fractional.StatusCode);
        Assert.Equal("01:30:00", (await fractional.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("interval").GetString());
        var bare = await dashboard.Http.PostAsync("/api/cleanup", new StringContent(body.Replace("00:30:00", "6"), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        Assert.Equal("interval: \"6\" has no unit; write it with one (6s, 6m, 6h or 6d) or as hh:mm:ss",
            (await bare.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var environment = InProcessCli.Environment(redis);
        environment["SCHEDULER_HOUSEKEEPING_ALLOWED_ROOTS"] = sandbox.Allowed;
        Task<(int Code, string Out, string Err)> Run(params string[] args) => InProcessCli.RunAsync(environment, args);
        var registered = await Run("cleanup", "register", "-d", sandbox.Logs, "-p", "*.tmp", "--max-files", "3", "--interval", "2h");
        Assert.True(registered.Code == ExitCodes.Ok, registered.Err);
        Assert.Contains("interval:    every 2 hours", (await Run("cleanup", "get", registered.Out.Trim())).Out);
        // An update without --interval keeps the stored one.
        Assert.Equal(ExitCodes.Ok, (await Run("cleanup", "update", registered.Out.Trim(), "--max-files", "4")).Code);
        Assert.Contains("interval:    every 2 hours", (await Run("cleanup", "get", registered.Out.Trim())).Out);
    }
}
