using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Contracts.Housekeeping;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Housekeeping;

/// <summary>
/// A cleanup registration keeps its newest real runs (capped), written with its last run, readable by the client,
/// REST and the CLI, and deleted with the registration.
/// </summary>
public sealed class CleanupHistoryTests
{
    [Fact]
    public async Task The_newest_20_real_runs_are_kept_newest_first_beginning_with_the_last_run_and_go_with_the_registration()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-history");
        var client = redis.CreateClient();
        var id = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", MaxFiles: 1), sandbox.Roots);
        Assert.Empty((await client.GetCleanupRunsAsync(id))!);

        sandbox.Write("a.log", 2, size: 5);
        sandbox.Write("b.log", 1);
        await client.RunCleanupAsync(id, dryRun: false, sandbox.Roots);
        await client.RunCleanupAsync(id, dryRun: true, sandbox.Roots);
        var runs = (await client.GetCleanupRunsAsync(id))!;
        var first = Assert.Single(runs);
        Assert.Equal((2, 1, 5L), (first.FilesExamined, first.FilesDeleted, first.BytesFreed));

        for (var i = 0; i < 21; i++) await client.RunCleanupAsync(id, dryRun: false, sandbox.Roots);
        runs = (await client.GetCleanupRunsAsync(id))!;

        Assert.Equal(CleanupLastRun.KeptRuns, runs.Count);
        Assert.Equal(runs.OrderByDescending(r => r.At).Select(r => r.At), runs.Select(r => r.At));
        Assert.DoesNotContain(runs, r => r.FilesDeleted > 0);
        Assert.Equal((await client.GetCleanupAsync(id))!.LastRun, runs[0], CleanupRunComparer.Instance);

        Assert.True(await client.RemoveCleanupAsync(id));
        Assert.Null(await client.GetCleanupRunsAsync(id));
        Assert.False(await redis.Redis.GetDatabase().KeyExistsAsync(redis.KeyPrefix + "cleanup-history:" + id));
    }

    [Fact]
    public async Task Rest_and_cli_read_a_registrations_runs_and_answer_an_unknown_id_as_not_found()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-history-surfaces");
        var client = redis.CreateClient();
        var id = await client.RegisterCleanupAsync(new CleanupRequest(sandbox.Logs, "*.log", MaxFiles: 1), sandbox.Roots);
        sandbox.Write("a.log", 2);
        sandbox.Write("b.log", 1);
        await client.RunCleanupAsync(id, dryRun: false, sandbox.Roots);
        await client.RunCleanupAsync(id, dryRun: false, [sandbox.Outside]);

        await using var dashboard = await InProcessDashboard.StartAsync(redis, sandbox.Settings());
        var runs = await dashboard.Http.GetFromJsonAsync<JsonElement>($"/api/cleanup/{id}/runs");
        Assert.Equal(2, runs.GetArrayLength());
        Assert.Contains("outside the allowed roots", runs[0].GetProperty("errors")[0].GetString());
        Assert.Equal(1, runs[1].GetProperty("filesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Http.GetAsync("/api/cleanup/c0000/runs")).StatusCode);

        var environment = InProcessCli.Environment(redis);
        var (code, output, error) = await InProcessCli.RunAsync(environment, "cleanup", "history", id);
        Assert.True(code == ExitCodes.Ok, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("AT", lines[0]);
        Assert.Contains(" failed ", lines[1]);
        Assert.Contains(" succeeded ", lines[2]);
        Assert.Contains("is outside the allowed roots", lines[3]);
        var json = await InProcessCli.RunAsync(environment, "cleanup", "history", id, "--json");
        Assert.Equal(2, JsonDocument.Parse(json.Out).RootElement.GetArrayLength());
        Assert.Equal(ExitCodes.NotFound, (await InProcessCli.RunAsync(environment, "cleanup", "history", "c0000")).Code);
    }

    // Records holding lists compare the lists by reference; a run read twice is the same run field by field.
    private sealed class CleanupRunComparer : IEqualityComparer<CleanupLastRun?>
    {
        public static readonly CleanupRunComparer Instance = new();

        public bool Equals(CleanupLastRun? x, CleanupLastRun? y) =>
            x is not null && y is not null && x with { Errors = [] } == y with { Errors = [] } && x.Errors.SequenceEqual(y.Errors);

        public int GetHashCode(CleanupLastRun? run) => run?.At.GetHashCode() ?? 0;
    }
}
