using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.RedisDeployment;

/// <summary>
/// The CLI (the real process) checks Redis as every component does at start (<see cref="RedisCompatibilityTests"/>):
/// a Redis it cannot use ends the command with exit 4 and one line naming the cause, before anything is written; a
/// command that only reads does without the probes of a write and a publish; an evicting Redis is warned of.
/// </summary>
public sealed class CliRedisCheckTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static Task<(int ExitCode, string Output)> CliAsync(string connection, params string[] args) =>
        ChildProcess.RunAsync("Scheduler.Cli", args, new Dictionary<string, string?>
        {
            ["SCHEDULER_REDIS"] = connection, ["SCHEDULER_PREFIX"] = "cli-check:", ["SCHEDULER_VERIFY"] = "false",
        }, Patience);

    private static readonly string[] Schedule = ["schedule", "notification", "in 1 hour", "--message", "hi", "--id", "t1"];

    [Fact]
    public async Task A_wrong_password_let_in_as_the_default_user_ends_a_cli_command_with_exit_4_saying_so()
    {
        // The default user on with no password (Redis's own default), and an ACL user whose password is mistyped.
        await using var server = await PrivateRedis.StartAsync("--user", "app", "on", ">right-password", "~*", "&*", "+@all");

        var (code, output) = await CliAsync($"127.0.0.1:{server.Port},user=app,password=wrong-password", "list");

        Assert.True(code == 4, $"exited {code}: {output}");
        Assert.Contains("took the connection as user \"default\", not \"app\"", output);
        Assert.DoesNotContain("wrong-password", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task An_acl_user_without_channels_ends_a_cli_write_with_exit_4_before_writing_while_a_read_still_works()
    {
        // What Redis 7 gives a new user by default (acl-pubsub-default resetchannels): every key and command, no channel.
        await using var server = await PrivateRedis.StartAsync("--user", "default", "on", "nopass", "~*", "resetchannels", "+@all");

        var (code, output) = await CliAsync(server.ConnectionString, Schedule);
        var listed = await CliAsync(server.ConnectionString, "list", "--json");

        Assert.True(code == 4, $"exited {code}: {output}");
        Assert.Contains("refused a command Scheduler needs (NOPERM", output);
        Assert.Contains("~* &* +@all", output);
        Assert.DoesNotContain("   at ", output);
        // Refused before the create script, which would have stored the task and then failed at its PUBLISH.
        Assert.True(listed.ExitCode == 0, $"exited {listed.ExitCode}: {listed.Output}");
        Assert.Equal("[]", listed.Output.Trim());
    }

    [Fact]
    public async Task An_acl_user_missing_a_command_ends_a_cli_write_with_exit_4_naming_the_refusal_and_the_rule_needed()
    {
        await using var server = await PrivateRedis.StartAsync("--user", "default", "on", "nopass", "~*", "&*", "+@all", "-getdel");

        var (code, output) = await CliAsync(server.ConnectionString, Schedule);

        Assert.True(code == 4, $"exited {code}: {output}");
        Assert.Contains("refused a command Scheduler needs (NOPERM", output);
        Assert.Contains("~* &* +@all", output);
    }

    [Fact]
    public async Task An_acl_user_without_wait_ends_a_cli_write_that_waits_for_replicas_with_exit_4_before_writing_and_one_that_does_not_wait_runs()
    {
        await using var server = await PrivateRedis.StartAsync("--user", "default", "on", "nopass", "~*", "&*", "+@all", "-wait");
        var environment = InProcessCli.Environment(server.ConnectionString, "cli-check-wait:");

        var waiting = await InProcessCli.RunAsync(environment, [.. Schedule, "--replica-ack", "1"]);
        var listed = await InProcessCli.RunAsync(environment, "list", "--json", "--replica-ack", "1");
        var plain = await InProcessCli.RunAsync(environment, Schedule);

        Assert.True(waiting.Code == 4, $"exited {waiting.Code}: {waiting.Err}");
        Assert.Contains("Scheduler:Redis:ReplicaAcknowledgement makes each write wait for 1 replica(s), but Redis at", waiting.Err);
        Assert.Contains("refused WAIT (NOPERM", waiting.Err);
        Assert.Contains("(here: --replica-ack, or $Scheduler__Redis__ReplicaAcknowledgement__Replicas)", waiting.Err);
        // Refused before the create script: the look after it finds nothing, and a look has no write to wait for.
        Assert.True(listed.Code == 0, $"exited {listed.Code}: {listed.Err}");
        Assert.Equal("[]", listed.Out.Trim());
        Assert.True(plain.Code == 0, $"exited {plain.Code}: {plain.Err}");
    }

    [Fact]
    public async Task A_redis_that_does_not_know_wait_ends_a_cli_write_that_waits_for_replicas_with_exit_4_before_writing()
    {
        await using var server = await PrivateRedis.StartAsync("--rename-command", "WAIT", "");
        var environment = InProcessCli.Environment(server.ConnectionString, "cli-check-unknown-wait:");

        var waiting = await InProcessCli.RunAsync(environment, [.. Schedule, "--replica-ack", "1"]);
        var listed = await InProcessCli.RunAsync(environment, "list", "--json");

        Assert.True(waiting.Code == 4, $"exited {waiting.Code}: {waiting.Err}");
        Assert.Contains("Scheduler:Redis:ReplicaAcknowledgement makes each write wait for 1 replica(s), but Redis at", waiting.Err);
        Assert.Contains("does not know WAIT (ERR unknown command", waiting.Err);
        Assert.Contains("(here: --replica-ack, or $Scheduler__Redis__ReplicaAcknowledgement__Replicas)", waiting.Err);
        Assert.DoesNotContain("   at ", waiting.Err);
        Assert.True(listed.Code == 0, $"exited {listed.Code}: {listed.Err}");
        Assert.Equal("[]", listed.Out.Trim());
    }

    [Fact]
    public async Task A_redis_cluster_node_ends_a_cli_command_with_exit_4_naming_what_is_supported()
    {
        await using var server = await PrivateRedis.StartAsync("--cluster-enabled", "yes");

        var (code, output) = await CliAsync(server.ConnectionString, "list");

        Assert.True(code == 4, $"exited {code}: {output}");
        Assert.Contains("is a Redis Cluster node: Scheduler needs one primary", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task An_evicting_maxmemory_policy_is_warned_of_by_the_cli_whose_command_still_runs()
    {
        await using var server = await PrivateRedis.StartAsync("--maxmemory", "512mb", "--maxmemory-policy", "volatile-lru");

        var (code, output) = await CliAsync(server.ConnectionString, Schedule);

        Assert.True(code == 0, $"exited {code}: {output}");
        Assert.Contains("warning: Redis at", output);
        Assert.Contains("has maxmemory-policy volatile-lru", output);
        Assert.Contains("Set maxmemory-policy noeviction", output);
    }
}
