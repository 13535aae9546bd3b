using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Housekeeping;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Housekeeping;

/// <summary>
/// Every real run of a cleanup registration, by itself on a worker or by hand, is recorded with the registration
/// (when, by whom, counts, errors) and announced on the event stream; a run the worker refuses is a failed run.
/// </summary>
public sealed class CleanupLastRunTests
{
    private static Dictionary<string, string?> Settings(CleanupSandbox sandbox) => new(sandbox.Settings())
    {
        ["Scheduler:Housekeeping:CheckInterval"] = "00:00:00.100",
    };

    [Fact]
    public async Task A_run_by_itself_records_its_counts_with_the_registration_and_publishes_a_cleanup_ran_event()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-lastrun-auto");
        await using var system = await InProcessSystem.StartAsync(redis, beats: 0, settings: Settings(sandbox));
        var client = redis.CreateClient();
        sandbox.Write("a.tmp", 3);
        sandbox.Write("b.tmp", 2);
        sandbox.Write("c.tmp", 1);
        var id = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.tmp", MaxFiles: 1, Interval: TimeSpan.FromSeconds(1)), sandbox.Roots);
        Assert.Null((await client.GetCleanupAsync(id))!.LastRun);

        // The first recorded run: later ones (one a second) find one file and delete none.
        var first = await Eventually.WaitAsync(async () => (await client.GetCleanupAsync(id))!.LastRun, run => run is not null,
            TimeSpan.FromSeconds(20), "the registration's own run recorded");

