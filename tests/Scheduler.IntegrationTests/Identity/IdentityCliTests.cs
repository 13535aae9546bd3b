using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Contracts.Schedules;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Identity;

/// <summary>The CLI's answers for an existing id, --replace and delete, in process and as a real process.</summary>
public sealed class IdentityCliTests
{
    [Fact]
    public async Task Schedule_says_already_scheduled_conflicts_with_exit_6_replaces_with_replace_and_reschedules_after_cancel()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-id");
        var first = await InProcessCli.RunAsync(redis, "schedule", "notification", "every 10 minutes", "--message", "hi", "--id", "t1");
        Assert.True(first.Code == 0, first.Err);
        Assert.StartsWith("scheduled t1: ", first.Out);

        var same = await InProcessCli.RunAsync(redis, "schedule", "notification", "every 10 minutes", "--message", "hi", "--id", "t1");
        Assert.Equal(ExitCodes.Ok, same.Code);
        Assert.StartsWith("already scheduled t1: ", same.Out);

        var conflict = await InProcessCli.RunAsync(redis, "schedule", "notification", "every 1 hour", "--message", "hi", "--id", "t1");
        Assert.Equal(ExitCodes.Conflict, conflict.Code);
        Assert.Equal(6, ExitCodes.Conflict);
        Assert.Contains("spec: \"every 10 minutes\" → \"every 1 hour\"", conflict.Err);
        Assert.Contains("--replace", conflict.Err);
        Assert.DoesNotContain("scheduled t1", conflict.Out);
        Assert.Equal("every 10 minutes", (await redis.CreateClient().GetAsync("t1"))!.Spec);

        var replaced = await InProcessCli.RunAsync(redis, "schedule", "notification", "every 1 hour", "--message", "hi", "--id", "t1", "--replace", "--json");
        Assert.True(replaced.Code == 0, replaced.Err);
        var json = JsonDocument.Parse(replaced.Out).RootElement;
        Assert.Equal("replaced", json.GetProperty("outcome").GetString());
        Assert.Equal("every 1 hour", json.GetProperty("spec").GetString());

        Assert.Equal(0, (await InProcessCli.RunAsync(redis, "cancel", "t1")).Code);
        var anew = await InProcessCli.RunAsync(redis, "schedule", "notification", "every 1 hour", "--message", "hi", "--id", "t1");
        Assert.Equal(ExitCodes.Ok, anew.Code);
        Assert.StartsWith("rescheduled t1: ", anew.Out);
        Assert.Equal(ScheduleStatus.Scheduled, (await redis.CreateClient().GetAsync("t1"))!.Status);
    }

    [Fact]
    public async Task Delete_as_a_real_process_removes_the_task_and_a_missing_id_exits_3_while_a_conflict_exits_6()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-id-delete");
        var env = new Dictionary<string, string?> { ["SCHEDULER_REDIS"] = redis.ConnectionString, ["SCHEDULER_PREFIX"] = redis.KeyPrefix, ["SCHEDULER_VERIFY"] = "false" };
        var patience = TimeSpan.FromSeconds(60);
        var created = await ChildProcess.RunAsync("Scheduler.Cli", ["schedule", "notification", "every 10 minutes", "--message", "hi", "--id", "t1"], env, patience);
        Assert.True(created.ExitCode == 0, created.Output);
        var conflict = await ChildProcess.RunAsync("Scheduler.Cli", ["schedule", "notification", "every 5 minutes", "--message", "hi", "--id", "t1"], env, patience);
        Assert.Equal(ExitCodes.Conflict, conflict.ExitCode);
        Assert.Contains("every 5 minutes", conflict.Output);

        var deleted = await ChildProcess.RunAsync("Scheduler.Cli", ["delete", "t1"], env, patience);
        Assert.True(deleted.ExitCode == 0, deleted.Output);
        Assert.Contains("deleted t1", deleted.Output);
        Assert.Null(await redis.CreateClient().GetAsync("t1"));
        Assert.Empty(await IdentityProbe.TracesAsync(redis, "t1"));

        var missing = await ChildProcess.RunAsync("Scheduler.Cli", ["delete", "t1"], env, patience);
        Assert.Equal(ExitCodes.NotFound, missing.ExitCode);
        Assert.Contains("no task with id \"t1\"", missing.Output);
    }
}
