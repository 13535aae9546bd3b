using System.Text.Json;
using Scheduler.Cli;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Cli;

/// <summary>The new commands through the built <c>scheduler</c> executable: real process, real exit codes, real OS user.</summary>
public sealed class CliProcessParityTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_cli_process_records_the_os_user_reschedules_and_answers_already_ended_with_its_own_exit_code()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-process-parity");
        var env = new Dictionary<string, string?> { ["SCHEDULER_REDIS"] = redis.ConnectionString, ["SCHEDULER_PREFIX"] = redis.KeyPrefix, ["SCHEDULER_VERIFY"] = "false" };
        Task<(int ExitCode, string Output)> Cli(params string[] args) => ChildProcess.RunAsync("Scheduler.Cli", args, env, Patience);

        var scheduled = await Cli("schedule", "notification", "every 10 minutes", "-m", "m", "--module", "ops", "--id", "proc-1", "--json");
        Assert.True(scheduled.ExitCode == 0, scheduled.Output);
        Assert.Equal(Environment.UserName, JsonDocument.Parse(scheduled.Output).RootElement.GetProperty("createdBy").GetString());

        var moved = await Cli("reschedule", "proc-1", "every day at noon", "--as", "ops-bot");
        Assert.True(moved.ExitCode == 0, moved.Output);
        var info = await Cli("info", "proc-1");
        Assert.Contains("by ops-bot", info.Output);
        Assert.Contains($"by {Environment.UserName}", info.Output);

        var all = await Cli("cancel", "--all", "--module", "ops");
        Assert.Equal((0, "cancelled 1 task(s)"), (all.ExitCode, all.Output.Trim()));
        var again = await Cli("cancel", "proc-1");
        Assert.Equal(ExitCodes.AlreadyEnded, again.ExitCode);
        Assert.Contains("already ended", again.Output);
    }
}
