using System.Text.Json;
using Scheduler.Cli;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Housekeeping;

/// <summary>
/// <c>scheduler cleanup …</c> parsed from command strings and run in-process against real Redis and a real directory.
/// </summary>
public sealed class CleanupCliTests
{
    private static async Task<(int Code, string Out, string Error)> RunAsync(RedisTestContext redis, CleanupSandbox? sandbox, params string[] args)
    {
        var environment = InProcessCli.Environment(redis);
        environment["SCHEDULER_HOUSEKEEPING_ALLOWED_ROOTS"] = sandbox?.Allowed;
        return await InProcessCli.RunAsync(environment, args);
    }

    [Fact]
    public async Task An_update_refused_by_a_full_redis_says_what_such_a_refusal_usually_is_and_changes_nothing()
    {
        using var sandbox = new CleanupSandbox();
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("hk-cli-full", server.ConnectionString);
        var id = (await RunAsync(redis, sandbox, "cleanup", "register", "-d", sandbox.Logs, "-p", "*.log", "--retention-days", "60")).Out.Trim();

        await server.RefuseWritesAsync(true);
        var (code, _, error) = await RunAsync(redis, sandbox, "cleanup", "update", id, "--retention-days", "7");
        await server.RefuseWritesAsync(false);

        Assert.Equal(ExitCodes.Failure, code);
        // A transaction Redis aborted (EXECABORT) names no reason of its own.
        Assert.Contains("memory full at maxmemory", error);
        Assert.DoesNotContain("   at ", error);
        Assert.Equal(60, JsonDocument.Parse((await RunAsync(redis, sandbox, "cleanup", "get", id, "--json")).Out).RootElement.GetProperty("retentionDays").GetInt32());
    }

    [Fact]
    public async Task Cli_registers_lists_updates_runs_and_removes_a_cleanup()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-cli");
        sandbox.Write("old.log", 30);
        sandbox.Write("new.log", 1);

        var (code, output, error) = await RunAsync(redis, sandbox, "cleanup", "register", "-d", sandbox.Logs, "-p", "*.log", "--retention-days", "60");
        Assert.True(code == ExitCodes.Ok, error);
        var id = output.Trim();

        Assert.Contains("older than 60 d", (await RunAsync(redis, sandbox, "cleanup", "list")).Out);
        Assert.Equal(ExitCodes.Ok, (await RunAsync(redis, sandbox, "cleanup", "update", id, "--retention-days", "7")).Code);
        Assert.Contains("policy:      older than 7 d", (await RunAsync(redis, sandbox, "cleanup", "get", id)).Out);
        Assert.Equal(ExitCodes.Ok, (await RunAsync(redis, sandbox, "cleanup", "update", id, "--max-files", "5")).Code);
        Assert.Equal(5, JsonDocument.Parse((await RunAsync(redis, sandbox, "cleanup", "get", id, "--json")).Out).RootElement.GetProperty("maxFiles").GetInt32());
        Assert.Equal(ExitCodes.Ok, (await RunAsync(redis, sandbox, "cleanup", "update", id, "--clear", "max-files")).Code);
        var cleared = JsonDocument.Parse((await RunAsync(redis, sandbox, "cleanup", "get", id, "--json")).Out).RootElement;
        Assert.False(cleared.TryGetProperty("maxFiles", out var maxFiles) && maxFiles.ValueKind != JsonValueKind.Null, cleared.ToString());
        Assert.Equal(7, cleared.GetProperty("retentionDays").GetInt32());
        var unknown = await RunAsync(redis, sandbox, "cleanup", "update", id, "--clear", "directory");
        Assert.Equal(ExitCodes.BadInput, unknown.Code);
        Assert.Contains("retention-days", unknown.Error);
        Assert.StartsWith($"unchanged {id}:", (await RunAsync(redis, sandbox, "cleanup", "update", id, "--retention-days", "7")).Out);
        var contradictory = await RunAsync(redis, sandbox, "cleanup", "update", id, "--max-files", "3", "--clear", "max-files");
        Assert.Equal(ExitCodes.BadInput, contradictory.Code);
        Assert.Contains("--max-files and --clear max-files contradict each other", contradictory.Error);
        Assert.False(JsonDocument.Parse((await RunAsync(redis, sandbox, "cleanup", "get", id, "--json")).Out).RootElement
            .TryGetProperty("maxFiles", out var kept) && kept.ValueKind != JsonValueKind.Null);

        var dry = await RunAsync(redis, sandbox, "cleanup", "run", id, "--dry-run", "--json");
        Assert.Equal(1, JsonDocument.Parse(dry.Out).RootElement.GetProperty("filesDeleted").GetInt32());
        Assert.Equal(["new.log", "old.log"], sandbox.Remaining());
        var table = (await RunAsync(redis, sandbox, "cleanup", "run", id, "--dry-run")).Out;
        Assert.Contains($"{id}: would delete old.log", table);
        Assert.DoesNotContain("would delete new.log", table);
        Assert.Equal(["new.log", "old.log"], sandbox.Remaining());

        var run = await RunAsync(redis, sandbox, "cleanup", "run");
        Assert.Contains("deleted 1 file(s)", run.Out);
        Assert.Equal(["new.log"], sandbox.Remaining());

        Assert.Equal(ExitCodes.Ok, (await RunAsync(redis, sandbox, "cleanup", "remove", id)).Code);
        Assert.Equal(ExitCodes.NotFound, (await RunAsync(redis, sandbox, "cleanup", "get", id)).Code);
    }

    [Fact]
    public async Task Cli_refuses_bad_registrations_with_exit_code_2_and_one_line()
    {
        using var sandbox = new CleanupSandbox();
        await using var redis = await RedisTestContext.CreateAsync("hk-cli-bad");

        var negative = await RunAsync(redis, sandbox, "cleanup", "register", "-d", sandbox.Logs, "-p", "*.log", "--retention-days", "-1");
        Assert.Equal(ExitCodes.BadInput, negative.Code);
        Assert.Equal("error: --retention-days \"-1\" is not accepted; expected a whole number from 0 to 36500", negative.Error.Split('\n')[0].Trim());

        var noRoots = await RunAsync(redis, null, "cleanup", "register", "-d", sandbox.Logs, "-p", "*.log", "--max-files", "3");
        Assert.Equal(ExitCodes.BadInput, noRoots.Code);
        Assert.Contains("SCHEDULER_HOUSEKEEPING_ALLOWED_ROOTS", noRoots.Error);

        Assert.Equal(ExitCodes.BadInput, (await RunAsync(redis, null, "cleanup", "run")).Code);
    }
}
