using System.Text.Json.Nodes;
using Scheduler.Cli;
using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Cli;

/// <summary>
/// The dashboard's list order and Flow control page on the command line: <c>list --sort</c> takes REST's sort keys,
/// <c>flow</c> shows what the page shows and, with <c>--json</c>, REST's <c>GET /api/flow</c> document.
/// </summary>
public sealed class CliSortAndFlowTests
{
    private static readonly NotificationTask Hello = new("hi");

    private static List<string> Ids(string json) => [.. JsonNode.Parse(json)!.AsArray().Select(t => (string)t!["id"]!)];

    [Fact]
    public async Task List_sort_orders_by_the_rest_keys_with_a_dash_for_descending_and_says_on_stderr_that_more_match()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-sort");
        var client = redis.CreateClient();
        await client.ScheduleAsync(Hello, "in 3 hours", new ScheduleOptions { Id = "c", Name = "Bravo" });
        await client.ScheduleAsync(Hello, "in 1 hour", new ScheduleOptions { Id = "a", Name = "charlie" });
        await client.ScheduleAsync(Hello, "in 2 hours", new ScheduleOptions { Id = "b", Name = "alpha" });

        var byName = await InProcessCli.RunAsync(redis, "list", "--sort", "name", "--json");
        Assert.Equal(ExitCodes.Ok, byName.Code);
        Assert.Equal(["b", "c", "a"], Ids(byName.Out));
        var latestFirst = await InProcessCli.RunAsync(redis, "list", "--sort", "-next", "--limit", "2", "--json");
        Assert.Equal(["c", "b"], Ids(latestFirst.Out));
        Assert.Contains("more tasks match: these are 1 to 2; the next ones: --offset 2", latestFirst.Err);
        var last = await InProcessCli.RunAsync(redis, "list", "--sort=-next", "--limit", "2", "--offset", "2", "--json");
        Assert.Equal(["a"], Ids(last.Out));
        Assert.Equal("", last.Err);
        var filtered = await InProcessCli.RunAsync(redis, "list", "--sort", "next", "--name", "ha", "--json");
        Assert.Equal(["a", "b"], Ids(filtered.Out));
    }

    [Fact]
    public async Task List_sort_with_an_unknown_key_is_bad_input_naming_the_accepted_keys()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-sort-bad");
        var result = await InProcessCli.RunAsync(redis, "list", "--sort", "newest");
        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Contains("--sort \"newest\" is not a sort key; expected one of name, type, status, next, last, outcome, runs, created, each with a leading '-' for descending", result.Err);
    }

    [Fact]
    public async Task Flow_shows_each_concurrency_key_with_its_holders_each_rate_budget_and_each_pending_debounce_and_json_is_the_rest_document()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-flow");
        var client = redis.CreateClient();
        await client.ScheduleAsync(Hello, "every 5 minutes", new ScheduleOptions { Id = "db-job", Concurrency = new ConcurrencyLimit("db", 2) });
        await client.ScheduleAsync(Hello, "every 1 hour", new ScheduleOptions { Id = "api-job", RateLimit = new RateLimit("api", 5, TimeSpan.FromMinutes(1)) });
        var debounced = await client.ScheduleAsync(Hello, "in 10 minutes", new ScheduleOptions { Debounce = new Debounce("reindex", TimeSpan.FromSeconds(5)) });
        // A run holding one of db's slots, as the worker's gate writes it.
        await redis.Redis.GetDatabase().SortedSetAddAsync($"{redis.KeyPrefix}flow:slots:db", "run-1", DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds());

        var text = await InProcessCli.RunAsync(redis, "flow");
        Assert.Equal(ExitCodes.Ok, text.Code);
        Assert.Matches(@"(?m)^db\s+2\s+1\s+0\s+db-job$", text.Out);
        Assert.Matches(@"(?m)^api\s+5 per 1m\s+0/5\s+0\s+-\s+api-job$", text.Out);
        Assert.Matches($@"(?m)^reindex\s+5s\s+{debounced.Id} ", text.Out);

        var json = await InProcessCli.RunAsync(redis, "flow", "--json");
        var document = JsonNode.Parse(json.Out)!;
        var line = document["concurrency"]!.AsArray().Single()!;
        Assert.Equal(("db", 2, "run-1", "db-job"), ((string)line["key"]!, (int)line["limit"]!, (string)line["holding"]![0]!["runId"]!, (string)line["tasks"]![0]!["id"]!));
        Assert.Equal(("api", "1m"), ((string)document["rates"]![0]!["key"]!, (string)document["rates"]![0]!["per"]!));
        Assert.Equal(debounced.Id, (string)document["debounces"]![0]!["taskId"]!);
    }

    [Fact]
    public async Task Flow_with_no_limit_set_says_so_in_one_line()
    {
        await using var redis = await RedisTestContext.CreateAsync("cli-flow-none");
        await redis.CreateClient().ScheduleAsync(Hello, "every 1 hour");
        var result = await InProcessCli.RunAsync(redis, "flow");
        Assert.Equal((ExitCodes.Ok, "no flow limits set and nothing held: no task sets a concurrency or rate limit or a debounce, and no run waits or is queued"), (result.Code, result.Out.Trim()));
    }
}