        Assert.Equal((3, 2, 20L), (first!.FilesExamined, first.FilesDeleted, first.BytesFreed));
        Assert.Empty(first.Errors);
        Assert.True(first.Succeeded);
        Assert.StartsWith("worker:", first.RanBy);
        Assert.Equal(["c.tmp"], sandbox.Remaining());
        var ran = (await client.GetRecentEventsAsync(EventTypePattern.Parse(SchedulerEvents.CleanupRan), 10, id))[0];
        Assert.Equal("2", ran.Data["deleted"]);
        Assert.Equal("20", ran.Data["bytes"]);
        Assert.False(ran.Data.ContainsKey("error"));
    }

    [Fact]
    public async Task A_registration_outside_the_workers_roots_records_a_failed_run_naming_the_roots_on_every_surface()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-lastrun-refused");
        var client = redis.CreateClient();
        // Registered by a caller granted the whole sandbox, before any worker is live (so nothing refuses it yet).
        var id = await client.RegisterCleanupAsync(
            new CleanupRequest(sandbox.Outside, "*.tmp", MaxFiles: 1, Interval: TimeSpan.FromSeconds(1)), [sandbox.Base]);
        sandbox.Write("a.tmp", 2, directory: sandbox.Outside);
        sandbox.Write("b.tmp", 1, directory: sandbox.Outside);
        await using var system = await InProcessSystem.StartAsync(redis, beats: 0, settings: Settings(sandbox));

        var run = await Eventually.WaitAsync(async () => (await client.GetCleanupAsync(id))!.LastRun, r => r is not null,
            TimeSpan.FromSeconds(20), "the refused run recorded");

        var refusal = $"cleanup \"directory\" \"{sandbox.Outside}\" is outside the allowed roots ({sandbox.Allowed}); expected a directory at or below one of them";
        Assert.False(run!.Succeeded);
        Assert.Equal([refusal], run.Errors);
        Assert.Equal((0, 0, 0L), (run.FilesExamined, run.FilesDeleted, run.BytesFreed));
        Assert.Equal(2, Directory.GetFiles(sandbox.Outside).Length);
        var failed = (await client.GetRecentEventsAsync(EventTypePattern.Parse(SchedulerEvents.CleanupFailed), 10, id))[0];
        Assert.Equal(refusal, failed.Data["error"]);

        var (code, output, error) = await InProcessCli.RunAsync(redis, "cleanup", "get", id);
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains(": failed (1 error(s)), 0 file(s) examined, 0 deleted, 0 bytes freed", output);
        Assert.Contains($"  error:     {refusal}", output);
        var list = await InProcessCli.RunAsync(redis, "cleanup", "list");
        Assert.Contains(" failed, 0 deleted", list.Out);

        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var body = await dashboard.Http.GetFromJsonAsync<JsonElement>($"/api/cleanup/{id}");
        var lastRun = body.GetProperty("lastRun");
        Assert.Equal(refusal, lastRun.GetProperty("errors")[0].GetString());
        Assert.False(lastRun.GetProperty("succeeded").GetBoolean());
    }

    [Fact]
    public async Task A_run_by_hand_is_recorded_a_dry_run_is_not_and_remove_drops_the_record()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-lastrun-manual");
        var client = redis.CreateClient();
        sandbox.Write("a.tmp", 3, size: 7);
        sandbox.Write("b.tmp", 2, size: 5);
        sandbox.Write("c.tmp", 1);
        var id = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.tmp", MaxFiles: 1), sandbox.Roots);
        var environment = InProcessCli.Environment(redis);
        environment["SCHEDULER_HOUSEKEEPING_ALLOWED_ROOTS"] = sandbox.Allowed;

        Assert.Equal(ExitCodes.Ok, (await InProcessCli.RunAsync(environment, "cleanup", "run", id, "--dry-run")).Code);
        Assert.Null((await client.GetCleanupAsync(id))!.LastRun);
        Assert.Contains("last run:    never", (await InProcessCli.RunAsync(redis, "cleanup", "get", id)).Out);

        Assert.Equal(ExitCodes.Ok, (await InProcessCli.RunAsync(environment, "cleanup", "run", id, "--as", "ops")).Code);
        var run = (await client.GetCleanupAsync(id))!.LastRun!;
        Assert.Equal(("ops", 3, 2, 12L), (run.RanBy, run.FilesExamined, run.FilesDeleted, run.BytesFreed));
        Assert.Contains(" by ops: succeeded, 3 file(s) examined, 2 deleted, 12 bytes freed", (await InProcessCli.RunAsync(redis, "cleanup", "get", id)).Out);
        Assert.Equal(run, Assert.Single(await client.ListCleanupsAsync()).LastRun, LastRunComparer.Instance);

        Assert.True(await client.RemoveCleanupAsync(id));
        Assert.False(await redis.Redis.GetDatabase().HashExistsAsync(redis.KeyPrefix + "cleanup-last-run", id));
    }

    [Fact]
    public async Task A_run_asked_for_over_REST_is_recorded_as_run_by_the_requesting_user()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-lastrun-rest");
        var client = redis.CreateClient();
        sandbox.Write("a.tmp", 2);
        sandbox.Write("b.tmp", 1);
        var id = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.tmp", MaxFiles: 1), sandbox.Roots);
        await using var dashboard = await InProcessDashboard.StartAsync(redis, sandbox.Settings());

        var response = await dashboard.Http.PostAsync($"/api/cleanup/run?registrationId={id}", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = (await client.GetCleanupAsync(id))!.LastRun!;
        Assert.Equal(("local", 1), (run.RanBy, run.FilesDeleted));
    }

    [Fact]
    public async Task Registering_a_directory_no_live_worker_may_clean_is_refused_naming_the_roots_they_allow()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-lastrun-verify");
        await using var system = await InProcessSystem.StartAsync(redis, beats: 0, settings: Settings(sandbox));
        var client = redis.CreateClient(verifyWorkers: true);
        await Eventually.WaitAsync(async () => (await client.GetWorkerCapabilitiesAsync()).Count == 1, TimeSpan.FromSeconds(10), "the worker advertising");

        var error = await Assert.ThrowsAsync<InvalidCleanupException>(() =>
            client.RegisterCleanupAsync(new CleanupRequest(sandbox.Outside, "*.tmp", MaxFiles: 1), [sandbox.Base]));
        var expected = $"cleanup \"directory\" \"{sandbox.Outside}\" is outside the roots every live worker runs cleanups in ({sandbox.Allowed}), "
            + "so it would never be cleaned; choose a directory below one of them, add a root to Scheduler:Housekeeping:AllowedRoots of a worker, "
            + "or pass --no-verify (CLI) or SchedulerClientOptions.VerifyWorkers = false to register it for workers that start later";
        Assert.Equal([expected], error.Errors);
        Assert.Empty(await client.ListCleanupsAsync());
        Assert.NotNull(await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.tmp", MaxFiles: 1), [sandbox.Base]));

        var environment = InProcessCli.Environment(redis, verifyWorkers: true);
        environment["SCHEDULER_HOUSEKEEPING_ALLOWED_ROOTS"] = sandbox.Base;
        var refused = await InProcessCli.RunAsync(environment, "cleanup", "register", "-d", sandbox.Outside, "-p", "*.tmp", "--max-files", "1");
        Assert.Equal(ExitCodes.BadInput, refused.Code);
        Assert.Contains(expected, refused.Err);
        var forced = await InProcessCli.RunAsync(environment, "cleanup", "register", "-d", sandbox.Outside, "-p", "*.tmp", "--max-files", "1", "--no-verify");
        Assert.True(forced.Code == ExitCodes.Ok, forced.Err);
        Assert.Equal(2, (await client.ListCleanupsAsync()).Count);

        await using var dashboard = await InProcessDashboard.StartAsync(redis, new Dictionary<string, string?>
        {
            ["Scheduler:Housekeeping:AllowedRoots:0"] = sandbox.Base, ["Scheduler:VerifyWorkers"] = "true",
        });
        var body = $$"""{"directory": {{JsonSerializer.Serialize(sandbox.Outside)}}, "pattern": "*.log", "maxFiles": 3}""";
        var response = await dashboard.Http.PostAsync("/api/cleanup", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(expected, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(2, (await client.ListCleanupsAsync()).Count);
    }

    // Records compare lists by reference; a last run read twice holds two lists.
    private sealed class LastRunComparer : IEqualityComparer<CleanupLastRun?>
    {
        public static readonly LastRunComparer Instance = new();
        public bool Equals(CleanupLastRun? x, CleanupLastRun? y) =>
            x is not null && y is not null && x with { Errors = [] } == y with { Errors = [] } && x.Errors.SequenceEqual(y.Errors);
        public int GetHashCode(CleanupLastRun? obj) => 0;
    }
}
