using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.RedisDeployment;

/// <summary>
/// A Redis that would fail later (a Cluster node, an ACL missing a command) stops a component at start with the cause
/// named; one that would evict Scheduler's keys under memory pressure is said so loudly at start.
/// </summary>
public sealed class RedisCompatibilityTests
{
    private static Dictionary<string, string?> Environment(PrivateRedis server) =>
        new() { ["SCHEDULER_REDIS"] = server.ConnectionString, ["Scheduler__Dashboard__Port"] = RedisServer.FreePort().ToString() };

    // With Scheduler:Redis:ReplicaAcknowledgement asking each write to wait for one replica.
    private static Dictionary<string, string?> WaitingForOneReplica(PrivateRedis server) =>
        new(Environment(server)) { ["Scheduler__Redis__ReplicaAcknowledgement__Replicas"] = "1" };

    [Fact]
    public async Task A_redis_cluster_node_stops_a_component_at_start_naming_what_is_supported()
    {
        await using var server = await PrivateRedis.StartAsync("--cluster-enabled", "yes");

        var (code, output) = await ChildProcess.RunAsync("Scheduler.Beat", [], Environment(server), TimeSpan.FromSeconds(60));

        Assert.True(code == 1, $"exited {code}: {output}");
        Assert.Contains("is a Redis Cluster node: Scheduler needs one primary", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Theory]
    [InlineData("-getdel", "Scheduler.Worker")]
    // Scripts: every firing round is one; without them Beat used to start and log "Redis unavailable?" every second.
    [InlineData("-evalsha", "Scheduler.Beat")]
    [InlineData("-@scripting", "Scheduler.Worker")]
    // Transactions: Hangfire's storage and the worker's claim.
    [InlineData("-@transaction", "Scheduler.Worker")]
    public async Task An_acl_user_missing_a_command_stops_a_component_at_start_naming_the_refusal_and_the_rule_needed(string refused, string component)
    {
        await using var server = await PrivateRedis.StartAsync("--user", "default", "on", "nopass", "~*", "&*", "+@all", refused);

        var (code, output) = await ChildProcess.RunAsync(component, [], Environment(server), TimeSpan.FromSeconds(60));

        Assert.True(code == 1, $"exited {code}: {output}");
        Assert.Contains("refused a command Scheduler needs (NOPERM", output);
        Assert.Contains("~* &* +@all", output);
        Assert.DoesNotContain("cannot reach Redis", output);
    }

    [Fact]
    public async Task An_acl_user_without_channels_stops_a_component_at_start_naming_the_rule_needed()
    {
        // What Redis 7 gives a new user by default (acl-pubsub-default resetchannels): every key and command, no channel.
        await using var server = await PrivateRedis.StartAsync("--user", "default", "on", "nopass", "~*", "resetchannels", "+@all");

        var (code, output) = await ChildProcess.RunAsync("Scheduler.Beat", [], Environment(server), TimeSpan.FromSeconds(60));

        Assert.True(code == 1, $"exited {code}: {output}");
        Assert.Contains("refused a command Scheduler needs (NOPERM", output);
        Assert.Contains("~* &* +@all", output);
    }

    [Fact]
    public async Task An_acl_user_without_wait_stops_a_component_at_start_when_writes_wait_for_replicas_naming_the_setting_and_the_permission()
    {
        // Every write of such a component ends with WAIT: without it each would be made on the primary and reported failed.
        await using var server = await PrivateRedis.StartAsync("--user", "default", "on", "nopass", "~*", "&*", "+@all", "-wait");
        var environment = WaitingForOneReplica(server);

        var (code, output) = await ChildProcess.RunAsync("Scheduler.Worker", [], environment, TimeSpan.FromSeconds(60));

        Assert.True(code == 1, $"exited {code}: {output}");
        Assert.Contains("Scheduler:Redis:ReplicaAcknowledgement makes each write wait for 1 replica(s), but Redis at", output);
        Assert.Contains("refused WAIT (NOPERM", output);
        Assert.Contains("its ACL user needs +wait", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task An_acl_user_without_wait_starts_a_beat_when_writes_wait_for_replicas_as_beat_itself_never_waits()
    {
        // Beat's firing is not waited for by design (a worker's acknowledged claim covers it): it sends no WAIT to need.
        await using var server = await PrivateRedis.StartAsync("--user", "default", "on", "nopass", "~*", "&*", "+@all", "-wait");
        var environment = WaitingForOneReplica(server);
        await using var beat = ChildProcess.Start("Scheduler.Beat", [], environment);

        await Eventually.WaitAsync(() => Task.FromResult(beat.Output), o => o.Contains("Application started") || beat.HasExited,
            TimeSpan.FromSeconds(60), "Beat to start");

        Assert.False(beat.HasExited, beat.Output);
        Assert.DoesNotContain("refused WAIT", beat.Output);
    }

    [Fact]
    public async Task A_redis_that_does_not_know_wait_stops_a_component_at_start_when_writes_wait_for_replicas_naming_the_setting_and_the_answer()
    {
        // As a proxy that does not pass WAIT on answers (twemproxy), or a server with it renamed away: retried at start as
        // if Redis were away, it used to end after the start-up patience as "cannot reach Redis".
        await using var server = await PrivateRedis.StartAsync("--rename-command", "WAIT", "");
        var environment = WaitingForOneReplica(server);

        var (code, output) = await ChildProcess.RunAsync("Scheduler.Worker", [], environment, TimeSpan.FromSeconds(60));

        Assert.True(code == 1, $"exited {code}: {output}");
        Assert.Contains("Scheduler:Redis:ReplicaAcknowledgement makes each write wait for 1 replica(s), but Redis at", output);
        Assert.Contains("does not know WAIT (ERR unknown command", output);
        Assert.Contains("or set Replicas to 0 to write without waiting", output);
        Assert.DoesNotContain("cannot reach Redis", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task A_wrong_password_let_in_as_the_default_user_stops_a_component_at_start_saying_so()
    {
        // The default user on with no password (Redis's own default), and an ACL user whose password is mistyped.
        await using var server = await PrivateRedis.StartAsync("--user", "app", "on", ">right-password", "~*", "&*", "+@all");
        var environment = new Dictionary<string, string?>
        {
            ["SCHEDULER_REDIS"] = $"127.0.0.1:{server.Port},user=app,password=wrong-password", ["Scheduler__Dashboard__Port"] = RedisServer.FreePort().ToString(),
        };

        var (code, output) = await ChildProcess.RunAsync("Scheduler.Beat", [], environment, TimeSpan.FromSeconds(60));

        Assert.True(code == 1, $"exited {code}: {output}");
        Assert.Contains("took the connection as user \"default\", not \"app\"", output);
        Assert.DoesNotContain("wrong-password", output);
    }

    [Fact]
    public async Task An_evicting_maxmemory_policy_is_warned_about_at_start_and_the_component_still_runs()
    {
        await using var server = await PrivateRedis.StartAsync("--maxmemory", "512mb", "--maxmemory-policy", "volatile-lru");
        await using var beat = ChildProcess.Start("Scheduler.Beat", [], Environment(server));

        await Eventually.WaitAsync(() => Task.FromResult(beat.Output), o => o.Contains("maxmemory-policy volatile-lru") || beat.HasExited,
            TimeSpan.FromSeconds(60), "the warning");

        Assert.False(beat.HasExited, beat.Output);
        Assert.Contains("Set maxmemory-policy noeviction", beat.Output);
    }
}
