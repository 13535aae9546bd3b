using Scheduler.Cli;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.EndToEnd;
using Scheduler.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.RedisDeployment;

/// <summary>Every component and the CLI against a Redis that only an ACL user with a password may use, given as a URL with a database.</summary>
public sealed class RedisAuthTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly string[] Components = ["Scheduler.Beat", "Scheduler.Worker", "Scheduler.Dashboard"];

    [Fact]
    public async Task Components_given_a_redis_url_with_acl_user_password_and_database_run_tasks_and_keep_every_key_in_that_database()
    {
        await using var server = await AclRedis.StartAsync();
        var url = $"redis://{AclRedis.User}:{AclRedis.Password}@127.0.0.1:{server.Port}/3";
        await using var redis = await RedisTestContext.CreateAsync("acl", url);
        await using var system = await ProcessSystem.StartAsync(redis, beats: 1, workers: 1);
        var client = redis.CreateClient();

        var task = await client.ScheduleAsync(new NotificationTask("through ACL"), "in 1 seconds");
        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t?.Status == ScheduleStatus.Completed, Patience, "the task to complete");

        // Scheduler's keys and Hangfire's both in database 3, nothing in 0: the /3 reached Hangfire's storage too.
        await using var direct = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var node = direct.GetServer("127.0.0.1", server.Port);
        Assert.Equal(0, await node.DatabaseSizeAsync(0));
        var keys = new List<string>();
        await foreach (var key in node.KeysAsync(database: 3, pattern: "*", pageSize: 1000)) keys.Add(key!);
        Assert.Contains(keys, k => k.StartsWith(redis.KeyPrefix, StringComparison.Ordinal));
        Assert.Contains(keys, k => k.StartsWith(redis.HangfirePrefix, StringComparison.Ordinal));

        var byUrl = await RunCliAsync(url, redis.KeyPrefix, "info", task.Id);
        Assert.True(byUrl.Code == 0, byUrl.Err);
        Assert.Contains("through ACL", byUrl.Out);
        var byNative = await RunCliAsync($"{server.ConnectionString},defaultDatabase=3", redis.KeyPrefix, "list");
        Assert.True(byNative.Code == 0, byNative.Err);
        Assert.Contains(task.Id, byNative.Out);
        Assert.Empty(system.Exited);
    }

    [Fact]
    public async Task A_password_holding_a_comma_given_to_the_cli_with_redis_is_not_shown_in_part_by_its_errors()
    {
        // StackExchange.Redis's syntax ends the password at the comma and reads the rest as an endpoint; the errors,
        // --verbose's endpoint line among them, once showed that rest ("password=*****,Secret8").
        await using var server = await AclRedis.StartAsync();

        var (code, output) = await ChildProcess.RunAsync("Scheduler.Cli",
            ["list", "--verbose", "--redis", $"127.0.0.1:{server.Port},user={AclRedis.User},password=Top,Secret8"],
            new Dictionary<string, string?> { ["SCHEDULER_VERIFY"] = "false" }, TimeSpan.FromSeconds(60));

        Assert.True(code == ExitCodes.RedisUnreachable, $"exited {code}: {output}");
        Assert.Contains("password=*****", output);
        Assert.DoesNotContain("Secret8", output);
    }

    [Fact]
    public async Task A_wrong_password_stops_every_component_and_the_cli_at_start_with_a_message_that_does_not_show_it()
    {
        await using var server = await AclRedis.StartAsync();
        const string wrong = "not-The-Password-42";
        var connection = $"127.0.0.1:{server.Port},user={AclRedis.User},password={wrong}";

        var runs = Components.Select(project => ChildProcess.RunAsync(project, [],
            new Dictionary<string, string?> { ["SCHEDULER_REDIS"] = connection, ["Scheduler__Dashboard__Port"] = RedisServer.FreePort().ToString() },
            TimeSpan.FromSeconds(60)));
        var results = await Task.WhenAll(runs);
        var cli = await RunCliAsync($"redis://{AclRedis.User}:{wrong}@127.0.0.1:{server.Port}/0", "scheduler:", "list");

        foreach (var (project, (code, output)) in Components.Zip(results))
        {
            Assert.True(code == 1, $"{project} exited {code}: {output}");
            Assert.Contains("refused the credentials", output);
            Assert.Contains("password=*****", output);
            Assert.DoesNotContain(wrong, output);
        }
        Assert.Equal(ExitCodes.RedisUnreachable, cli.Code);
        Assert.Contains("refused the credentials", cli.Err);
        Assert.DoesNotContain(wrong, cli.Err + cli.Out);
    }

    [Fact]
    public async Task The_cli_accepts_a_plain_redis_url_where_it_used_to_answer_cannot_reach_redis()
    {
        var hostPort = (await RedisServer.GetConnectionStringAsync()).Split(',')[0];
        await using var redis = await RedisTestContext.CreateAsync("url-cli");
        var task = await redis.CreateClient().ScheduleAsync(new NotificationTask("by url"), "in 2 hours");

        // --redis wins over the environment, which points nowhere.
        var listed = await RunCliAsync("127.0.0.1:1", redis.KeyPrefix, "list", "--redis", $"redis://{hostPort}/0");
        var bad = await RunCliAsync("127.0.0.1:1", redis.KeyPrefix, "list", "--redis", $"redis://{hostPort}/zero");

        Assert.True(listed.Code == 0, listed.Err);
        Assert.Contains(task.Id, listed.Out);
        Assert.Equal(ExitCodes.BadInput, bad.Code);
        Assert.Contains("database \"zero\"", bad.Err);
    }

    internal static Task<(int Code, string Out, string Err)> RunCliAsync(string connection, string prefix, params string[] args) =>
        InProcessCli.RunAsync(InProcessCli.Environment(connection, prefix), args);
}
